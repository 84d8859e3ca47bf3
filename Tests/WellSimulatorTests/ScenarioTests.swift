import Foundation
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

/// One test per scenario of `scenarios.json` (docs/protocol.md §11): real HTTP and STOMP-over-WebSocket
/// on loopback against a fresh simulator; each device's event sequence must match the table exactly.
struct ScenarioTests {
    @Test(.timeLimit(.minutes(1)), arguments: ScenarioTable.shared.scenarios)
    func scenario(_ scenario: ScenarioTable.Scenario) async throws {
        try await SimulatorHarness.with(scenario.setup.simulator) { sim in
            var runner = try await ScenarioRunner(table: .shared, scenario: scenario, sim: sim)
            do {
                try await runner.run()
            } catch {
                await runner.close()
                throw error
            }
            await runner.close()
        }
    }

    @Test func tableCoversEveryScenarioOfSection8() {
        let ids = Set(ScenarioTable.shared.scenarios.map(\.id))
        for id in [
            "login-ready", "login-notready-ready-logout", "makecall-internal-answered", "makecall-internal-unanswered",
            "makecall-outside-answered", "makecall-outside-unanswered", "makecall-outside-busy", "inbound-extension",
            "inbound-queue-waits", "inbound-queue-after-call-work", "hold-retrieve", "single-step-transfer", "single-step-conference", "consult-conference",
            "consult-transfer", "consult-cancel", "force-drop", "force-join", "force-take", "force-listen", "call-data",
        ] {
            #expect(ids.contains(id), "\(id)")
        }
    }
}

/// Plays one scenario: performs each step through the simulator's REST and control API and
/// checks what every agent role's STOMP client received.
struct ScenarioRunner {
    let table: ScenarioTable
    let scenario: ScenarioTable.Scenario
    let sim: SimulatorHarness
    var clients: [String: StompTestClient] = [:]
    var sessions: [String: String] = [:]
    var baseline: [String: Int] = [:]
    var calls: [String: String] = [:]

    init(table: ScenarioTable, scenario: ScenarioTable.Scenario, sim: SimulatorHarness) async throws {
        self.table = table
        self.scenario = scenario
        self.sim = sim
        for role in scenario.agentRoles {
            guard let job = table.roles[role]?.job, let number = table.roles[role]?.extension else { continue }
            if scenario.setup.loggedIn.contains(role) {
                let agent = try await sim.loginAgent(job: job, extension: number, mode: scenario.setup.mode)
                self.clients[role] = agent.events
                self.sessions[role] = agent.session
                self.baseline[role] = 2
            } else {
                guard let session = try await sim.tpiLogin(username: job).sessionId else {
                    throw HarnessError(description: "TPI login of \(job) failed")
                }
                self.sessions[role] = session
                self.clients[role] = try await StompTestClient.connect(
                    to: sim.webSocketURL, subscribeTo: EventTopic.agent(loginId: table.loginId(role)!).destination)
                self.baseline[role] = 0
            }
        }
    }

    func close() async {
        for client in self.clients.values { await client.close() }
    }

    mutating func run() async throws {
        var expected: [String: [ScenarioTable.ExpectedEvent]] = [:]
        for (index, step) in self.scenario.steps.enumerated() {
            try await self.perform(step)
            for (role, events) in step.expect { expected[role, default: []] += events }
            for role in step.expect.keys.sorted() {
                let client = try #require(self.clients[role], "no client for \(role)")
                let want = expected[role] ?? []
                let all = try await client.waitForEvents(self.baseline[role]! + want.count)
                self.check(role: role, expected: want, received: Array(all.dropFirst(self.baseline[role]!)), step: index)
            }
        }
        // Nothing more may arrive: a RECEIPT round trip flushes each connection.
        for role in self.clients.keys.sorted() {
            let client = self.clients[role]!
            try await client.barrier()
            self.check(role: role, expected: expected[role] ?? [], received: Array(client.events.dropFirst(self.baseline[role]!)), step: -1)
            let serials = client.events.compactMap(\.serial)
            #expect(serials == serials.sorted() && Set(serials).count == serials.count, "\(role): serials not strictly increasing")
        }
    }

    mutating func check(role: String, expected: [ScenarioTable.ExpectedEvent], received: [WireEvent], step: Int) {
        let problems = self.table.mismatches(expected: expected, received: received, role: role, calls: &self.calls)
        for problem in problems {
            Issue.record("\(self.scenario.id) step \(step == -1 ? "end" : String(step)): \(problem)")
        }
    }

    // MARK: - actions

    func device(_ role: String) -> String { self.table.device(role) ?? role }
    func number(_ role: String) -> String { self.table.roles[role]?.number ?? role }
    func call(_ placeholder: String) throws -> String {
        try #require(self.calls[placeholder], "call \(placeholder) is not bound yet")
    }

    /// The role acting in a step (whose session is used unless `as` names another).
    func session(for step: ScenarioTable.Step, actor: String) -> String? {
        let role = step.arg("as").isEmpty ? actor : step.arg("as")
        return self.sessions[role] ?? self.sessions.values.first
    }

    func roleOfDevice(_ role: String) -> String { role }

    mutating func perform(_ step: ScenarioTable.Step) async throws {
        let a = step.arg
        var request: CSTARequest?
        var actor = a("agent").isEmpty ? a("device") : a("agent")
        switch step.do {
        case "login":
            request = try .login(
                loginId: self.table.loginId(a("agent"))!, device: self.device(a("agent")), password: self.table.password,
                agentMode: a("mode"), sessionId: self.sessions[a("agent")])
        case "setState":
            request = try .setAgentMode(
                agentId: self.table.loginId(a("agent"))!, device: self.device(a("agent")),
                agentMode: a("mode"), reason: a("reason"))
        case "logout":
            request = try .logout(agentId: self.table.loginId(a("agent"))!, device: a("as").isEmpty ? nil : self.device(a("agent")))
        case "makeCall":
            actor = a("from")
            request = try .makeCall(from: self.device(a("from")), to: self.number(a("to")))
        case "answer": request = try .answerCall(callId: try self.call(a("call")), deviceId: self.device(a("device")))
        case "drop": request = try .dropConnection(callId: try self.call(a("call")), deviceId: self.device(a("device")))
        case "hold": request = try .holdCall(callId: try self.call(a("call")), deviceId: self.device(a("device")))
        case "retrieve": request = try .retrieveCall(callId: try self.call(a("call")), deviceId: self.device(a("device")))
        case "singleStepTransfer":
            request = try .singleStepTransfer(callId: try self.call(a("call")), deviceId: self.device(a("device")), to: self.number(a("to")))
        case "singleStepConference":
            request = try .singleStepConference(callId: try self.call(a("call")), deviceId: self.device(a("device")), participant: self.number(a("to")))
        case "consult":
            request = try .consult(callId: try self.call(a("call")), deviceId: self.device(a("device")), participant: self.number(a("to")))
        case "conference", "transfer", "cancelConsult":
            let operation: CSTAOperation = step.do == "conference" ? .conference : step.do == "transfer" ? .transferCall : .cancelConsult
            request = try .consultation(
                operation, heldCallId: try self.call(a("call")), consultCallId: try self.call(a("consultCall")),
                deviceId: self.device(a("device")))
        case "spy": request = try .spy(callId: try self.call(a("call")), deviceId: self.device(a("device")))
        case "setCallData":
            request = try .setCallData(callId: try self.call(a("call")), entries: [(a("key"), a("value"))])
            actor = self.sessions.keys.sorted().first ?? ""
        case "ring":
            let callId = try await self.sim.control.ring(to: self.number(a("to")), from: self.number(a("from")))
            if !a("bind").isEmpty { self.calls[a("bind")] = callId }
            return
        case "outsideAnswer", "outsideHangup", "outsideBusy":
            let action: SimulatorControlClient.OutsideAction = ["outsideAnswer": .answer, "outsideHangup": .hangup, "outsideBusy": .busy][step.do]!
            try await self.sim.control.outside(self.number(a("party")), action)
            return
        case "outsideBehaviour":
            try await self.sim.control.outside(self.number(a("party")), behaviour: try SimulatorControlClient.Behaviour.named(a("behaviour"), delayMs: Int(a("delayMs")) ?? 0))
            return
        default:
            Issue.record("unknown action \(step.do)")
            return
        }
        let result = try await self.sim.send(try #require(request), session: self.session(for: step, actor: actor))
        #expect((200..<300).contains(result.status), "\(step.do) answered \(result.status) \(String(decoding: result.body, as: UTF8.self))")
        if !a("bind").isEmpty { self.calls[a("bind")] = try #require(result.json?["callId"]?.stringValue) }
    }
}
