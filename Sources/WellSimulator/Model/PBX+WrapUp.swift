import WellProtocol

/// After-call work (`WorkNotReady`, docs/protocol.md §4.4.1): when an agent's answered inbound
/// queue call ends, the agent gets the tenant's wrap-up seconds before the ACD offers it the
/// next call. It ends when the time runs out or when the agent sets a mode itself.
extension PBX {
    /// Remembers that `party` leaves an answered inbound queue call (only with wrap-up on).
    mutating func noteWrapUp(_ party: PBXParty, of call: PBXCall) {
        guard self.tenant.wrapUpSeconds > 0, party.kind == .extension_, call.callType == "Inbound", call.split != nil,
            party.state == .connect || party.state == .hold,
            let job = self.deviceOwner[DeviceID.number(of: party.device)]
        else { return }
        self.agents[job]?.wrapUpDue = true
    }

    /// Puts an idle agent in `Ready` or `NotReady` into after-call work and arms its end.
    mutating func startWrapUp(_ job: String) -> [PBXEffect] {
        guard var agent = self.agents[job], let number = agent.device, self.calls(of: number).isEmpty,
            agent.mode == "Ready" || agent.mode == "NotReady"
        else { return [] }
        agent.mode = "WorkNotReady"
        agent.reason = ""
        agent.wrapUpGeneration += 1
        self.agents[job] = agent
        let effects = self.emit(self.agentEvent(.agentWorkingAfterCall, agent), to: [self.address(number)])
        return effects + [.endWrapUpLater(job: job, generation: agent.wrapUpGeneration, delay: .seconds(self.tenant.wrapUpSeconds))]
    }

    /// The wrap-up time of period `generation` ran out: back to Ready, unless the agent left
    /// that period already (set a mode, logged out, or started another one).
    mutating func wrapUpTimerFired(job: String, generation: Int) -> [PBXEffect] {
        guard let agent = self.agents[job], agent.device != nil, agent.mode == "WorkNotReady",
            agent.wrapUpGeneration == generation
        else { return [] }
        return self.applyMode(job, mode: "Ready", reason: "")
    }
}
