#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// TPI sessions: id → job number, with an idle lifetime.
struct SessionStore: Sendable {
    struct Session: Sendable {
        var job: String
        var lastUsed: Date
    }

    var sessions: [String: Session] = [:]
    let lifetime: Duration

    mutating func create(job: String, now: Date) -> String {
        let id = UUID().uuidString.lowercased()
        self.sessions[id] = Session(job: job, lastUsed: now)
        return id
    }

    /// The session's job number, refreshing its use time; `nil` when unknown or expired.
    mutating func use(_ id: String, now: Date) -> String? {
        guard var session = self.sessions[id] else { return nil }
        let seconds = Double(self.lifetime.components.seconds)
        if now.timeIntervalSince(session.lastUsed) > seconds {
            self.sessions[id] = nil
            return nil
        }
        session.lastUsed = now
        self.sessions[id] = session
        return session.job
    }

    mutating func expire(_ id: String) { self.sessions[id] = nil }
}
