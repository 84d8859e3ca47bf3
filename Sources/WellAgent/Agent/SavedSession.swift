#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellDesktopSupport

/// The TPI session kept on exit while a call is up (docs/desktop.md §6), so that the next start can
/// `recover(sessionId:)` instead of logging in afresh.
///
/// Stored as JSON at `$XDG_STATE_HOME/wellclient/session` (default `~/.local/state/…`), file
/// mode 0600 in a 0700 folder. The agent id and server URL are stored with it: a session is
/// only offered back to the same agent on the same server.
public struct SavedSession: Sendable, Equatable, Codable {
    /// The TPI `sessionId` (a credential: never logged).
    public var sessionId: String
    /// `jobNumber@domain`.
    public var agentId: String
    /// The CSTA base URL it belongs to.
    public var serverURL: String

    /// A session record.
    public init(sessionId: String, agentId: String, serverURL: String) {
        self.sessionId = sessionId
        self.agentId = agentId
        self.serverURL = serverURL
    }

    /// `$XDG_STATE_HOME/wellclient/session`, or `$HOME/.local/state/wellclient/session`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/wellclient/session" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/wellclient/session" }
        return nil
    }

    /// Reads the record at `path`; nil when absent, unreadable, not ours or readable by others.
    public static func load(from path: String) -> SavedSession? {
        guard let mode = AtomicFile.mode(of: path), mode & 0o077 == 0,
            let bytes = try? AtomicFile.read(path, limit: 16 * 1024)
        else { return nil }
        return try? JSONDecoder().decode(SavedSession.self, from: Data(bytes))
    }

    /// Writes the record (0600, atomically).
    public func save(to path: String) throws {
        let data = try JSONEncoder().encode(self)
        do {
            try AtomicFile.write(Array(data), to: path, mode: 0o600, directoryMode: 0o700)
        } catch {
            throw AgentConfigurationError(file: path, message: "cannot store the session: \(error.message)")
        }
    }

    /// Deletes the record at `path` (no error when absent).
    public static func remove(at path: String) {
        _ = try? AtomicFile.remove(path)
    }
}
