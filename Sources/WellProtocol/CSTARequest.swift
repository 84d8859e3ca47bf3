#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A ready-to-send REST request of the CSTA API, built from the ``CSTAOperation`` table.
///
/// ```swift
/// let request = try CSTARequest.answerCall(callId: id, deviceId: "8001@demo.cc")
/// // request.method == .post
/// // request.path == "/api/csta/callControl/calls/<id>/connections/8001@demo.cc%7C<id>/answer"
/// ```
public struct CSTARequest: Sendable, Hashable {
    /// The operation.
    public var operation: CSTAOperation
    /// The percent-encoded path and query, to append to the server's base URL.
    public var path: String
    /// The JSON body members (`nil` = no body).
    public var body: [String: JSONValue]?

    /// The HTTP method.
    public var method: CSTAOperation.Method { self.operation.method }

    /// Builds a request: renders the path and merges the operation's fixed body members.
    ///
    /// - Throws: ``CSTARequestError`` when a parameter or required body member is missing.
    public init(
        _ operation: CSTAOperation, parameters: [String: String] = [:], body: [String: JSONValue] = [:]
    ) throws(CSTARequestError) {
        self.operation = operation
        self.path = try operation.renderPath(parameters)
        if operation.hasBody {
            var merged = body
            for (key, value) in operation.fixedBody { merged[key] = .string(value) }
            for key in operation.requiredBodyKeys where merged[key] == nil { throw .missingBodyKey(key) }
            self.body = merged
        } else {
            self.body = nil
        }
    }

    /// The JSON body bytes (keys sorted), or `nil` when the operation sends none.
    public func bodyData() -> Data? {
        guard let body = self.body else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(body)
    }
}

extension CSTARequest {
    private static func strings(_ pairs: [String: String?]) -> [String: JSONValue] {
        pairs.compactMapValues { $0.map(JSONValue.string) }
    }

    // MARK: - agent state
    /// `Login` of `loginId` (`5001@demo.cc`) on `device` (`8001@demo.cc`).
    public static func login(
        loginId: String, device: String, password: String, agentMode: String = "NotReady", sessionId: String? = nil
    ) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(
            .agentLogin,
            body: Self.strings([
                "loginId": loginId, "device": device, "password": password, "agentMode": agentMode, "sessionId": sessionId,
            ]))
    }

    /// `Logout` of `agentId`; with `device` it is also forceLogout's body.
    public static func logout(agentId: String, device: String? = nil, sessionId: String? = nil) throws(CSTARequestError) -> CSTARequest {
        let namespace = device == nil ? nil : DeviceID(parsing: agentId)?.domain
        return try CSTARequest(
            .agentLogout,
            body: Self.strings([
                "agentId": agentId, "device": device, "namespace": namespace, "sessionId": sessionId,
                "loginId": device == nil ? nil : agentId,
            ]))
    }

    /// `SetState` (`Ready` / `NotReady` with an optional reason); also forceReady/forceNotReady.
    public static func setAgentMode(
        agentId: String, device: String, agentMode: String, reason: String = ""
    ) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(
            .agentSetState,
            body: Self.strings([
                "agentId": agentId, "loginId": agentId, "device": device, "agentMode": agentMode, "reason": reason,
                "namespace": DeviceID(parsing: agentId)?.domain,
            ]))
    }

    /// Heartbeat of `agentId`.
    public static func heartbeat(agentId: String) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(.heartbeat, parameters: ["agentId": agentId])
    }

    /// The session's client state.
    public static func clientState() throws(CSTARequestError) -> CSTARequest { try CSTARequest(.clientState) }

    // MARK: - calls
    /// Dial `to` from `from`.
    public static func makeCall(
        from: String, to: String, originForDisplay: String? = nil, destForDisplay: String? = nil,
        cpa: String? = nil, contextId: String? = nil
    ) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(
            .makeCall,
            body: Self.strings([
                "from": from, "to": to, "originForDisplay": originForDisplay, "destForDisplay": destForDisplay,
                "cpa": cpa, "contextId": contextId,
            ]))
    }

    /// An operation on `deviceId`'s connection to `callId` with no body (answer, drop, hold, retrieve).
    public static func connection(
        _ operation: CSTAOperation, callId: String, deviceId: String, body: [String: JSONValue] = [:]
    ) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(operation, parameters: ["callId": callId, "deviceId": deviceId], body: body)
    }

    /// Answer.
    public static func answerCall(callId: String, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.answerCall, callId: callId, deviceId: deviceId)
    }
    /// Hang up (forceDrop with another device).
    public static func dropConnection(callId: String, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.dropConnection, callId: callId, deviceId: deviceId)
    }
    /// Hold.
    public static func holdCall(callId: String, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.holdCall, callId: callId, deviceId: deviceId)
    }
    /// Retrieve.
    public static func retrieveCall(callId: String, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.retrieveCall, callId: callId, deviceId: deviceId)
    }
    /// Single-step transfer to `to` (forceTake with another device).
    public static func singleStepTransfer(callId: String, deviceId: String, to: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.singleStepTransfer, callId: callId, deviceId: deviceId, body: ["transferTo": .string(to)])
    }
    /// Single-step conference with `participant` (forceJoin with another device).
    public static func singleStepConference(
        callId: String, deviceId: String, participant: String, participationType: String = "Active"
    ) throws(CSTARequestError) -> CSTARequest {
        try .connection(
            .singleStepConference, callId: callId, deviceId: deviceId,
            body: [
                "conferenceParticipant": .string(participant), "participationType": .string(participationType),
            ])
    }
    /// Consult `participant`, holding `callId`.
    public static func consult(callId: String, deviceId: String, participant: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.consult, callId: callId, deviceId: deviceId, body: ["consultationParticipant": .string(participant)])
    }
    /// conference / cancelConsult / transferCall / transferWaitReturn: `operation` on the held call.
    public static func consultation(
        _ operation: CSTAOperation, heldCallId: String, consultCallId: String, deviceId: String
    ) throws(CSTARequestError) -> CSTARequest {
        try .connection(operation, callId: heldCallId, deviceId: deviceId, body: ["consultCallId": .string(consultCallId)])
    }
    /// Park with `to` and come back.
    public static func singleTransferWaitReturn(callId: String, deviceId: String, to: String) throws(CSTARequestError) -> CSTARequest {
        try .connection(.singleTransferWaitReturn, callId: callId, deviceId: deviceId, body: ["transferTo": .string(to)])
    }

    // MARK: - data and misc
    /// Set call data entries.
    public static func setCallData(callId: String, entries: [(key: String, value: String)]) throws(CSTARequestError) -> CSTARequest {
        let list = JSONValue.array(entries.map { .object(["key": .string($0.key), "value": .string($0.value)]) })
        return try CSTARequest(.setCallData, parameters: ["callId": callId], body: ["entries": list])
    }
    /// Get call data (`key` empty = all).
    public static func getCallData(callId: String, key: String = "") throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(.getCallData, parameters: ["callId": callId, "key": key])
    }
    /// Monitor `callId` with `deviceId` (forceListen).
    public static func spy(callId: String, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(.spy, parameters: ["callId": callId, "deviceId": deviceId])
    }
    /// Agent greeting.
    public static func agentGreeting(callId: String, agentId: String, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(.agentGreeting, parameters: ["callId": callId], body: ["agentId": .string(agentId), "deviceId": .string(deviceId)])
    }
    /// Start (`true`) or stop recording `deviceId`'s call.
    public static func recording(start: Bool, deviceId: String) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(start ? .startRecording : .stopRecording, parameters: ["deviceId": deviceId])
    }
    /// Release an allocated agent.
    public static func releaseAllocatedAgent(agentId: String) throws(CSTARequestError) -> CSTARequest {
        try CSTARequest(.releaseAllocatedAgent, parameters: ["agentId": agentId])
    }
    /// The agent's trunk prefixes.
    public static func getMyPrefix(agentId: String) throws(CSTARequestError) -> CSTARequest {
        guard let domain = DeviceID(parsing: agentId)?.domain else { throw .missingParameter("domain") }
        return try CSTARequest(.getMyPrefix, parameters: ["domain": domain, "agentId": agentId])
    }
}
