#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol
import WellNumbers

/// A call ``WellClient/makeCall(_:options:)-(DialTarget,_)`` placed.
public struct PlacedCall: Sendable, Equatable {
    /// The new call's id, as the server gave it.
    public var callId: String
    /// The number sent to the server, after the dial plan (trunk and `+` prefixes).
    public var dialled: String

    /// A placed call.
    public init(callId: String, dialled: String) {
        self.callId = callId
        self.dialled = dialled
    }
}

/// Options of ``WellClient/makeCall(_:options:)-(String,_)`` (the seed's `makeCall(number, options)`).
public struct MakeCallOptions: Sendable, Equatable {
    /// Trunk prefix put in front of the number instead of the dial plan's outside prefix.
    public var prefix: String?
    /// Caller id shown to the called party (a value the trunk rejects drops the call).
    public var originForDisplay: String?
    /// Number shown on our own phone.
    public var destForDisplay: String?
    /// Call-progress analysis (`"1"` enables `failed` events).
    public var cpa: String?
    /// Caller-supplied context string (appears in the call-end record).
    public var contextId: String?

    /// Creates options; all empty by default.
    public init(prefix: String? = nil, originForDisplay: String? = nil, destForDisplay: String? = nil, cpa: String? = nil, contextId: String? = nil) {
        self.prefix = prefix
        self.originForDisplay = originForDisplay
        self.destForDisplay = destForDisplay
        self.cpa = cpa
        self.contextId = contextId
    }
}

/// `Active` or `Silent` participation in a single-step conference.
public enum ParticipationType: String, Sendable, Equatable, CaseIterable {
    /// Talks and listens.
    case active = "Active"
    /// Listens only.
    case silent = "Silent"
}

extension WellClient {
    // MARK: - helpers

    private var ownDevice: String { self.configuration.agent.deviceId }

    private func requireLogin(_ operation: String) throws(WellClientError) {
        guard self.phase == .loggedIn else { throw .notLoggedIn(operation) }
    }

    /// `callId`, or the only call when `nil`.
    private func resolveCall(_ callId: String?, _ operation: String, default rule: DefaultCall = .only) throws(WellClientError) -> String {
        if let callId {
            guard !callId.isEmpty else { throw .invalidArgument(operation, "empty call id") }
            return callId
        }
        guard let picked = self.model.memory.defaultCallId(for: rule) else {
            let count = self.model.memory.calls.count
            throw .invalidArgument(operation, count == 0 ? "no call" : "\(count) calls exist; name the call id")
        }
        return picked
    }

    /// Held and consult call ids, defaulting to the held call and the other call.
    private func resolvePair(_ held: String?, _ consult: String?, _ operation: String) throws(WellClientError) -> (String, String) {
        let calls = self.model.memory.calls
        let heldId = held ?? self.model.memory.heldCall?.callId ?? (calls.count == 2 ? calls[0].callId : nil)
        guard let heldId, !heldId.isEmpty else { throw .invalidArgument(operation, "no held call") }
        let consultId = consult ?? calls.last { $0.callId != heldId }?.callId
        guard let consultId, !consultId.isEmpty else { throw .invalidArgument(operation, "no consult call") }
        return (heldId, consultId)
    }

    /// Validates a target number with the `isPhoneNumber` rule.
    private func target(_ number: String, _ operation: String) throws(WellClientError) -> String {
        do {
            return try DialTarget.parse(number).digits
        } catch {
            throw .invalidArgument(operation, "invalid number '\(number.prefix(40))': \(error)")
        }
    }

    private func connectionOp(
        _ operation: String, _ op: CSTAOperation, callId: String, deviceId: String? = nil, body: [String: JSONValue] = [:]
    ) async throws(WellClientError) {
        let device = deviceId ?? self.ownDevice
        _ = try await self.perform(operation) { _ throws(CSTARequestError) in
            try CSTARequest.connection(op, callId: callId, deviceId: device, body: body)
        }
    }

    // MARK: - dialling

    /// Places a call from our extension: the seed's `makeCall(number, options)`, for a number
    /// not parsed yet (`number`: digits, a `tel:`/`callto:` URI, or text whose digits are dialled).
    /// - Returns: the new call's id.
    /// - Throws: ``WellClientError``: `invalidNumber` when `number` cannot be parsed, else as
    ///   ``makeCall(_:options:)-(DialTarget,_)``.
    @discardableResult
    public func makeCall(_ number: String, options: MakeCallOptions = .init()) async throws(WellClientError) -> String {
        let parsed: DialTarget
        do { parsed = try DialTarget.parse(number) } catch {
            throw .invalidNumber("makeCall", "\(error)")
        }
        return try await self.makeCall(parsed, options: options).callId
    }

    /// Places a call from our extension to a number parsed at the edge (the guards: logged in,
    /// not our own extension, no other call, not allocated, one dial per guard interval; then
    /// the dial plan or the explicit prefix).
    /// - Parameters:
    ///   - target: the parsed number.
    ///   - options: prefix, display numbers, `cpa`, `contextId`.
    /// - Returns: the new call's id and the number sent to the server.
    /// - Throws: ``WellClientError``: `notLoggedIn`; `invalidNumber` (the dial plan or prefix
    ///   cannot apply); `refused` (own extension, a call exists, allocated, within the guard
    ///   interval of the last dial); `http`.
    @discardableResult
    public func makeCall(_ target: DialTarget, options: MakeCallOptions = .init()) async throws(WellClientError) -> PlacedCall {
        try self.requireLogin("makeCall")
        let agent = self.configuration.agent
        if target.digits == agent.extensionNumber { throw .refused("makeCall", "that is your own extension") }
        if !self.model.memory.calls.isEmpty { throw .refused("makeCall", "a call already exists; hang it up first (use consult for a second line)") }
        if self.model.memory.agent.allocated { throw .refused("makeCall", "the agent is allocated for an outbound campaign") }
        if let last = self.lastDialAt, ContinuousClock.now - last < self.configuration.dialGuardInterval {
            throw .refused("makeCall", "only one dial per \(self.configuration.dialGuardInterval)")
        }
        let destination: String
        if let prefix = options.prefix {
            guard prefix.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalidNumber("makeCall", "prefix must be digits") }
            destination = prefix + (target.hadPlus ? self.configuration.dialPlan.plusPrefix : "") + target.digits
        } else {
            do {
                destination = try self.configuration.dialPlan.dialString(for: target, prefixes: self.prefixes)
            } catch {
                throw .invalidNumber("makeCall", "\(error)")
            }
        }
        self.lastDialAt = .now
        let from = agent.deviceId
        let response = try await self.perform("makeCall") { _ throws(CSTARequestError) in
            try CSTARequest.makeCall(
                from: from, to: destination, originForDisplay: options.originForDisplay, destForDisplay: options.destForDisplay,
                cpa: options.cpa, contextId: options.contextId)
        }
        return PlacedCall(callId: response.json?["callId"]?.stringValue ?? "", dialled: destination)
    }

    // MARK: - own connection

    /// Answers a ringing call (default: the newest call ringing here).
    public func answerCall(_ callId: String? = nil) async throws(WellClientError) {
        try self.requireLogin("answerCall")
        let id = try self.resolveCall(callId, "answerCall", default: .answer)
        try await self.connectionOp("answerCall", .answerCall, callId: id)
    }

    /// Hangs up our connection (default: the only call).
    public func dropConnection(_ callId: String? = nil) async throws(WellClientError) {
        try self.requireLogin("dropConnection")
        let id = try self.resolveCall(callId, "dropConnection")
        try await self.connectionOp("dropConnection", .dropConnection, callId: id)
    }

    /// Puts the call on hold (default: the only call, else the active line).
    public func holdCall(_ callId: String? = nil) async throws(WellClientError) {
        try self.requireLogin("holdCall")
        let id = try self.resolveCall(callId, "holdCall", default: .hold)
        try await self.connectionOp("holdCall", .holdCall, callId: id)
    }

    /// Takes the call off hold (default: the held call).
    public func retrieveCall(_ callId: String? = nil) async throws(WellClientError) {
        try self.requireLogin("retrieveCall")
        let id = try self.resolveCall(callId, "retrieveCall", default: .retrieve)
        try await self.connectionOp("retrieveCall", .retrieveCall, callId: id)
    }

    /// Transfers the call to `number` without consultation (the call id stays).
    public func singleStepTransfer(_ callId: String? = nil, to number: String) async throws(WellClientError) {
        try self.requireLogin("singleStepTransfer")
        let id = try self.resolveCall(callId, "singleStepTransfer")
        let to = try self.target(number, "singleStepTransfer")
        try await self.connectionOp("singleStepTransfer", .singleStepTransfer, callId: id, body: ["transferTo": .string(to)])
    }

    /// Invites `number` into the call.
    public func singleStepConference(_ callId: String? = nil, to number: String, type: ParticipationType = .active) async throws(WellClientError) {
        try self.requireLogin("singleStepConference")
        let id = try self.resolveCall(callId, "singleStepConference")
        let to = try self.target(number, "singleStepConference")
        try await self.connectionOp(
            "singleStepConference", .singleStepConference, callId: id,
            body: ["conferenceParticipant": .string(to), "participationType": .string(type.rawValue)])
    }

    /// Holds the call and dials `number` for a consultation.
    /// - Returns: the consult call's id (when the server says it).
    @discardableResult
    public func consult(_ callId: String? = nil, to number: String) async throws(WellClientError) -> String? {
        try self.requireLogin("consult")
        let id = try self.resolveCall(callId, "consult")
        let to = try self.target(number, "consult")
        let device = self.ownDevice
        let response = try await self.perform("consult") { _ throws(CSTARequestError) in
            try CSTARequest.consult(callId: id, deviceId: device, participant: to)
        }
        return response.json?["callId"]?.stringValue
    }

    private func consultation(_ operation: String, _ op: CSTAOperation, _ held: String?, _ consult: String?) async throws(WellClientError) {
        try self.requireLogin(operation)
        let (heldId, consultId) = try self.resolvePair(held, consult, operation)
        let device = self.ownDevice
        _ = try await self.perform(operation) { _ throws(CSTARequestError) in
            try CSTARequest.consultation(op, heldCallId: heldId, consultCallId: consultId, deviceId: device)
        }
    }

    /// Joins the held call and the consult call into a conference.
    public func conference(held: String? = nil, consult: String? = nil) async throws(WellClientError) {
        try await self.consultation("conference", .conference, held, consult)
    }

    /// Drops the consult call and retrieves the held call.
    public func cancelConsult(held: String? = nil, consult: String? = nil) async throws(WellClientError) {
        try await self.consultation("cancelConsult", .cancelConsult, held, consult)
    }

    /// Transfers the held party to the consulted party.
    public func transferCall(held: String? = nil, consult: String? = nil) async throws(WellClientError) {
        try await self.consultation("transferCall", .transferCall, held, consult)
    }

    /// Transfers to the consulted party; the call returns to us when they finish.
    public func transferWaitReturn(held: String? = nil, consult: String? = nil) async throws(WellClientError) {
        try await self.consultation("transferWaitReturn", .transferWaitReturn, held, consult)
    }

    /// Parks the call at `number` (e.g. an IVR) and takes it back afterwards.
    public func singleTransferWaitReturn(_ callId: String? = nil, to number: String) async throws(WellClientError) {
        try self.requireLogin("singleTransferWaitReturn")
        let id = try self.resolveCall(callId, "singleTransferWaitReturn")
        let to = try self.target(number, "singleTransferWaitReturn")
        try await self.connectionOp("singleTransferWaitReturn", .singleTransferWaitReturn, callId: id, body: ["transferTo": .string(to)])
    }

    // MARK: - call data, greeting, recording

    /// Sets call-attached data (`[{key, value}]`).
    public func setCallData(_ callId: String? = nil, _ entries: [(key: String, value: String)]) async throws(WellClientError) {
        try self.requireLogin("setCallData")
        let id = try self.resolveCall(callId, "setCallData")
        guard !entries.isEmpty else { throw .invalidArgument("setCallData", "no entries") }
        _ = try await self.perform("setCallData") { _ throws(CSTARequestError) in try CSTARequest.setCallData(callId: id, entries: entries) }
    }

    /// Reads call-attached data.
    public func getCallData(_ callId: String? = nil) async throws(WellClientError) -> JSONValue {
        try self.requireLogin("getCallData")
        let id = try self.resolveCall(callId, "getCallData")
        let response = try await self.perform("getCallData") { _ throws(CSTARequestError) in try CSTARequest.getCallData(callId: id) }
        return response.json ?? (response.text.isEmpty ? .null : .string(response.text))
    }

    /// Plays the agent greeting (`message`, default our job number) to the caller.
    public func agentGreeting(_ callId: String? = nil, message: String? = nil) async throws(WellClientError) {
        try self.requireLogin("agentGreeting")
        let id = try self.resolveCall(callId, "agentGreeting")
        let agentId = message ?? self.configuration.agent.jobNumber
        let device = self.ownDevice
        _ = try await self.perform("agentGreeting") { _ throws(CSTARequestError) in
            try CSTARequest.agentGreeting(callId: id, agentId: agentId, deviceId: device)
        }
    }

    /// Starts recording on our extension (466 = recording disabled).
    public func startRecording() async throws(WellClientError) {
        try self.requireLogin("startRecording")
        let device = self.ownDevice
        _ = try await self.perform("startRecording") { _ throws(CSTARequestError) in try CSTARequest.recording(start: true, deviceId: device) }
    }

    /// Stops recording on our extension.
    public func stopRecording() async throws(WellClientError) {
        try self.requireLogin("stopRecording")
        let device = self.ownDevice
        _ = try await self.perform("stopRecording") { _ throws(CSTARequestError) in try CSTARequest.recording(start: false, deviceId: device) }
    }

    /// Releases a pre-allocated agent (default: ourselves).
    public func releaseAllocatedAgent(_ agentId: String? = nil) async throws(WellClientError) {
        try self.requireLogin("releaseAllocatedAgent")
        let id = agentId ?? self.configuration.agent.agentId
        _ = try await self.perform("releaseAllocatedAgent") { _ throws(CSTARequestError) in try CSTARequest.releaseAllocatedAgent(agentId: id) }
    }

    // MARK: - supervisor (force) operations

    /// Hangs up `deviceId`'s connection in `callId`.
    public func forceDrop(deviceId: String, callId: String) async throws(WellClientError) {
        try self.requireLogin("forceDrop")
        guard !deviceId.isEmpty, !callId.isEmpty else { throw .invalidArgument("forceDrop", "device and call id are required") }
        try await self.connectionOp("forceDrop", .dropConnection, callId: callId, deviceId: deviceId)
    }

    /// Barges `number` into `deviceId`'s call.
    public func forceJoin(deviceId: String, callId: String, number: String) async throws(WellClientError) {
        try self.requireLogin("forceJoin")
        guard !deviceId.isEmpty, !callId.isEmpty else { throw .invalidArgument("forceJoin", "device and call id are required") }
        let to = try self.target(number, "forceJoin")
        try await self.connectionOp(
            "forceJoin", .singleStepConference, callId: callId, deviceId: deviceId,
            body: ["conferenceParticipant": .string(to), "participationType": .string("Active")])
    }

    /// Takes `deviceId`'s call over to `number`.
    public func forceTake(deviceId: String, callId: String, number: String) async throws(WellClientError) {
        try self.requireLogin("forceTake")
        guard !deviceId.isEmpty, !callId.isEmpty else { throw .invalidArgument("forceTake", "device and call id are required") }
        let to = try self.target(number, "forceTake")
        try await self.connectionOp("forceTake", .singleStepTransfer, callId: callId, deviceId: deviceId, body: ["transferTo": .string(to)])
    }

    /// Silently monitors `callId` with `deviceId`.
    public func forceListen(callId: String, deviceId: String) async throws(WellClientError) {
        try self.requireLogin("forceListen")
        guard !deviceId.isEmpty, !callId.isEmpty else { throw .invalidArgument("forceListen", "device and call id are required") }
        _ = try await self.perform("forceListen") { _ throws(CSTARequestError) in try CSTARequest.spy(callId: callId, deviceId: deviceId) }
    }

    /// Sets another agent Ready.
    public func forceReady(agentId: String, deviceId: String) async throws(WellClientError) {
        try await self.forceMode("forceReady", agentId: agentId, deviceId: deviceId, mode: "Ready")
    }

    /// Sets another agent NotReady.
    public func forceNotReady(agentId: String, deviceId: String) async throws(WellClientError) {
        try await self.forceMode("forceNotReady", agentId: agentId, deviceId: deviceId, mode: "NotReady")
    }

    /// Logs another agent out.
    public func forceLogout(agentId: String, deviceId: String) async throws(WellClientError) {
        try self.requireLogin("forceLogout")
        guard !agentId.isEmpty, !deviceId.isEmpty else { throw .invalidArgument("forceLogout", "agent and device are required") }
        _ = try await self.perform("forceLogout") { _ throws(CSTARequestError) in try CSTARequest.logout(agentId: agentId, device: deviceId) }
    }

    private func forceMode(_ operation: String, agentId: String, deviceId: String, mode: String) async throws(WellClientError) {
        try self.requireLogin(operation)
        guard !agentId.isEmpty, !deviceId.isEmpty else { throw .invalidArgument(operation, "agent and device are required") }
        _ = try await self.perform(operation) { _ throws(CSTARequestError) in
            try CSTARequest.setAgentMode(agentId: agentId, device: deviceId, agentMode: mode)
        }
    }
}
