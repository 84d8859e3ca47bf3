/// One method of the agent's D-Bus surface.
///
/// This enum is the one description of the interface: the introspection XML
/// (``ControlInterface/introspectionXML``), the agent's method table and its router (an
/// exhaustive `switch` over the cases) and ``AgentControlClient``'s calls are all made from it,
/// so a method cannot be served without being declared, or declared with another signature than
/// the one the client sends.
public enum ControlMethod: String, CaseIterable, Sendable {
    // cc.wellcloud.WellClient1
    case dial = "Dial"
    case placeCall = "PlaceCall"
    case answer = "Answer"
    case hangUp = "HangUp"
    case hold = "Hold"
    case retrieve = "Retrieve"
    case singleStepTransfer = "SingleStepTransfer"
    case singleStepConference = "SingleStepConference"
    case consult = "Consult"
    case conference = "Conference"
    case cancelConsult = "CancelConsult"
    case transfer = "Transfer"
    case setCallData = "SetCallData"
    case getCallData = "GetCallData"
    case setAgentMode = "SetAgentMode"
    case login = "Login"
    case logout = "Logout"
    case status = "Status"
    case browserSettings = "BrowserSettings"
    case panelURL = "PanelURL"
    case history = "History"
    case missedCount = "MissedCount"
    case markMissedSeen = "MarkMissedSeen"
    case clearHistory = "ClearHistory"
    // org.freedesktop.Application
    case activate = "Activate"
    case open = "Open"
    case activateAction = "ActivateAction"

    /// One named argument of a method or signal.
    public struct Argument: Sendable, Hashable {
        /// The name shown in introspection.
        public let name: String
        /// The D-Bus type signature of this one argument.
        public let type: String

        init(_ name: String, _ type: String) {
            self.name = name
            self.type = type
        }
    }

    /// The member name on the bus (`Dial`, `HangUp`, …).
    public var name: String { self.rawValue }

    /// The interface the method belongs to.
    public var interface: String {
        switch self {
        case .activate, .open, .activateAction: ControlInterface.applicationInterface
        default: ControlInterface.interface
        }
    }

    /// The input arguments, in order.
    public var inputs: [Argument] {
        let call = Argument("call_id", "s"), number = Argument("number", "s")
        let pair = [Argument("held_call_id", "s"), Argument("consult_call_id", "s")]
        let platformData = Argument("platform_data", "a{sv}")
        switch self {
        case .dial, .placeCall: return [number]
        case .answer, .hangUp, .hold, .retrieve, .getCallData: return [call]
        case .singleStepTransfer, .consult: return [call, number]
        case .singleStepConference: return [call, number, Argument("participation", "s")]
        case .conference, .cancelConsult, .transfer: return pair
        case .setCallData: return [call, Argument("data", "a{ss}")]
        case .setAgentMode: return [Argument("mode", "s"), Argument("reason", "s")]
        case .login, .logout, .status, .browserSettings, .panelURL, .missedCount, .markMissedSeen, .clearHistory: return []
        case .history: return [Argument("limit", "u")]
        case .activate: return [platformData]
        case .open: return [Argument("uris", "as"), platformData]
        case .activateAction: return [Argument("action_name", "s"), Argument("parameter", "av"), platformData]
        }
    }

    /// The output arguments, in order.
    public var outputs: [Argument] {
        switch self {
        case .dial: [Argument("call_id", "s")]
        case .placeCall: [Argument("call_id", "s"), Argument("dialled", "s")]
        case .consult: [Argument("consult_call_id", "s")]
        case .getCallData: [Argument("data", "a{ss}")]
        case .status, .browserSettings, .history: [Argument("json", "s")]
        case .panelURL: [Argument("url", "s")]
        case .missedCount: [Argument("count", "u")]
        case .clearHistory: [Argument("removed", "u")]
        default: []
        }
    }

    /// How long a caller waits for the agent's reply. It must outlast the longest the agent can
    /// take, or a caller reports "no answer" for an operation that then goes ahead: a dial may
    /// wait for a login in progress (15 s), then for the user's Call/Cancel (30 s), then for the
    /// server (10 s); a login may wait for the Force/Cancel question (30 s) and the server's
    /// replies. Every other method waits at most for a login in progress and one request.
    public var replyTimeout: Duration {
        switch self {
        case .dial, .placeCall, .login: .seconds(75)
        default: .seconds(30)
        }
    }

    /// The concatenated input types (`"ss"`, `""` for none).
    public var inputSignature: String { self.inputs.map(\.type).joined() }
    /// The concatenated output types.
    public var outputSignature: String { self.outputs.map(\.type).joined() }

    /// The method `member` of `interface`; a call without an interface (D-Bus allows it) is
    /// matched by member name alone, which is unique across our two interfaces.
    public init?(interface: String?, member: String) {
        guard let method = ControlMethod(rawValue: member) else { return nil }
        if let interface, interface != method.interface { return nil }
        self = method
    }
}

/// A signal the agent emits on ``ControlInterface/objectPath``.
public enum ControlSignal: String, CaseIterable, Sendable {
    case callStateChanged = "CallStateChanged"
    case agentStateChanged = "AgentStateChanged"
    case event = "Event"

    /// The signal's arguments, in order.
    public var arguments: [ControlMethod.Argument] {
        switch self {
        case .callStateChanged: [.init("call_id", "s"), .init("state", "s"), .init("json", "s")]
        case .agentStateChanged: [.init("state", "s"), .init("json", "s")]
        case .event: [.init("name", "s"), .init("json", "s")]
        }
    }
}
