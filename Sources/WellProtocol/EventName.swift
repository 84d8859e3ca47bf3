/// The `eventName` of a pushed event (docs/protocol.md §8.4), as an open set of string constants.
///
/// Unknown names from newer servers are kept as they are (`EventName(rawValue:)` never fails).
public struct EventName: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name as it appears on the wire.
    public let rawValue: String

    /// Wraps any name.
    @inlinable
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a literal name.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// Decodes a bare JSON string.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    /// Encodes a bare JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
    /// The wire name.
    public var description: String { self.rawValue }

    // MARK: - agent events (eventType "agent")
    /// The agent logged on; `agentMode` is the initial mode.
    public static let agentLoggedOn: EventName = "agentLoggedOn"
    /// The agent logged off; `agentMode` is `Logout`.
    public static let agentLoggedOff: EventName = "agentLoggedOff"
    /// The agent is Ready.
    public static let agentReady: EventName = "agentReady"
    /// The agent is NotReady (`reason` says why).
    public static let agentNotReady: EventName = "agentNotReady"
    /// After-call work (`agentMode` `WorkNotReady`).
    public static let agentWorkingAfterCall: EventName = "agentWorkingAfterCall"
    /// The server pre-allocated this Ready agent for an outbound campaign.
    public static let agentAllocated: EventName = "agentAllocated"

    // MARK: - call events (eventType "csta")
    /// The originator went off-hook (makeCall only, always first).
    public static let serviceInitiated: EventName = "serviceInitiated"
    /// The originator dialled (makeCall only, right after serviceInitiated).
    public static let originated: EventName = "originated"
    /// A device rings (`alertingDevice`).
    public static let delivered: EventName = "delivered"
    /// A device answered (`answeringDevice`).
    public static let established: EventName = "established"
    /// A device left the call (`releasingDevice`).
    public static let connectionCleared: EventName = "connectionCleared"
    /// A transfer completed.
    public static let transferred: EventName = "transferred"
    /// A conference formed or grew.
    public static let conferenced: EventName = "conferenced"
    /// A device put the call on hold (`holdingDevice`).
    public static let held: EventName = "held"
    /// A device took the call off hold (`retrievingDevice`).
    public static let retrieved: EventName = "retrieved"
    /// Recording started.
    public static let recordStarted: EventName = "recordStarted"
    /// Recording stopped.
    public static let recordStopped: EventName = "recordStopped"
    /// Call-progress analysis reported a failure (`failedCode`).
    public static let failed: EventName = "failed"
    /// Media-channel noise; clients ignore it.
    public static let channelStateChanged: EventName = "ChannelStateChangedEvent"

    /// Every name of the catalogue (docs/protocol.md §8.4).
    public static let known: [EventName] = [
        .agentLoggedOn, .agentLoggedOff, .agentReady, .agentNotReady, .agentWorkingAfterCall, .agentAllocated,
        .serviceInitiated, .originated, .delivered, .established, .connectionCleared, .transferred,
        .conferenced, .held, .retrieved, .recordStarted, .recordStopped, .failed, .channelStateChanged,
    ]

    /// Whether this is an agent-state event (`eventType` `agent`) rather than a call event (`csta`).
    public var isAgentEvent: Bool { self.rawValue.hasPrefix("agent") }

    /// The `eventType` the server puts on this event: `agent` or `csta`.
    public var eventType: String { self.isAgentEvent ? "agent" : "csta" }

    /// The server-side class name carried in `_type`, e.g. `component.cti.event.AgentLoggedOnEvent`.
    public var serverTypeName: String {
        let base =
            self.rawValue.hasSuffix("Event")
            ? self.rawValue
            : self.rawValue.prefix(1).uppercased()
                + self.rawValue.dropFirst() + "Event"
        return "component.cti.event." + base
    }
}
