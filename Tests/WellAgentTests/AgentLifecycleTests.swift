import Foundation
import Testing
import WellDBus
import WellControl
import WellAgent
import WellProtocol
import WellSimulator
import WellTestSupport

/// Start-up and shut-down paths of the agent: the SIGTERM logic (called directly), recovery of
/// a kept session, loss of the bus, and the demo mode.
@Suite("Desktop agent lifecycle", .serialized, .timeLimit(.minutes(3)))
struct AgentLifecycleTests {
    private func simulatorAgentMode(_ harness: AgentHarness) async -> String? {
        let agents = await harness.sim.simulator.state()["agents"]?.arrayValue ?? []
        return agents.first { $0["agentId"]?.stringValue == "5001@demo.cc" }?["agentMode"]?.stringValue
    }

    @Test("shutdown with no call logs out and stores no session")
    func shutdownIdleLogsOut() async throws {
        try await AgentHarness.run { harness in
            #expect(await simulatorAgentMode(harness) != nil)
            #expect(await harness.agent.shutdown() == .loggedOut)
            let mode = await simulatorAgentMode(harness)
            #expect(mode == nil || mode == "Logout")
            #expect(!FileManager.default.fileExists(atPath: harness.home.stateHome + "/wellclient/session"))
        }
    }

    @Test("shutdown with stayLoggedIn keeps the server-side login")
    func shutdownStayLoggedIn() async throws {
        try await AgentHarness.run(configText: { AgentHarness.config(url: $0, agent: "stayLoggedIn = true") }) { harness in
            #expect(await harness.agent.shutdown() == .stayedLoggedIn)
            let mode = await simulatorAgentMode(harness)
            #expect(mode != nil && mode != "Logout")
        }
    }

    @Test("shutdown with a call keeps the session (0600) and the next agent recovers it")
    func shutdownWithCallKeepsSessionForRecovery() async throws {
        try await AgentHarness.run { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.count == 1 }
            try await harness.call("Answer", [.string("")])
            try await eventually("8001 connected at the simulator") { await harness.simulatorPartyState("8001") == "Connect" }

            #expect(await harness.agent.shutdown() == .keptForRecovery)
            let path = harness.home.stateHome + "/wellclient/session"
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("sessionId"))
            #expect(!text.contains("123456"))
            #expect(await harness.simulatorPartyState("8001") == "Connect")
            // Wait until the first agent has released the name.
            try await eventually("the agent to release its bus name") { try await harness.peer.getNameOwner(ControlInterface.busName) == nil }

            // The next start recovers the session instead of logging in.
            let second = AgentService(
                options: AgentOptions(
                    environment: harness.home.environment(["DBUS_SESSION_BUS_ADDRESS": harness.bus.address]),
                    busAddress: harness.bus.address, print: { _ in }))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await second.run() }
                #expect(await second.waitUntilReady() == "ready")
                try await harness.waitForStatus { $0["login"] == "loggedIn" && $0["calls"]?.arrayValue?.count == 1 }
                #expect(!FileManager.default.fileExists(atPath: path))
                // The recovered call can be hung up over D-Bus.
                try await harness.call("HangUp", [.string("")])
                try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }
                try await harness.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == true }
                #expect(await second.shutdown() == .loggedOut)
                try await group.waitForAll()
            }
        }
    }

    @Test("when the bus goes away run() throws busLost")
    func busLossFails() async throws {
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let home = try TemporaryHome(label: "agent-bus")
        defer { home.remove() }
        let agent = AgentService(
            options: AgentOptions(
                environment: home.environment(), busAddress: bus.address, print: { _ in }))
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await agent.run() }
            #expect(await agent.waitUntilReady() == "ready")
            bus.stop()
            await #expect(throws: AgentFailure.busLost) { try await group.next() }
        }
    }

    @Test("--demo: in-process server, demo login without a config file, bus address file written and removed")
    func demoMode() async throws {
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let home = try TemporaryHome(label: "agent-demo")
        defer { home.remove() }
        let printed = AgentHarness.Printed()
        let simulator = CTISimulator(configuration: .testing())
        let agent = AgentService(
            options: AgentOptions(
                environment: home.environment(), demo: true, demoPort: 0, busAddress: bus.address,
                startDemoServer: { port in
                    #expect(port == 0)
                    let url = try await simulator.start()
                    return DemoServer(url: url, stop: { await simulator.stop() })
                },
                print: { printed.append($0) }))
        let peer = try await DBusConnection.connect(address: bus.address)
        let file = BusAddressFile(environment: home.environment())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await agent.run() }
            #expect(await agent.waitUntilReady() == "ready")
            #expect(file.read() == bus.address)
            #expect(printed.all.joined().contains("wellclient dial 8002"))
            #expect(printed.all.joined().contains("wellclient sim ring 8001 --from 13800138000"))
            var status: JSONValue = .null
            try await eventually(
                "Status saying logged in", timeout: .seconds(15), pollInterval: .milliseconds(50),
                lastSeen: { AgentJSONText.string(status) }
            ) {
                let text =
                    try await peer.call(
                        destination: ControlInterface.busName, path: ControlInterface.objectPath,
                        interface: ControlInterface.interface, member: "Status"
                    ).first?.string ?? ""
                status = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
                return status["login"] == "loggedIn"
            }
            #expect(status["agentId"] == "5001@demo.cc")
            #expect(status["deviceId"] == "8001@demo.cc")
            #expect(status["demo"] == true)
            // Stopping with a call up: the demo server ends with the agent, so no session is
            // stored for a recovery that could never work.
            let callId = try await peer.call(
                destination: ControlInterface.busName, path: ControlInterface.objectPath,
                interface: ControlInterface.interface, member: "Dial",
                arguments: [.string("8002")]
            ).first?.string
            #expect(callId?.isEmpty == false)
            // Dial answers when the server accepted the call; the agent knows it once its events
            // came. A bounded wait only: the shutdown below is checked either way.
            do {
                try await eventually("the call in the agent's Status", timeout: .seconds(15)) {
                    let text =
                        try await peer.call(
                            destination: ControlInterface.busName, path: ControlInterface.objectPath,
                            interface: ControlInterface.interface, member: "Status"
                        ).first?.string ?? ""
                    return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))["calls"]?.arrayValue?.count == 1
                }
            } catch is EventuallyTimedOut {}
            let outcome = await agent.shutdown()
            #expect(outcome == .endedWithDemoServer)
            try await group.waitForAll()
        }
        #expect(file.read() == nil)
        if let saved = SavedSession.defaultPath(environment: home.environment()) {
            #expect(!FileManager.default.fileExists(atPath: saved))
        }
        await peer.close()
    }
}
