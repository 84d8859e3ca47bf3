import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Logging
import Synchronization
import WellProtocol
import WellSimulator
import WellTestSupport
import WSClient

/// Plays every scenario of `scenarios.json` (docs/protocol.md §11) against a fresh in-process simulator,
/// over real loopback HTTP and STOMP-over-WebSocket, and records each agent's WebSocket messages
/// that carry a `MESSAGE` frame exactly as the server sent them.
struct ScenarioRecorder {
    /// What one agent role received in one scenario.
    struct Recording: Sendable {
        var scenario: String
        var role: String
        var loginId: String
        var device: String
        /// The raw WebSocket text messages holding `MESSAGE` frames, in arrival order.
        var messages: [[UInt8]]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let table: ScenarioTable

    /// Records every scenario; a scenario that fails is reported and skipped.
    func recordAll() async -> [Recording] {
        var recordings: [Recording] = []
        for scenario in self.table.scenarios {
            do {
                recordings += try await self.record(scenario)
            } catch {
                Figures.say("  (scenario \(scenario.id) not recorded: \(error))")
            }
        }
        return recordings
    }

    func record(_ scenario: ScenarioTable.Scenario) async throws -> [Recording] {
        // The scenario's own set-up (its tenant's after-call work, for one), as the scenario tests run it.
        var configuration = scenario.setup.simulator
        configuration.logger.logLevel = .critical
        let simulator = CTISimulator(configuration: configuration)
        let base = try await simulator.start()
        var taps: [String: EventTap] = [:]
        do {
            let result = try await self.play(scenario, simulator: simulator, base: base, taps: &taps)
            for tap in taps.values { await tap.close() }
            await simulator.stop()
            return result
        } catch {
            for tap in taps.values { await tap.close() }
            await simulator.stop()
            throw error
        }
    }

    private func play(
        _ scenario: ScenarioTable.Scenario, simulator: CTISimulator, base: URL, taps: inout [String: EventTap]
    ) async throws -> [Recording] {
        let http = BenchHTTP(base: base)
        var sessions: [String: String] = [:]
        var expected: [String: Int] = [:]
        var calls: [String: String] = [:]
        for role in scenario.agentRoles {
            guard let loginId = self.table.loginId(role), let device = self.table.device(role) else { continue }
            let session = try await http.tpiLogin(username: self.table.roles[role]!.job!, password: self.table.password, namespace: self.table.namespace)
            sessions[role] = session
            let tap = try await EventTap.open(simulator.webSocketURL!, destination: EventTopic.agent(loginId: loginId).destination)
            taps[role] = tap
            if scenario.setup.loggedIn.contains(role) {
                let login = try CSTARequest.login(
                    loginId: loginId, device: device, password: self.table.password,
                    agentMode: scenario.setup.mode, sessionId: session)
                _ = try await http.send(login, session: session)
                expected[role] = 2
                try await tap.waitFor(2)
            }
        }
        for step in scenario.steps {
            try await self.perform(step, http: http, sessions: sessions, calls: &calls)
            for (role, events) in step.expect {
                expected[role, default: 0] += events.count
                try await taps[role]?.waitFor(expected[role]!)
            }
        }
        return scenario.agentRoles.compactMap { role in
            guard let tap = taps[role], let loginId = self.table.loginId(role), let device = self.table.device(role) else { return nil }
            return Recording(scenario: scenario.id, role: role, loginId: loginId, device: device, messages: tap.messages)
        }
    }

    private func perform(
        _ step: ScenarioTable.Step, http: BenchHTTP, sessions: [String: String], calls: inout [String: String]
    ) async throws {
        let a = step.arg
        let t = self.table
        func device(_ role: String) -> String { t.device(role) ?? role }
        func number(_ role: String) -> String { t.roles[role]?.number ?? role }
        func call(_ name: String) throws -> String {
            guard let id = calls[name] else { throw Failure(description: "call \(name) not bound") }
            return id
        }
        var actor = a("agent").isEmpty ? a("device") : a("agent")
        let request: CSTARequest
        switch step.do {
        case "login":
            request = try .login(
                loginId: t.loginId(a("agent"))!, device: device(a("agent")), password: t.password,
                agentMode: a("mode"), sessionId: sessions[a("agent")])
        case "setState":
            request = try .setAgentMode(agentId: t.loginId(a("agent"))!, device: device(a("agent")), agentMode: a("mode"), reason: a("reason"))
        case "logout":
            request = try .logout(agentId: t.loginId(a("agent"))!, device: a("as").isEmpty ? nil : device(a("agent")))
        case "makeCall":
            actor = a("from")
            request = try .makeCall(from: device(a("from")), to: number(a("to")))
        case "answer": request = try .answerCall(callId: try call(a("call")), deviceId: device(a("device")))
        case "drop": request = try .dropConnection(callId: try call(a("call")), deviceId: device(a("device")))
        case "hold": request = try .holdCall(callId: try call(a("call")), deviceId: device(a("device")))
        case "retrieve": request = try .retrieveCall(callId: try call(a("call")), deviceId: device(a("device")))
        case "singleStepTransfer":
            request = try .singleStepTransfer(callId: try call(a("call")), deviceId: device(a("device")), to: number(a("to")))
        case "singleStepConference":
            request = try .singleStepConference(callId: try call(a("call")), deviceId: device(a("device")), participant: number(a("to")))
        case "consult":
            request = try .consult(callId: try call(a("call")), deviceId: device(a("device")), participant: number(a("to")))
        case "conference", "transfer", "cancelConsult":
            let operation: CSTAOperation = step.do == "conference" ? .conference : step.do == "transfer" ? .transferCall : .cancelConsult
            request = try .consultation(
                operation, heldCallId: try call(a("call")), consultCallId: try call(a("consultCall")),
                deviceId: device(a("device")))
        case "spy": request = try .spy(callId: try call(a("call")), deviceId: device(a("device")))
        case "setCallData":
            request = try .setCallData(callId: try call(a("call")), entries: [(a("key"), a("value"))])
            actor = sessions.keys.sorted().first ?? ""
        case "ring":
            let callId = try await http.control.ring(to: number(a("to")), from: number(a("from")))
            if !a("bind").isEmpty { calls[a("bind")] = callId }
            return
        case "outsideAnswer", "outsideHangup", "outsideBusy":
            let action: SimulatorControlClient.OutsideAction = ["outsideAnswer": .answer, "outsideHangup": .hangup, "outsideBusy": .busy][step.do]!
            try await http.control.outside(number(a("party")), action)
            return
        case "outsideBehaviour":
            try await http.control.outside(number(a("party")), behaviour: try SimulatorControlClient.Behaviour.named(a("behaviour"), delayMs: Int(a("delayMs")) ?? 0))
            return
        default:
            throw Failure(description: "unknown action \(step.do)")
        }
        let role = a("as").isEmpty ? actor : a("as")
        let reply = try await http.send(request, session: sessions[role] ?? sessions.values.first)
        if !a("bind").isEmpty { calls[a("bind")] = reply?["callId"]?.stringValue }
    }
}

/// A STOMP subscriber that keeps the raw WebSocket messages holding `MESSAGE` frames.
final class EventTap: Sendable {
    private let state = Mutex<(messages: [[UInt8]], arrivals: [ContinuousClock.Instant], closed: Bool)>(([], [], false))
    private let outgoing: AsyncStream<String>.Continuation
    private let task = Mutex<Task<Void, Never>?>(nil)

    private init(outgoing: AsyncStream<String>.Continuation) { self.outgoing = outgoing }

    var messages: [[UInt8]] { self.state.withLock { $0.messages } }

    /// When each message arrived (same order as ``messages``).
    var arrivals: [ContinuousClock.Instant] { self.state.withLock { $0.arrivals } }

    /// The number of `MESSAGE` frames recorded (one per WebSocket message from the simulator).
    var count: Int { self.state.withLock { $0.messages.count } }

    static func open(_ url: URL, destination: String) async throws -> EventTap {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let tap = EventTap(outgoing: continuation)
        var logger = Logger(label: "wellbench.tap")
        logger.logLevel = .critical
        let (ready, readySink) = AsyncStream.makeStream(of: Bool.self)
        let task = Task {
            do {
                try await WebSocketClient.connect(url: url.absoluteString, configuration: .init(maxFrameSize: 1 << 22), logger: logger) { inbound, outbound, _ in
                    try await outbound.write(.text("CONNECT\naccept-version:1.1,1.0\nheart-beat:0,0\n\n\u{0}"))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in stream { try await outbound.write(.text(text)) }
                        }
                        for try await message in inbound.messages(maxSize: 1 << 22) {
                            guard case .text(let text) = message else { continue }
                            if text.hasPrefix("CONNECTED") {
                                try await outbound.write(.text("SUBSCRIBE\nid:sub-0\ndestination:\(destination)\nreceipt:r-0\n\n\u{0}"))
                            } else if text.hasPrefix("RECEIPT") {
                                readySink.yield(true)
                            } else if text.hasPrefix("MESSAGE") {
                                let now = ContinuousClock.now
                                tap.state.withLock {
                                    $0.messages.append(Array(text.utf8))
                                    $0.arrivals.append(now)
                                }
                            }
                        }
                        group.cancelAll()
                    }
                }
            } catch {}
            tap.state.withLock { $0.closed = true }
            readySink.yield(false)
            continuation.finish()
        }
        tap.task.withLock { $0 = task }
        for await ok in ready {
            guard ok else { break }
            return tap
        }
        throw ScenarioRecorder.Failure(description: "no STOMP subscription at \(url)")
    }

    /// Waits (up to 10 s) until `count` messages arrived.
    func waitFor(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while self.count < count {
            if ContinuousClock.now > deadline || self.state.withLock({ $0.closed }) {
                throw ScenarioRecorder.Failure(description: "expected \(count) events, got \(self.count)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    func close() async {
        self.outgoing.yield("DISCONNECT\n\n\u{0}")
        self.outgoing.finish()
        _ = await self.task.withLock { $0 }?.value
    }
}

/// Plain loopback HTTP for the recorder (Foundation's URLSession).
struct BenchHTTP: Sendable {
    let base: URL

    func request(_ method: String, _ path: String, headers: [(String, String)], body: Data?) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: self.base.absoluteString + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func tpiLogin(username: String, password: String, namespace: String) async throws -> String {
        let form = TPILogin.formBody(username: username, password: password, namespace: namespace)
        let (status, data) = try await self.request("POST", "/login", headers: [("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")], body: Data(form.utf8))
        guard status == 200, let session = (try? JSONDecoder().decode(JSONValue.self, from: data))?["sessionId"]?.stringValue else {
            throw ScenarioRecorder.Failure(description: "TPI login of \(username) answered \(status)")
        }
        return session
    }

    func send(_ request: CSTARequest, session: String?) async throws -> JSONValue? {
        var headers = [("Content-Type", "application/json; charset=UTF-8"), ("Accept", "application/json")]
        if let session { headers.append((TPILogin.sessionHeader, session)) }
        let (status, data) = try await self.request(request.method.rawValue, request.path, headers: headers, body: request.bodyData())
        guard (200..<300).contains(status) else {
            throw ScenarioRecorder.Failure(description: "\(request.operation) answered \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The simulator's control API, through the product's one client of it.
    var control: SimulatorControlClient { SimulatorControlClient(baseURL: self.base) }
}
