#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

extension PBX {
    /// Validates TPI credentials (`username` = job number).
    func checkCredentials(username: String, password: String, namespace: String) -> Bool {
        guard namespace == self.namespace, let agent = self.agents[username] else { return false }
        return agent.account.password == password
    }

    // MARK: - Login / Logout / SetState

    mutating func login(loginId: String, device: String, password: String?, agentMode: String?) throws(SimulatorError) -> [PBXEffect] {
        guard let job = self.agentKey(loginId), var agent = self.agents[job] else {
            throw SimulatorError(452, "illegal agent job number \(loginId)")
        }
        if let password, password != agent.account.password { throw SimulatorError(401, "password does not match") }
        if agent.account.disabled { throw SimulatorError(423, "agent \(loginId) is disabled") }
        let mode = agentMode ?? "NotReady"
        guard mode == "Ready" || mode == "NotReady" else { throw .badRequest("agentMode must be Ready or NotReady") }
        let parsed = DeviceID(parsing: device) ?? DeviceID(number: device, domain: self.namespace)
        guard parsed.domain == self.namespace else { throw SimulatorError(457, "unauthorized device \(device)") }
        let number = parsed.number
        guard self.isExtension(number) else { throw SimulatorError(453, "illegal deviceId \(device)") }
        guard self.registered.contains(number) else { throw SimulatorError(451, "device \(device) unregistered") }
        if let current = agent.device {
            if current == number { throw SimulatorError(454, "agent \(agent.loginId) already logged in on \(device)") }
            throw SimulatorError(
                455, "agent \(agent.loginId) already logged in on another device",
                extra: ["deviceId": .string(self.address(current))])
        }
        if let other = self.agentOn(number) {
            throw SimulatorError(459, "device \(device) in use by agent \(other.loginId)", extra: ["agent": .string(other.loginId)])
        }
        if !self.calls(of: number).isEmpty { throw SimulatorError(456, "illegal device state: \(device) is in a call") }
        let online = self.agents.values.filter { $0.device != nil }.count
        if online >= self.tenant.maxOnlineAgents { throw SimulatorError(461, "online agent amount over max limit") }

        agent.device = number
        agent.mode = mode
        agent.reason = ""
        agent.pendingMode = nil
        agent.lastSeen = self.now()
        self.tick += 1
        agent.idleSince = self.tick
        self.agents[job] = agent
        self.deviceOwner[number] = job
        var effects = self.emit(self.agentEvent(.agentLoggedOn, agent), to: [self.address(number)])
        effects += self.emit(self.agentEvent(mode == "Ready" ? .agentReady : .agentNotReady, agent), to: [self.address(number)])
        if mode == "Ready" { effects += self.distributeQueuedCalls() }
        return effects
    }

    /// Logout by agent id, or by device (+ namespace).
    mutating func logout(agentId: String?, device: String?) throws(SimulatorError) -> [PBXEffect] {
        let job = try self.resolveAgent(agentId: agentId, device: device)
        guard let agent = self.agents[job], let number = agent.device else {
            throw SimulatorError(458, "agent already logged out")
        }
        if !self.calls(of: number).isEmpty { throw SimulatorError(460, "can not log out while calling") }
        return self.forceLogout(job)
    }

    /// Logs an agent out unconditionally (its calls must already be gone).
    mutating func forceLogout(_ job: String) -> [PBXEffect] {
        guard var agent = self.agents[job], let number = agent.device else { return [] }
        agent.mode = "Logout"
        let effects = self.emit(self.agentEvent(.agentLoggedOff, agent), to: [self.address(number)])
        agent.device = nil
        agent.pendingMode = nil
        agent.reason = ""
        self.agents[job] = agent
        self.deviceOwner[number] = nil
        return effects
    }

    /// SetState; returns whether the change was deferred (`pendingMode`).
    mutating func setState(agentId: String?, device: String?, mode: String, reason: String) throws(SimulatorError) -> (pending: Bool, effects: [PBXEffect]) {
        guard mode == "Ready" || mode == "NotReady" else { throw .badRequest("agentMode must be Ready or NotReady") }
        let job = try self.resolveAgent(agentId: agentId, device: device)
        guard var agent = self.agents[job], let number = agent.device else { throw SimulatorError(458, "agent is logged out") }
        let legs = self.calls(of: number).compactMap { $0.party(self.address(number)) }
        if legs.contains(where: { $0.state == .alerting || $0.state == .initiate }) {
            throw SimulatorError(460, "can not set agent state when you are calling")
        }
        agent.lastSeen = self.now()
        if !legs.isEmpty {
            agent.pendingMode = mode
            agent.pendingReason = reason
            self.agents[job] = agent
            return (true, [])
        }
        self.agents[job] = agent
        return (false, self.applyMode(job, mode: mode, reason: reason))
    }

    /// Applies a mode now and emits its event.
    mutating func applyMode(_ job: String, mode: String, reason: String) -> [PBXEffect] {
        guard var agent = self.agents[job], let number = agent.device else { return [] }
        if mode == "Ready" && agent.mode != "Ready" {
            self.tick += 1
            agent.idleSince = self.tick
        }
        agent.mode = mode
        agent.reason = mode == "Ready" ? "" : reason
        agent.pendingMode = nil
        self.agents[job] = agent
        var effects = self.emit(self.agentEvent(mode == "Ready" ? .agentReady : .agentNotReady, agent), to: [self.address(number)])
        if mode == "Ready" { effects += self.distributeQueuedCalls() }
        return effects
    }

    func resolveAgent(agentId: String?, device: String?) throws(SimulatorError) -> String {
        if let agentId, !agentId.isEmpty {
            guard let job = self.agentKey(agentId) else { throw SimulatorError(452, "illegal agent job number \(agentId)") }
            return job
        }
        if let device, !device.isEmpty {
            let number = DeviceID(parsing: device)?.number ?? device
            guard let job = self.deviceOwner[number] else { throw SimulatorError(458, "no agent is logged in on \(device)") }
            return job
        }
        throw .badRequest("agentId or device is required")
    }

    func agentEvent(_ name: EventName, _ agent: AgentState) -> WireEvent {
        var event = WireEvent(eventName: name)
        let device = agent.device.map(self.address) ?? ""
        event.deviceId = device
        event.agentId = agent.loginId
        event.agentMode = name == .agentLoggedOff ? "Logout" : agent.mode
        event.devices = ["Voice": .string(device)]
        if name == .agentNotReady { event.reason = agent.reason }
        return event
    }

    // MARK: - heartbeat, allocation, vanished clients

    mutating func heartbeat(agentId: String) throws(SimulatorError) {
        guard let job = self.agentKey(agentId), self.agents[job]?.device != nil else {
            throw SimulatorError(458, "agent \(agentId) is not logged in")
        }
        self.agents[job]?.lastSeen = self.now()
    }

    /// Marks activity of an agent (any REST call carrying its session).
    mutating func touch(job: String) {
        if self.agents[job]?.device != nil { self.agents[job]?.lastSeen = self.now() }
    }

    /// Pre-allocates a Ready, idle agent for an outbound campaign (`agentAllocated`).
    mutating func allocate(agentId: String) throws(SimulatorError) -> [PBXEffect] {
        guard let job = self.agentKey(agentId), let agent = self.agents[job], let number = agent.device else {
            throw .notFound("agent \(agentId) is not logged in")
        }
        guard agent.mode == "Ready", self.calls(of: number).isEmpty else { throw SimulatorError(462, "pre-allocating agent failed") }
        self.agents[job]?.mode = "Allocated"
        return self.emit(self.agentEvent(.agentAllocated, self.agents[job]!), to: [self.address(number)])
    }

    /// releaseAllocatedAgent: back to Ready.
    mutating func releaseAllocated(agentId: String) throws(SimulatorError) -> [PBXEffect] {
        guard let job = self.agentKey(agentId), let agent = self.agents[job], agent.device != nil else {
            throw .notFound("agent \(agentId) is not logged in")
        }
        guard agent.mode == "Allocated" else { throw .conflict("agent \(agentId) is not allocated") }
        self.agents[job]?.mode = "NotReady"
        return self.applyMode(job, mode: "Ready", reason: "")
    }

    /// Agents not heard of for `timeout` whose event link is gone (per `isConnected`):
    /// their calls are cleared and they are logged out, as the real server does after
    /// missing heartbeats.
    mutating func sweepVanished(timeout: Duration, isConnected: (String) -> Bool) -> [PBXEffect] {
        let limit = self.now().addingTimeInterval(-Double(timeout.components.seconds) - Double(timeout.components.attoseconds) / 1e18)
        var effects: [PBXEffect] = []
        for job in self.agents.keys.sorted() {
            guard let agent = self.agents[job], let number = agent.device, let seen = agent.lastSeen, seen < limit,
                !isConnected(agent.loginId)
            else { continue }
            for call in self.calls(of: number) {
                effects += (try? self.drop(callId: call.id, device: self.address(number), cause: "NORMAL_CLEARING")) ?? []
            }
            effects += self.forceLogout(job)
        }
        return effects
    }
}
