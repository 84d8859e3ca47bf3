/// One REST operation of the wellClient CSTA API (docs/protocol.md §5), as data.
///
/// ``CSTAOperation/all`` is the single table both the client (to build requests, see
/// ``CSTARequest``) and the simulator (to route and parse them, see ``match(method:target:)``)
/// read, so routes and requests cannot drift apart.
///
/// Path templates name their parameters in braces: `{callId}`, `{deviceId}`, `{agentId}`,
/// `{domain}`, `{key}`. A segment `{deviceId}%7C{callId}` is a connection id. A `?name={param}`
/// suffix is a query parameter.
public struct CSTAOperation: Sendable, Hashable, CustomStringConvertible {
    /// HTTP methods the API uses.
    public enum Method: String, Sendable, Hashable {
        /// GET
        case get = "GET"
        /// POST
        case post = "POST"
        /// DELETE
        case delete = "DELETE"
    }

    /// The client API name (e.g. `answerCall`).
    public let name: String
    /// The HTTP method.
    public let method: Method
    /// The path template (see the type's discussion).
    public let pathTemplate: String
    /// Body members with a fixed value, e.g. `func: Login` for the agent-state operations.
    public let fixedBody: [String: String]
    /// Body members the server requires.
    public let requiredBodyKeys: [String]
    /// Body members the server accepts in addition.
    public let optionalBodyKeys: [String]
    /// Whether a JSON body is sent at all.
    public var hasBody: Bool { !self.fixedBody.isEmpty || !self.requiredBodyKeys.isEmpty || !self.optionalBodyKeys.isEmpty }

    init(
        _ name: String, _ method: Method, _ pathTemplate: String, fixed: [String: String] = [:],
        required: [String] = [], optional: [String] = []
    ) {
        self.name = name
        self.method = method
        self.pathTemplate = pathTemplate
        self.fixedBody = fixed
        self.requiredBodyKeys = required
        self.optionalBodyKeys = optional
    }

    /// `METHOD template`.
    public var description: String { "\(self.method.rawValue) \(self.pathTemplate)" }
}

extension CSTAOperation {
    static let calls = "/api/csta/callControl/calls"
    static let connection = calls + "/{callId}/connections/{deviceId}%7C{callId}"

    // MARK: - session and agent state (docs/protocol.md §3, §4)
    /// `Login`: `{loginId, device, password, agentMode, sessionId?}` → 204 + agentLoggedOn.
    public static let agentLogin = CSTAOperation(
        "agentLogin", .post, "/api/csta/agent/state", fixed: ["func": "Login"],
        required: ["loginId", "device"], optional: ["password", "agentMode", "sessionId", "namespace"])
    /// `Logout`: `{agentId | device+namespace, sessionId?}` → 204 + agentLoggedOff. Also forceLogout.
    public static let agentLogout = CSTAOperation(
        "agentLogout", .post, "/api/csta/agent/state", fixed: ["func": "Logout"],
        optional: ["agentId", "loginId", "device", "namespace", "sessionId"])
    /// `SetState`: `{device, agentMode, namespace, reason, agentId|loginId}` → 204 or 200 `{pendingMode}`.
    /// Also forceReady / forceNotReady.
    public static let agentSetState = CSTAOperation(
        "setAgentMode", .post, "/api/csta/agent/state", fixed: ["func": "SetState"],
        required: ["agentMode"], optional: ["device", "namespace", "reason", "agentId", "loginId"])
    /// Heartbeat for a logged-in agent; no body.
    public static let heartbeat = CSTAOperation("heartbeat", .post, "/api/csta/agent/heartbeat/{agentId}")
    /// The server's view of the session's agent and its active call (recovery, docs/protocol.md §10).
    public static let clientState = CSTAOperation("getClientState", .get, "/api/csta/agent/client-state")

    // MARK: - call control (docs/protocol.md §5.2)
    /// `{from, to, …}` → 200 `{"callId": …}`.
    public static let makeCall = CSTAOperation(
        "makeCall", .post, calls, required: ["from", "to"],
        optional: ["originForDisplay", "destForDisplay", "cpa", "contextId"])
    /// Answer a ringing connection.
    public static let answerCall = CSTAOperation("answerCall", .post, connection + "/answer")
    /// Clear a connection (hang up); with another device: forceDrop.
    public static let dropConnection = CSTAOperation("dropConnection", .delete, connection)
    /// Hold.
    public static let holdCall = CSTAOperation("holdCall", .post, connection + "/hold")
    /// Retrieve a held call.
    public static let retrieveCall = CSTAOperation("retrieveCall", .post, connection + "/retrieve")
    /// `{transferTo}`; with another device: forceTake.
    public static let singleStepTransfer = CSTAOperation(
        "singleStepTransfer", .post, connection + "/singleStepTransfer", required: ["transferTo"])
    /// `{conferenceParticipant, participationType}`; with another device: forceJoin.
    public static let singleStepConference = CSTAOperation(
        "singleStepConference", .post, connection + "/singleStepConference",
        required: ["conferenceParticipant"], optional: ["participationType"])
    /// `{consultationParticipant}` on the call to be held → 200 `{"callId": consult call}`.
    public static let consult = CSTAOperation(
        "consult", .post, connection + "/consult", required: ["consultationParticipant"])
    /// `{consultCallId}` on the held call.
    public static let conference = CSTAOperation("conference", .post, connection + "/conference", required: ["consultCallId"])
    /// `{consultCallId}` on the held call.
    public static let cancelConsult = CSTAOperation(
        "cancelConsult", .post, connection + "/cancelConsult", required: ["consultCallId"])
    /// `{consultCallId}` on the held call.
    public static let transferCall = CSTAOperation("transferCall", .post, connection + "/transfer", required: ["consultCallId"])
    /// `{consultCallId}`: transfer, and the call returns when the target finishes.
    public static let transferWaitReturn = CSTAOperation(
        "transferWaitReturn", .post, connection + "/transferAndWait", required: ["consultCallId"])
    /// `{transferTo}`: park (e.g. to an IVR) and come back.
    public static let singleTransferWaitReturn = CSTAOperation(
        "singleTransferWaitReturn", .post, connection + "/singleStepTransferCallAndWait", required: ["transferTo"])

    // MARK: - call data, supervision, recording, misc (docs/protocol.md §5.2, §5.3)
    /// `{entries: [{key, value}]}`.
    public static let setCallData = CSTAOperation("setCallData", .post, calls + "/{callId}/user-data", required: ["entries"])
    /// The call's user data (`{key}` empty = all).
    public static let getCallData = CSTAOperation("getCallData", .get, calls + "/{callId}/user-data/{key}")
    /// Silent monitoring with `deviceId` (forceListen); no body.
    public static let spy = CSTAOperation("forceListen", .post, calls + "/{callId}/spy?deviceId={deviceId}")
    /// `{agentId, deviceId}`: play the agent's greeting to the caller.
    public static let agentGreeting = CSTAOperation(
        "agentGreeting", .post, calls + "/{callId}/agentGreeting", optional: ["agentId", "deviceId"])
    /// Start recording the extension's call; no body.
    public static let startRecording = CSTAOperation(
        "startRecording", .post, "/api/csta/callControl/recording/Start?extension={deviceId}")
    /// Stop recording the extension's call; no body.
    public static let stopRecording = CSTAOperation(
        "stopRecording", .post, "/api/csta/callControl/recording/Stop?extension={deviceId}")
    /// Release a pre-allocated (agentAllocated) agent; no body.
    public static let releaseAllocatedAgent = CSTAOperation(
        "releaseAllocatedAgent", .post, "/api/csta/outbound/release/{agentId}")
    /// `{"agentTrunks": [{"scanPrefix": "9"}]}`.
    public static let getMyPrefix = CSTAOperation(
        "getMyPrefix", .get, "/api/operation/operation/tenants/{domain}/agents/{agentId}")

    /// Every operation. Force operations reuse these with another device (docs/protocol.md §5.3):
    /// forceDrop = ``dropConnection``, forceJoin = ``singleStepConference``, forceTake =
    /// ``singleStepTransfer``, forceListen = ``spy``, forceReady/forceNotReady = ``agentSetState``,
    /// forceLogout = ``agentLogout``.
    public static let all: [CSTAOperation] = [
        .agentLogin, .agentLogout, .agentSetState, .heartbeat, .clientState,
        .makeCall, .answerCall, .dropConnection, .holdCall, .retrieveCall, .singleStepTransfer,
        .singleStepConference, .consult, .conference, .cancelConsult, .transferCall, .transferWaitReturn,
        .singleTransferWaitReturn, .setCallData, .getCallData, .spy, .agentGreeting, .startRecording,
        .stopRecording, .releaseAllocatedAgent, .getMyPrefix,
    ]
}
