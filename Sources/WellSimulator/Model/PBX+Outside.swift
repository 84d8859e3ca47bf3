#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

extension PBX {
    // MARK: - the outside world (control API)

    /// An outside number calls extension or queue `target`; returns the call id.
    mutating func ring(target: String, from caller: String) throws(SimulatorError) -> (callId: String, effects: [PBXEffect]) {
        let endpoint = try self.endpoint(target)
        guard case .outside(let number) = try self.endpoint(caller) else { throw .badRequest("--from must be an outside number") }
        if case .outside = endpoint { throw .badRequest("\(target) is not an extension or queue of \(self.namespace)") }
        if case .extension_(let ext) = endpoint, !self.calls(of: ext).isEmpty { throw .conflict("\(target) is busy") }
        let callerDevice = self.address(number)
        let call = PBXCall(
            id: self.makeId(),
            parties: [PBXParty(device: callerDevice, number: number, kind: .outside, state: .connect, answeredAt: self.now())],
            callingDevice: callerDevice, calledDevice: self.address(endpoint.number), callType: "Inbound", createdAt: self.now())
        self.store(call)
        return (call.id, self.alert(callId: call.id, target: endpoint, redirectedBy: nil, conferencedBy: nil))
    }

    /// The outside party `number` (with or without a trunk prefix) in a call, preferring a ringing one.
    func outsideLeg(_ number: String, ringing: Bool) -> (callId: String, device: String)? {
        let candidates = [number] + self.tenant.trunkPrefixes.map { $0 + number }
        for callId in self.callOrder {
            guard let call = self.calls[callId] else { continue }
            for party in call.parties where party.kind == .outside && candidates.contains(party.number) {
                if !ringing || party.state == .alerting { return (callId, party.device) }
            }
        }
        return nil
    }

    /// The ringing outside party answers now.
    mutating func outsideAnswer(_ number: String) throws(SimulatorError) -> [PBXEffect] {
        guard let leg = self.outsideLeg(number, ringing: true) else { throw .notFound("\(number) is not ringing") }
        return try self.answer(callId: leg.callId, device: leg.device)
    }

    /// The outside party hangs up (every call it is in).
    mutating func outsideHangup(_ number: String) throws(SimulatorError) -> [PBXEffect] {
        guard self.outsideLeg(number, ringing: false) != nil else { throw .notFound("\(number) is in no call") }
        var effects: [PBXEffect] = []
        while let leg = self.outsideLeg(number, ringing: false) {
            effects += try self.drop(callId: leg.callId, device: leg.device)
        }
        return effects
    }

    /// The outside party is busy: a ringing call to it is refused with USER_BUSY; otherwise its
    /// next call is. Returns whether a ringing call was refused.
    mutating func outsideBusy(_ number: String) -> (refused: Bool, effects: [PBXEffect]) {
        if let leg = self.outsideLeg(number, ringing: true) {
            return (true, (try? self.drop(callId: leg.callId, device: leg.device, cause: "USER_BUSY")) ?? [])
        }
        self.outsideOverrides[number] = .busy
        return (false, [])
    }

    /// Sets how an outside number behaves from now on (`nil` = the default).
    mutating func setOutsideBehaviour(_ number: String, _ behaviour: OutsidePartyBehaviour?) {
        self.outsideOverrides[number] = behaviour
    }

    /// A ring timer of an outside party expired: it answers if it is still ringing.
    mutating func outsidePartyTimerFired(callId: String, device: String) -> [PBXEffect] {
        guard self.calls[callId]?.party(device)?.state == .alerting else { return [] }
        return (try? self.answer(callId: callId, device: device)) ?? []
    }

    // MARK: - ACD

    /// Ready agents with no call, longest idle first.
    func idleReadyAgents() -> [AgentState] {
        self.agents.values
            .filter { $0.mode == "Ready" && $0.device != nil && self.calls(of: $0.device!).isEmpty }
            .sorted { ($0.idleSince, $0.loginId) < ($1.idleSince, $1.loginId) }
    }

    /// Offers waiting queue calls (oldest first) to the longest-idle Ready agents.
    mutating func distributeQueuedCalls() -> [PBXEffect] {
        var effects: [PBXEffect] = []
        for callId in self.callOrder {
            guard let call = self.calls[callId], call.queuedIn != nil else { continue }
            guard let agent = self.idleReadyAgents().first, let number = agent.device else { break }
            self.calls[callId]?.queuedIn = nil
            effects += self.alert(callId: callId, target: .extension_(number), redirectedBy: nil, conferencedBy: nil)
        }
        return effects
    }

    /// After calls end: apply deferred SetStates, refresh idle times, and serve the queues.
    mutating func settleIdleAgents() -> [PBXEffect] {
        var effects: [PBXEffect] = []
        for job in self.agents.keys.sorted() {
            guard let agent = self.agents[job], let number = agent.device, self.calls(of: number).isEmpty else { continue }
            let wrapUpDue = agent.wrapUpDue
            self.agents[job]?.wrapUpDue = false
            // A mode the agent asked for during the call wins over after-call work.
            if let mode = agent.pendingMode {
                effects += self.applyMode(job, mode: mode, reason: agent.pendingReason)
            } else if wrapUpDue {
                effects += self.startWrapUp(job)
            }
        }
        return effects + self.distributeQueuedCalls()
    }
}
