#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

extension ConsoleRequest {
    /// Runs the request on `client`.
    /// - Returns: the value for the reply's `value` field (the new call id, the call data, the
    ///   call model, …), nil when the operation has none. ``quit`` does nothing.
    /// - Throws: the client's ``WellClientError``.
    public func perform(on client: WellClient) async throws(WellClientError) -> JSONValue? {
        switch self {
        case .makeCall(let number): return .string(try await client.makeCall(number))
        case .answer(let callId): try await client.answerCall(callId)
        case .drop(let callId): try await client.dropConnection(callId)
        case .hold(let callId): try await client.holdCall(callId)
        case .retrieve(let callId): try await client.retrieveCall(callId)
        case .consult(let number): return (try await client.consult(to: number)).map(JSONValue.string) ?? .null
        case .conference(let held, let consult): try await client.conference(held: held, consult: consult)
        case .transfer(let held, let consult): try await client.transferCall(held: held, consult: consult)
        case .cancelConsult(let held, let consult): try await client.cancelConsult(held: held, consult: consult)
        case .singleStepTransfer(let number): try await client.singleStepTransfer(to: number)
        case .singleStepConference(let number, let type): try await client.singleStepConference(to: number, type: type)
        case .setMode(let mode, let reason):
            let result = try await client.setAgentMode(mode, reason: reason)
            return ["pendingMode": .bool(result.pending)]
        case .setCallData(let entries): try await client.setCallData(nil, entries.map { (key: $0.key, value: $0.value) })
        case .getCallData(let callId): return try await client.getCallData(callId)
        case .memory: return Self.json(await client.callMemory())
        case .prefix: return .array(try await client.getMyPrefix().map(JSONValue.string))
        case .startRecording: try await client.startRecording()
        case .stopRecording: try await client.stopRecording()
        case .release(let agentId): try await client.releaseAllocatedAgent(agentId)
        case .forceDrop(let deviceId, let callId): try await client.forceDrop(deviceId: deviceId, callId: callId)
        case .forceJoin(let deviceId, let callId, let number): try await client.forceJoin(deviceId: deviceId, callId: callId, number: number)
        case .forceTake(let deviceId, let callId, let number): try await client.forceTake(deviceId: deviceId, callId: callId, number: number)
        case .forceListen(let callId, let deviceId): try await client.forceListen(callId: callId, deviceId: deviceId)
        case .forceReady(let agentId, let deviceId): try await client.forceReady(agentId: agentId, deviceId: deviceId)
        case .forceNotReady(let agentId, let deviceId): try await client.forceNotReady(agentId: agentId, deviceId: deviceId)
        case .forceLogout(let agentId, let deviceId): try await client.forceLogout(agentId: agentId, deviceId: deviceId)
        case .logout: try await client.logout()
        case .quit: break
        }
        return nil
    }

    /// The call model as a JSON value (its Codable form).
    static func json(_ memory: CallMemory) -> JSONValue {
        guard let data = try? JSONEncoder().encode(memory),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .null }
        return value
    }
}
