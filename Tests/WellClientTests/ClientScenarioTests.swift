import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// Every scenario of `scenarios.json` (docs/protocol.md §11) from the client's side: one real
/// ``WellClient`` per agent role over loopback, outside parties played through the simulator's
/// control API. After each step every client's received server events must match the table
/// (names, call placeholders, fields), and every client's call model must match the simulator's
/// `state()`.
struct ClientScenarioTests {
    @Test(.timeLimit(.minutes(1)), arguments: ScenarioTable.shared.scenarios)
    func scenario(_ scenario: ScenarioTable.Scenario) async throws {
        let table = ScenarioTable.shared
        try await SimulatorHarness.with(scenario.setup.simulator) { sim in
            let roles = scenario.agentRoles.filter { table.roles[$0]?.job != nil }
            let configurations = roles.map { role -> WellClientConfiguration in
                let account = table.roles[role]!
                let loginStep = scenario.steps.first { $0.do == "login" && $0.arg("agent") == role }
                let modeName = loginStep?.arg("mode") ?? scenario.setup.mode
                return ClientHarness.configuration(
                    sim, job: account.job!, ext: account.extension!, mode: modeName == "Ready" ? .ready : .notReady)
            }
            try await ClientHarness.with(configurations) { clients in
                var player = ClientScenarioPlayer(table: table, scenario: scenario, sim: sim, roles: roles, clients: clients)
                try await player.run()
            }
        }
    }
}

/// Drives one scenario through the clients and checks events and call models after each step.
struct ClientScenarioPlayer {
    let table: ScenarioTable
    let scenario: ScenarioTable.Scenario
    let sim: SimulatorHarness
    var clients: [String: ClientUnderTest] = [:]
    var baseline: [String: Int] = [:]
    var calls: [String: String] = [:]
    var expected: [String: [ScenarioTable.ExpectedEvent]] = [:]

    init(table: ScenarioTable, scenario: ScenarioTable.Scenario, sim: SimulatorHarness, roles: [String], clients: [ClientUnderTest]) {
        self.table = table
        self.scenario = scenario
        self.sim = sim
        for (role, client) in zip(roles, clients) { self.clients[role] = client }
    }

    mutating func run() async throws {
        for role in self.scenario.setup.loggedIn {
            let client = try self.client(role)
            try await client.login()
            try await client.settle()
            self.baseline[role] = client.log.serverNames.count
            #expect(Array(client.log.serverNames.prefix(2)) == ["agentLoggedOn", self.scenario.setup.mode == "Ready" ? "agentReady" : "agentNotReady"])
        }
        for role in self.clients.keys where self.baseline[role] == nil { self.baseline[role] = 0 }
        for (index, step) in self.scenario.steps.enumerated() {
            try await self.perform(step)
            for (role, events) in step.expect { self.expected[role, default: []] += events }
            try await self.check(step: "\(index) \(step.do)")
        }
    }

    /// Waits for each role's expected events, flushes every client, then compares events and models.
    mutating func check(step: String) async throws {
        for role in self.clients.keys.sorted() {
            let client = self.clients[role]!
            let want = (self.baseline[role] ?? 0) + (self.expected[role]?.count ?? 0)
            _ = try? await client.log.wait(for: "\(want) server events for \(role)") { $0.filter(\.isServerEvent).count >= want }
        }
        for role in self.clients.keys.sorted() where await self.clients[role]!.client.isLoggedIn {
            try await self.clients[role]!.settle()
        }
        let state = await self.sim.simulator.state()
        for role in self.clients.keys.sorted() {
            let client = self.clients[role]!
            let received = client.log.all.filter(\.isServerEvent).dropFirst(self.baseline[role] ?? 0)
            let wire = received.map { WireEvent(json: $0.json.objectValue ?? [:]) }
            let problems = self.table.mismatches(expected: self.expected[role] ?? [], received: Array(wire), role: role, calls: &self.calls)
                .filter { !$0.contains("params/_type/topics") }
            for problem in problems { Issue.record("\(self.scenario.id) step \(step): \(problem)") }
            let views = await client.views(state)
            if !views.client.matches(views.simulator, allowUnheardParties: self.modelDifferenceExpected(role: role)) {
                Issue.record("\(self.scenario.id) step \(step): \(role) call model \(views.client) ≠ simulator \(views.simulator)")
            }
        }
    }

    /// Roles whose events never name some parties of their call (see ``ModelView/matches(_:allowUnheardParties:)``):
    /// a silent monitor (forceListen) knows only the caller; the consult → transfer target never
    /// hears of the held party; the consultee joined into a conference never hears of the held call's parties.
    func modelDifferenceExpected(role: String) -> Bool {
        self.scenario.steps.contains { $0.do == "spy" && $0.arg("as") == role }
            || (["consult-transfer", "consult-conference"].contains(self.scenario.id) && role == "C")
    }

    func client(_ role: String) throws -> ClientUnderTest {
        guard let client = self.clients[role] else { throw HarnessError(description: "no client for role \(role)") }
        return client
    }

    func number(_ role: String) -> String { self.table.roles[role]?.number ?? role }
    func device(_ role: String) -> String { self.table.device(role) ?? role }
    func call(_ placeholder: String) throws -> String {
        guard let id = self.calls[placeholder] else { throw HarnessError(description: "call \(placeholder) is not bound") }
        return id
    }

    mutating func bind(_ step: ScenarioTable.Step, _ id: String?) {
        let name = step.arg("bind")
        guard !name.isEmpty, let id, !id.isEmpty else { return }
        self.calls[name] = id
    }

    mutating func perform(_ step: ScenarioTable.Step) async throws {
        let a = step.arg
        let acting = a("as")
        switch step.do {
        case "login":
            try await self.client(a("agent")).login()
        case "setState":
            let mode: WellClientConfiguration.AgentMode = a("mode") == "Ready" ? .ready : .notReady
            if acting.isEmpty {
                try await self.client(a("agent")).client.setAgentMode(mode, reason: a("reason"))
            } else {
                let target = try self.client(a("agent"))
                let supervisor = try self.client(acting).client
                if mode == .ready {
                    try await supervisor.forceReady(agentId: target.agentId, deviceId: target.device)
                } else {
                    try await supervisor.forceNotReady(agentId: target.agentId, deviceId: target.device)
                }
            }
        case "logout":
            if acting.isEmpty {
                try await self.client(a("agent")).client.logout()
            } else {
                let target = try self.client(a("agent"))
                try await self.client(acting).client.forceLogout(agentId: target.agentId, deviceId: target.device)
            }
        case "makeCall":
            let id = try await self.client(a("from")).client.makeCall(self.number(a("to")))
            self.bind(step, id)
        case "answer":
            try await self.client(a("device")).client.answerCall(try self.call(a("call")))
        case "drop":
            if acting.isEmpty {
                try await self.client(a("device")).client.dropConnection(try self.call(a("call")))
            } else {
                try await self.client(acting).client.forceDrop(deviceId: self.device(a("device")), callId: try self.call(a("call")))
            }
        case "hold":
            try await self.client(a("device")).client.holdCall(try self.call(a("call")))
        case "retrieve":
            try await self.client(a("device")).client.retrieveCall(try self.call(a("call")))
        case "singleStepTransfer":
            if acting.isEmpty {
                try await self.client(a("device")).client.singleStepTransfer(try self.call(a("call")), to: self.number(a("to")))
            } else {
                try await self.client(acting).client.forceTake(
                    deviceId: self.device(a("device")), callId: try self.call(a("call")), number: self.number(a("to")))
            }
        case "singleStepConference":
            if acting.isEmpty {
                try await self.client(a("device")).client.singleStepConference(try self.call(a("call")), to: self.number(a("to")))
            } else {
                try await self.client(acting).client.forceJoin(
                    deviceId: self.device(a("device")), callId: try self.call(a("call")), number: self.number(a("to")))
            }
        case "consult":
            let id = try await self.client(a("device")).client.consult(try self.call(a("call")), to: self.number(a("to")))
            self.bind(step, id)
        case "conference":
            try await self.client(a("device")).client.conference(held: try self.call(a("call")), consult: try self.call(a("consultCall")))
        case "transfer":
            try await self.client(a("device")).client.transferCall(held: try self.call(a("call")), consult: try self.call(a("consultCall")))
        case "cancelConsult":
            try await self.client(a("device")).client.cancelConsult(held: try self.call(a("call")), consult: try self.call(a("consultCall")))
        case "spy":
            try await self.client(acting).client.forceListen(callId: try self.call(a("call")), deviceId: self.device(a("device")))
        case "setCallData":
            let actor = self.scenario.setup.loggedIn.first ?? ""
            try await self.client(actor).client.setCallData(try self.call(a("call")), [(key: a("key"), value: a("value"))])
            let data = try await self.client(actor).client.getCallData(try self.call(a("call")))
            #expect(data[a("key")]?.stringValue == a("value"), "getCallData: \(data)")
        case "ring":
            let id = try await self.sim.simulator.ring(self.number(a("to")), from: self.number(a("from")))
            self.bind(step, id)
        case "outsideAnswer":
            try await self.sim.simulator.answer(from: self.number(a("party")))
        case "outsideHangup":
            try await self.sim.simulator.hangup(from: self.number(a("party")))
        case "outsideBusy":
            await self.sim.simulator.busy(from: self.number(a("party")))
        case "outsideBehaviour":
            let behaviour: OutsidePartyBehaviour =
                switch a("behaviour") {
                case "answer": .answer(after: .milliseconds(Int(a("delayMs")) ?? 0))
                case "busy": .busy
                default: .ringUntilTold
                }
            await self.sim.simulator.setOutsideBehaviour(behaviour, for: self.number(a("party")))
        default:
            Issue.record("unknown action \(step.do)")
        }
    }
}
