#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the agent knows that the panel item shows: the input of ``TrayView``.
///
/// The agent builds one from its login, link and call state after every change; the tray
/// never reads the agent itself, so the model is tested without a bus or a server.
public struct TrayState: Sendable, Equatable {
    /// Where the session stands.
    public enum Session: Sendable, Equatable {
        /// No usable config file.
        case notConfigured
        /// A login is running (first login, retry or relogin).
        case loggingIn
        /// Not logged in (logged out, or the login failed).
        case loggedOut
        /// Logged in, but the event link to the server is down.
        case linkDown
        /// Logged in with the link up.
        case loggedIn
    }

    /// The agent's mode on the server while logged in.
    public enum Mode: Sendable, Equatable {
        case ready
        /// Not Ready, with the reason given (empty: none).
        case notReady(reason: String)
        /// After-call work (`WorkNotReady`) since `since` (nil: unknown), ending at `until`
        /// when the server's wrap-up time is known.
        case afterCallWork(since: Date?, until: Date?)
        /// Pre-allocated for an outbound campaign.
        case allocated
        /// A mode this model does not know (shown by name).
        case other(String)
    }

    /// A call ringing at our device.
    public struct Ringing: Sendable, Equatable {
        public var callId: String
        /// The caller's number (empty: unknown).
        public var caller: String
        /// The queue it came through, if any.
        public var queue: String?

        public init(callId: String, caller: String, queue: String? = nil) {
            self.callId = callId
            self.caller = caller
            self.queue = queue
        }
    }

    /// The call we are on (talking, dialling out, or holding).
    public struct Active: Sendable, Equatable {
        public var callId: String
        /// The other party's number (empty: unknown).
        public var party: String
        /// Our leg is on hold.
        public var held: Bool
        /// More than two parties.
        public var conference: Bool
        /// We dialled and the far end has not answered yet.
        public var dialling: Bool
        /// When the call was answered (nil: not yet, or unknown).
        public var since: Date?

        public init(callId: String, party: String, held: Bool = false, conference: Bool = false, dialling: Bool = false, since: Date? = nil) {
            self.callId = callId
            self.party = party
            self.held = held
            self.conference = conference
            self.dialling = dialling
            self.since = since
        }
    }

    public var session: Session
    /// The agent's job number (nil before the config is read).
    public var agentId: String?
    /// The agent's extension.
    public var extensionNumber: String?
    /// The mode (nil while not logged in or not yet reported).
    public var mode: Mode?
    /// A call ringing here, if any.
    public var ringing: Ringing?
    /// The call we are on, if any.
    public var active: Active?
    /// Missed calls not yet looked at.
    public var missedCalls: Int
    /// The reasons offered under "Not Ready" (from the config file).
    public var notReadyReasons: [String]

    public init(
        session: Session, agentId: String? = nil, extensionNumber: String? = nil, mode: Mode? = nil,
        ringing: Ringing? = nil, active: Active? = nil, missedCalls: Int = 0, notReadyReasons: [String] = []
    ) {
        self.session = session
        self.agentId = agentId
        self.extensionNumber = extensionNumber
        self.mode = mode
        self.ringing = ringing
        self.active = active
        self.missedCalls = missedCalls
        self.notReadyReasons = notReadyReasons
    }

    /// The server's `agentMode` and `reason` as a ``Mode`` (`Logout` and nil: none).
    public static func mode(agentMode: String?, reason: String?, since: Date? = nil, until: Date? = nil) -> Mode? {
        switch agentMode {
        case nil, "Logout"?, "Unknown"?: nil
        case "Ready"?: .ready
        case "NotReady"?: .notReady(reason: reason ?? "")
        case "WorkNotReady"?: .afterCallWork(since: since, until: until)
        case "Allocated"?: .allocated
        case let other?: .other(other)
        }
    }
}
