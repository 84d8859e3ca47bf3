import Foundation
import Synchronization
import Testing
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport
import WellAgent
import WellDBus

/// Session trouble as the person at the desk sees it: `loginMode = "ask"` when the agent is
/// logged in elsewhere, and the event link to the server lost and restored.
@Suite("Desktop agent: login prompt and link notices", .serialized, .timeLimit(.minutes(3)))
struct AgentSessionNoticeTests {
    typealias Name = ControlInterface.ErrorName
    static let prompt = "This agent is logged in elsewhere. Log in here?"
    static let sessionEnded = "The call server ended the session while the connection was down; logging in again…"

    /// The same agent (5001 on 8001) logged in by someone else before the agent under test starts.
    final class Elsewhere: Sendable {
        private let agent = Mutex<SimulatorHarness.Agent?>(nil)
        var events: [WireEvent] { agent.withLock { $0?.events.events ?? [] } }

        func login(_ sim: SimulatorHarness) async throws {
            let logged = try await sim.loginAgent(job: "5001", extension: "8001", mode: "NotReady")
            agent.withLock { $0 = logged }
        }

        func close() async {
            let client = agent.withLock { $0?.events }
            await client?.close()
        }
    }

    static func askConfig(_ url: URL) -> String { AgentHarness.config(url: url, agent: "loginMode = \"ask\"") }

    static func simulatorAgentMode(_ harness: AgentHarness) async -> String? {
        let agents = await harness.sim.simulator.state()["agents"]?.arrayValue ?? []
        return agents.first { $0["agentId"]?.stringValue == "5001@demo.cc" }?["agentMode"]?.stringValue
    }

    @Test("loginMode ask: a critical 'Log in here' / Cancel prompt; 'Log in here' forces the login and closes the prompt")
    func askAndForce() async throws {
        let elsewhere = Elsewhere()
        try await AgentHarness.run(
            configText: { Self.askConfig($0) }, waitForLogin: false,
            beforeAgent: { try await elsewhere.login($0) }
        ) { harness in
            let prompt = try await harness.notify { $0.summary == Self.prompt }
            #expect(prompt.actions == ["force", "Log in here", "cancel", "Cancel"])
            #expect(prompt.hints["urgency"] == .byte(2))
            #expect(prompt.expireTimeout == 0)
            #expect(try await harness.status()["login"] == "loggingIn")
            let id = try #require(try await harness.lastNotifyID())

            try await harness.control.invokeAction(id: id, key: "force")
            try await harness.waitForStatus { $0["login"] == "loggedIn" }
            try await eventually("the notification closed") { try await harness.wasClosed(id) }
            // The other session was logged out; ours works.
            try await eventually("agentLoggedOff at the other session") { elsewhere.events.contains { $0.eventName?.rawValue == "agentLoggedOff" } }
            let callId = try #require(try await harness.call("Dial", [.string("8002")]).first?.string)
            #expect(await harness.simulatorCalls().contains { $0["callId"]?.stringValue == callId })
        }
        await elsewhere.close()
    }

    @Test("loginMode ask: Cancel leaves the other login alone; the agent says so once and refuses calls")
    func askAndCancel() async throws {
        let elsewhere = Elsewhere()
        try await AgentHarness.run(
            configText: { Self.askConfig($0) }, waitForLogin: false,
            beforeAgent: { try await elsewhere.login($0) }
        ) { harness in
            _ = try await harness.notify { $0.summary == Self.prompt }
            let id = try #require(try await harness.lastNotifyID())
            try await harness.control.invokeAction(id: id, key: "cancel")
            try await harness.waitForStatus { $0["login"] == "failed" }
            let status = try await harness.status()
            #expect(status["lastError"]?.stringValue?.contains("logged in elsewhere") == true, "\(AgentJSONText.string(status))")
            let failed = try await harness.notify { $0.summary == "Agent login failed" }
            #expect(failed.body.contains("logged in elsewhere"))

            let dial = await harness.callError("Dial", [.string("8002")])
            #expect(dial?.name == Name.notLoggedIn)
            #expect(await harness.simulatorCalls().isEmpty)
            #expect(await Self.simulatorAgentMode(harness) == "NotReady")
            #expect(!elsewhere.events.contains { $0.eventName?.rawValue == "agentLoggedOff" })
            let notices = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
            #expect(notices.filter { $0.summary == "Agent login failed" }.count == 1)
            #expect(notices.filter { $0.summary == Self.prompt }.count == 1)
        }
        await elsewhere.close()
    }

    @Test("loginMode ask: no answer within the prompt time declines like Cancel and closes the prompt")
    func askUnanswered() async throws {
        let elsewhere = Elsewhere()
        try await AgentHarness.run(
            configText: { Self.askConfig($0) }, waitForLogin: false,
            options: { $0.promptTimeout = .milliseconds(500) },
            beforeAgent: { try await elsewhere.login($0) }
        ) { harness in
            _ = try await harness.notify { $0.summary == Self.prompt }
            let id = try #require(try await harness.lastNotifyID())
            try await harness.waitForStatus { $0["login"] == "failed" }
            #expect(try await harness.wasClosed(id))
            #expect(await Self.simulatorAgentMode(harness) == "NotReady")
        }
        await elsewhere.close()
    }

    @Test("a brief drop the server survives is not told (no spam); the link comes back and calls work")
    func briefDropNotTold() async throws {
        var simulator = SimulatorConfiguration.testing()
        simulator.vanishedAgentTimeout = .seconds(60)
        try await AgentHarness.run(simulator: simulator) { harness in
            try await AgentSignalLog.watching(busAddress: harness.bus.address) { log in
                await harness.sim.simulator.inject(.dropWebSockets)
                try await eventually("the wsReconnectSucceed Event signal") { log.arguments(of: "Event").contains { $0.first == "wsReconnectSucceed" } }
                try await harness.waitForStatus { $0["server"]?["connection"] == "up" && $0["login"] == "loggedIn" }
                #expect(try await harness.control.calls("Notify").isEmpty)
                try await harness.sim.simulator.ring("8001", from: "13800138000")
                let ringing = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
                #expect(ringing.body.contains("13800138000"))
                #expect(try await harness.control.calls("Notify").count == 1)
            }
        }
    }

    @Test("the server ended the session while the link was down: told once, the agent logs in again and presents calls")
    func sessionEndedDuringDropLogsInAgain() async throws {
        // A simulator that logs out an agent unseen for 2 s once its WebSocket is gone.
        var simulator = SimulatorConfiguration.testing()
        simulator.vanishedAgentTimeout = .seconds(2)
        try await AgentHarness.run(simulator: simulator) { harness in
            try await Task.sleep(for: .milliseconds(2500))
            await harness.sim.simulator.inject(.dropWebSockets)
            let told = try await harness.notify { $0.body == Self.sessionEnded }
            #expect(told.hints["category"] == .string("network"))
            try await harness.waitForStatus { $0["login"] == "loggedIn" && $0["server"]?["connection"] == "up" }
            #expect(await Self.simulatorAgentMode(harness) == "NotReady")
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            let notices = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
            #expect(notices.filter { $0.body == Self.sessionEnded }.count == 1)
            #expect(!notices.contains { $0.summary == "Agent login failed" })
            try await harness.sim.simulator.hangup(from: "13800138000")
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == true }
        }
    }
}

extension AgentHarness {
    /// Whether the mock was asked to close notification `id` (dbusmock records the id as int32).
    func wasClosed(_ id: UInt32) async throws -> Bool {
        try await control.calls("CloseNotification").contains { $0.first == .uint32(id) || $0.first == .int32(Int32(id)) }
    }
}
