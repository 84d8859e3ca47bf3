#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// A snapshot of the client's call model (`getCallMemory()`): the agent's state and every call
/// this device is part of, with their parties. A value: Codable, comparable, printable as JSON.
public struct CallMemory: Sendable, Equatable, Codable {
    /// The agent's state as the client knows it.
    public var agent: AgentSnapshot
    /// Calls this device is part of, oldest first.
    public var calls: [Call]

    /// Creates an empty memory for `deviceId`.
    public init(agent: AgentSnapshot, calls: [Call] = []) {
        self.agent = agent
        self.calls = calls
    }

    /// The call with `callId`.
    public func call(_ callId: String) -> Call? {
        self.calls.first { $0.callId == callId }
    }

    /// The id of the only call, when exactly one exists (the seed's `getCallId()`).
    public var onlyCallId: String? {
        self.calls.count == 1 ? self.calls[0].callId : nil
    }

    /// The call whose own leg is held, when there is one.
    public var heldCall: Call? {
        self.calls.first { $0.ownState == .held }
    }

    /// The newest call whose own leg is not held (the active line).
    public var activeCall: Call? {
        self.calls.last { $0.ownState != .held }
    }

    /// The snapshot as JSON text (sorted keys).
    public func jsonString(pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension CallMemory {
    /// The agent part of the snapshot.
    public struct AgentSnapshot: Sendable, Equatable, Codable {
        /// `jobNumber@domain`.
        public var agentId: String
        /// `extension@domain` (our device).
        public var deviceId: String
        /// Whether `agentLoggedOn` (or a recovery) was seen and no `agentLoggedOff` since.
        public var loggedIn: Bool
        /// The last `agentMode` reported (`Ready`, `NotReady`, `WorkNotReady`, `Allocated`, `Logout`).
        public var mode: String?
        /// The `reason` of the last `agentNotReady`.
        public var reason: String?
        /// Whether the agent is pre-allocated (`agentAllocated` not yet followed by an agent-state event).
        public var allocated: Bool
        /// A requested mode change the server deferred (`pendingMode`), until the next agent-state event.
        public var pendingMode: String?

        /// Creates the agent part.
        public init(
            agentId: String, deviceId: String, loggedIn: Bool = false, mode: String? = nil, reason: String? = nil,
            allocated: Bool = false, pendingMode: String? = nil
        ) {
            self.agentId = agentId
            self.deviceId = deviceId
            self.loggedIn = loggedIn
            self.mode = mode
            self.reason = reason
            self.allocated = allocated
            self.pendingMode = pendingMode
        }
    }

    /// One call.
    public struct Call: Sendable, Equatable, Codable {
        /// `callId`.
        public var callId: String
        /// Every party known in the call (our device included), in order of appearance.
        public var parties: [Party]
        /// `callingDevice` (who is calling).
        public var callingDevice: String?
        /// `calledDevice`.
        public var calledDevice: String?
        /// How this call reached this device.
        public var origin: Origin
        /// Whether the call became a conference.
        public var isConferenced: Bool
        /// Devices added by a conference.
        public var addedDevices: [String]
        /// `eventTime` of the first event of the call.
        public var createdAt: String?
        /// `eventTime` of the first `established`.
        public var establishedAt: String?
        /// `userData` from `delivered`/`established`.
        public var userData: JSONValue?
        /// Whether recording is known to run (`recordStarted` / `recordStopped`).
        public var recording: Bool?

        /// Our own device's party.
        public var ownParty: Party? { self.parties.first { $0.isOwn } }
        /// Our own connection state.
        public var ownState: ConnectionState? { self.ownParty?.state }
        /// Whether our device is the caller.
        public var isCalling: Bool { self.ownParty?.isCalling ?? false }
        /// The other parties.
        public var otherParties: [Party] { self.parties.filter { !$0.isOwn } }

        /// The party for `deviceId`.
        public func party(_ deviceId: String) -> Party? { self.parties.first { $0.deviceId == deviceId } }
    }

    /// One party (connection) of a call.
    public struct Party: Sendable, Equatable, Codable {
        /// The device (`8002@demo.cc`, or an outside number `13800138000@demo.cc`).
        public var deviceId: String
        /// The connection state as far as the events tell.
        public var state: ConnectionState
        /// Whether this party placed the call.
        public var isCalling: Bool
        /// Whether this is our own device.
        public var isOwn: Bool
    }

    /// How a call reached this device.
    public enum Origin: String, Sendable, Equatable, Codable {
        /// This device dialled it (makeCall).
        case dialed
        /// This device dialled it while another call was up (a consult leg).
        case consult
        /// Another device called this one (including transfers and conference invitations).
        case received
        /// Rebuilt from `client-state` after a restart or reconnect.
        case recovered
    }
}

/// The state of one connection (the wire's `localState` vocabulary).
public enum ConnectionState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Off-hook / dialling (`Initiate`; the seed's `originated`).
    case initiated = "Initiate"
    /// Ringing (`Alerting`; the seed's `delivered`).
    case alerting = "Alerting"
    /// Talking (`Connect`; the seed's `connected`).
    case connected = "Connect"
    /// On hold (`Hold`).
    case held = "Hold"
    /// Failed (`Fail`, call-progress analysis).
    case failed = "Fail"

    /// The seed's callMemory name for this state.
    public var legacyName: String {
        switch self {
        case .initiated: "originated"
        case .alerting: "delivered"
        case .connected: "connected"
        case .held: "held"
        case .failed: "failed"
        }
    }

    /// Parses a wire `localState` / client-state `state` value.
    public init?(wire: String) {
        switch wire.lowercased() {
        case "initiate", "initiated", "originated": self = .initiated
        case "alerting", "delivered", "ringing": self = .alerting
        case "connect", "connected", "established": self = .connected
        case "hold", "held": self = .held
        case "fail", "failed": self = .failed
        default: return nil
        }
    }
}
