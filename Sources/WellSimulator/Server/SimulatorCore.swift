#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellProtocol

/// The simulator's one owner of mutable state: the call model, the sessions, the faults.
/// REST handlers and the control API call into it; it publishes events through the ``EventHub``
/// and hands outside-party timers to the run loop.
actor SimulatorCore {
    struct TimerRequest: Sendable {
        enum Kind: Sendable {
            /// An outside party's answer (``PBX/outsidePartyTimerFired(callId:device:)``).
            case outsideParty(callId: String, device: String)
            /// The end of an after-call work period (``PBX/wrapUpTimerFired(job:generation:)``).
            case wrapUp(job: String, generation: Int)
        }
        var kind: Kind
        var delay: Duration
    }

    private var pbx: PBX
    private var sessions: SessionStore
    /// The status the next `/api` request gets instead of its answer (a REST fault).
    private var failNextRequest: SimulatorFault?
    private(set) var restDelay: Duration = .zero
    let hub: EventHub
    private let timers: AsyncStream<TimerRequest>.Continuation
    let timerRequests: AsyncStream<TimerRequest>
    private let configuration: SimulatorConfiguration
    private var logger: Logger { self.configuration.logger }

    /// A core with a fresh call model, or with `carried` (a restart that keeps the PBX state).
    init(configuration: SimulatorConfiguration, hub: EventHub, carrying carried: PBX? = nil) {
        self.configuration = configuration
        self.pbx = carried ?? PBX(tenant: configuration.tenant, outsideDefault: configuration.outsideParty, timeZone: configuration.timeZone)
        self.sessions = SessionStore(lifetime: configuration.sessionLifetime)
        self.hub = hub
        (self.timerRequests, self.timers) = AsyncStream.makeStream(of: TimerRequest.self)
    }

    /// The call model for a restarted server that keeps the PBX state: every agent counts as
    /// seen now, so the new server gives its agents the full vanished-agent grace to reconnect.
    func carriedModel() -> PBX {
        var carried = self.pbx
        for job in carried.agents.keys { carried.touch(job: job) }
        return carried
    }

    /// Ends the timer stream (the run loop then finishes).
    func shutdown() { self.timers.finish() }

    private func perform(_ effects: [PBXEffect]) {
        for effect in effects {
            switch effect {
            case .deliver(let loginId, let event):
                self.hub.publish(event, to: loginId)
            case .answerLater(let callId, let device, let delay):
                self.timers.yield(TimerRequest(kind: .outsideParty(callId: callId, device: device), delay: delay))
            case .endWrapUpLater(let job, let generation, let delay):
                self.timers.yield(TimerRequest(kind: .wrapUp(job: job, generation: generation), delay: delay))
            }
        }
    }

    // MARK: - TPI

    /// TPI login: a new session id, or `nil` for wrong credentials.
    func tpiLogin(username: String, password: String, namespace: String) -> String? {
        guard self.pbx.checkCredentials(username: username, password: password, namespace: namespace) else {
            self.logger.info("TPI login refused", metadata: ["sim.user": "\(username)@\(namespace)"])
            return nil
        }
        return self.sessions.create(job: username, now: Date())
    }

    // MARK: - REST

    /// Handles one `/api/...` request.
    func handle(method: String, target: String, sessionId: String?, body: Data?) -> SimulatorReply {
        let candidates = CSTAOperation.matches(target: target)
        if candidates.isEmpty { return .error(.notFound("no route \(method) \(target.split(separator: "?").first ?? "")")) }
        var json: [String: JSONValue]?
        if let body, !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: body) else {
                return .error(.badRequest("the body is not a JSON object"))
            }
            json = object
        }
        guard let match = CSTAOperation.resolve(method: method, target: target, body: json) else {
            if candidates.contains(where: { $0.operation.method.rawValue == method.uppercased() }) {
                return .error(.badRequest("unknown func \(json?["func"]?.stringValue ?? "(none)")"))
            }
            return SimulatorReply(status: 405, body: ["status": 405, "message": "method not allowed"])
        }
        // Session.
        var job: String?
        if let fault = self.failNextRequest {
            self.failNextRequest = nil
            if fault == .serverError { return .error(SimulatorError(500, "internal server error (injected)")) }
            if let sessionId { self.sessions.expire(sessionId) }
            return .error(SimulatorError(426, "get AccessToken failed"))
        }
        if self.configuration.requireSession {
            let presented = (sessionId?.isEmpty == false ? sessionId : nil) ?? json?["sessionId"]?.stringValue
            guard let presented, let owner = self.sessions.use(presented, now: Date()) else {
                return .error(SimulatorError(426, "get AccessToken failed: unknown or expired sessionId"))
            }
            job = owner
        }
        // Body shape.
        let operation = match.operation
        var strings: [String: String] = [:]
        for key in operation.requiredBodyKeys {
            guard let value = json?[key] else { return .error(.badRequest("missing '\(key)'")) }
            if key == "entries" { continue }
            guard let text = value.stringValue ?? value.intValue.map(String.init) else {
                return .error(.badRequest("'\(key)' must be a string"))
            }
            strings[key] = text
        }
        for key in operation.optionalBodyKeys {
            if let value = json?[key] { strings[key] = value.stringValue ?? value.intValue.map(String.init) }
        }
        if let pathCall = match.parameters["callId"], let inner = match.parameters["connectionCallId"], !inner.isEmpty, inner != pathCall {
            return .error(.badRequest("connection \(inner) does not belong to call \(pathCall)"))
        }
        if let job { self.pbx.touch(job: job) }
        do {
            return try self.dispatch(operation, match.parameters, strings, json, job: job)
        } catch {
            self.logger.debug("refused", metadata: ["sim.op": "\(operation.name)", "sim.status": "\(error.status)"])
            return .error(error)
        }
    }

    private func dispatch(
        _ operation: CSTAOperation, _ p: [String: String], _ b: [String: String], _ json: [String: JSONValue]?, job: String?
    ) throws(SimulatorError) -> SimulatorReply {
        let callId = p["callId"] ?? ""
        let device = p["deviceId"] ?? ""
        switch operation {
        case .agentLogin:
            self.perform(try self.pbx.login(loginId: b["loginId"]!, device: b["device"]!, password: b["password"], agentMode: b["agentMode"]))
        case .agentLogout:
            self.perform(try self.pbx.logout(agentId: b["agentId"] ?? b["loginId"], device: b["device"]))
        case .agentSetState:
            let result = try self.pbx.setState(
                agentId: b["agentId"] ?? b["loginId"], device: b["device"], mode: b["agentMode"]!, reason: b["reason"] ?? "")
            self.perform(result.effects)
            if result.pending { return .ok(["pendingMode": true]) }
        case .heartbeat:
            try self.pbx.heartbeat(agentId: p["agentId"] ?? "")
        case .clientState:
            guard let job else { throw .notFound("no session agent") }
            return .ok(.object(self.pbx.clientState(job: job)))
        case .makeCall:
            let result = try self.pbx.makeCall(from: b["from"]!, to: b["to"]!)
            self.perform(result.effects)
            return .ok(["callId": .string(result.callId)])
        case .answerCall: self.perform(try self.pbx.answer(callId: callId, device: device))
        case .dropConnection: self.perform(try self.pbx.drop(callId: callId, device: device))
        case .holdCall: self.perform(try self.pbx.hold(callId: callId, device: device))
        case .retrieveCall: self.perform(try self.pbx.retrieve(callId: callId, device: device))
        case .singleStepTransfer, .singleTransferWaitReturn:
            self.perform(try self.pbx.singleStepTransfer(callId: callId, device: device, to: b["transferTo"]!))
        case .singleStepConference:
            let type = b["participationType"] ?? "Active"
            guard type == "Active" || type == "Silent" else { throw .badRequest("participationType must be Active or Silent") }
            self.perform(
                try self.pbx.singleStepConference(
                    callId: callId, device: device, participant: b["conferenceParticipant"]!, silent: type == "Silent"))
        case .consult:
            let result = try self.pbx.consult(callId: callId, device: device, participant: b["consultationParticipant"]!)
            self.perform(result.effects)
            return .ok(["callId": .string(result.callId)])
        case .conference:
            self.perform(try self.pbx.conference(heldCallId: callId, device: device, consultCallId: b["consultCallId"]!))
        case .cancelConsult:
            self.perform(try self.pbx.cancelConsult(heldCallId: callId, device: device, consultCallId: b["consultCallId"]!))
        case .transferCall, .transferWaitReturn:
            self.perform(try self.pbx.transfer(heldCallId: callId, device: device, consultCallId: b["consultCallId"]!))
        case .setCallData:
            guard let entries = json?["entries"]?.arrayValue else { throw .badRequest("'entries' must be an array of {key, value}") }
            var pairs: [(String, String)] = []
            for entry in entries {
                guard let key = entry["key"]?.stringValue, !key.isEmpty, let value = entry["value"] else {
                    throw .badRequest("'entries' must be an array of {key, value}")
                }
                pairs.append((key, value.stringValue ?? value.intValue.map(String.init) ?? ""))
            }
            try self.pbx.setCallData(callId: callId, entries: pairs)
        case .getCallData:
            return .ok(.object(try self.pbx.callData(callId: callId, key: p["key"] ?? "")))
        case .spy:
            guard !device.isEmpty else { throw .badRequest("missing deviceId") }
            self.perform(try self.pbx.spy(callId: callId, device: device))
        case .agentGreeting:
            _ = try self.pbx.requireCall(callId)
        case .startRecording, .stopRecording:
            guard !device.isEmpty else { throw .badRequest("missing extension") }
            self.perform(try self.pbx.recording(start: operation == .startRecording, device: device))
        case .releaseAllocatedAgent:
            self.perform(try self.pbx.releaseAllocated(agentId: p["agentId"] ?? ""))
        case .getMyPrefix:
            guard p["domain"] == self.pbx.namespace, self.pbx.agentKey(p["agentId"] ?? "") != nil else {
                throw .notFound("no agent \(p["agentId"] ?? "") in \(p["domain"] ?? "")")
            }
            return .ok(["agentTrunks": .array(self.pbx.tenant.trunkPrefixes.map { ["scanPrefix": .string($0)] })])
        default:
            throw SimulatorError(501, "\(operation.name) is not implemented")
        }
        return .noContent
    }

    // MARK: - outside world and timers

    func timerFired(_ request: TimerRequest) {
        switch request.kind {
        case .outsideParty(let callId, let device):
            self.perform(self.pbx.outsidePartyTimerFired(callId: callId, device: device))
        case .wrapUp(let job, let generation):
            self.perform(self.pbx.wrapUpTimerFired(job: job, generation: generation))
        }
    }

    func sweep() {
        let hub = self.hub
        self.perform(self.pbx.sweepVanished(timeout: self.configuration.vanishedAgentTimeout) { hub.isSubscribed($0) })
    }

    /// An outside number calls an extension or queue; returns the call id.
    func ring(_ target: String, from caller: String) throws(SimulatorError) -> String {
        let result = try self.pbx.ring(target: target, from: caller)
        self.perform(result.effects)
        return result.callId
    }

    /// A ringing outside party answers.
    func outsideAnswer(_ number: String) throws(SimulatorError) { self.perform(try self.pbx.outsideAnswer(number)) }
    /// An outside party hangs up.
    func outsideHangup(_ number: String) throws(SimulatorError) { self.perform(try self.pbx.outsideHangup(number)) }
    /// An outside party is busy; returns whether a ringing call was refused.
    func outsideBusy(_ number: String) -> Bool {
        let result = self.pbx.outsideBusy(number)
        self.perform(result.effects)
        return result.refused
    }
    /// How `number` behaves from now on (`nil` = default).
    func setOutsideBehaviour(_ number: String, _ behaviour: OutsidePartyBehaviour?) { self.pbx.setOutsideBehaviour(number, behaviour) }
    /// The default behaviour of outside parties.
    func setOutsideDefault(_ behaviour: OutsidePartyBehaviour) { self.pbx.outsideDefault = behaviour }
    /// Registers or unregisters an extension's phone.
    func setRegistered(_ number: String, _ registered: Bool) {
        if registered { self.pbx.registered.insert(number) } else { self.pbx.registered.remove(number) }
    }
    /// Pre-allocates an agent (agentAllocated).
    func allocate(_ agentId: String) throws(SimulatorError) { self.perform(try self.pbx.allocate(agentId: agentId)) }

    /// Injects a fault.
    func inject(_ fault: SimulatorFault) {
        switch fault {
        case .expireSession, .serverError: self.failNextRequest = fault
        default: self.hub.inject(fault)
        }
    }

    /// Delays every REST reply (timeout tests); `.zero` switches it off.
    func setRestDelay(_ delay: Duration) { self.restDelay = delay }

    /// The whole state as JSON.
    func snapshot() -> [String: JSONValue] {
        var state = self.pbx.snapshot()
        state["webSockets"] = .number(Double(self.hub.connectionCount))
        return state
    }
}
