#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The STOMP destination an agent's events are published to (docs/protocol.md §7.3).
public enum EventTopic: Sendable, Hashable, CustomStringConvertible {
    /// `/topic/event.agent.*.{loginId with . → _}` (3.10.13+, the default).
    case agent(loginId: String)
    /// `/topic/csta/agent/{loginId}` (SEED … 3.9.16).
    case legacyAgent(loginId: String)

    /// The prefix of the modern destination.
    public static let agentPrefix = "/topic/event.agent.*."
    /// The prefix of the legacy destination.
    public static let legacyPrefix = "/topic/csta/agent/"

    /// The destination string to SUBSCRIBE to.
    public var destination: String {
        switch self {
        case .agent(let loginId): Self.agentPrefix + Self.routingKey(loginId)
        case .legacyAgent(let loginId): Self.legacyPrefix + loginId
        }
    }

    /// The destination string.
    public var description: String { self.destination }

    /// The login id with every `.` replaced by `_` (`5001@demo.cc` → `5001@demo_cc`).
    public static func routingKey(_ loginId: String) -> String {
        loginId.replacing(".", with: "_")
    }

    /// Whether `destination` is this agent's modern or legacy topic.
    public static func destination(_ destination: String, matches loginId: String) -> Bool {
        destination == EventTopic.agent(loginId: loginId).destination
            || destination == EventTopic.legacyAgent(loginId: loginId).destination
    }

    /// The routing key a destination addresses, comparable with ``routingKey(_:)`` of a login id;
    /// `nil` for destinations that are not agent topics.
    public static func routingKey(ofDestination destination: String) -> String? {
        if destination.hasPrefix(Self.agentPrefix) {
            let key = String(destination.dropFirst(Self.agentPrefix.count))
            return key.isEmpty ? nil : key
        }
        if destination.hasPrefix(Self.legacyPrefix) {
            let loginId = String(destination.dropFirst(Self.legacyPrefix.count))
            return loginId.isEmpty ? nil : Self.routingKey(loginId)
        }
        return nil
    }
}
