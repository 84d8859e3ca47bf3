import Foundation
import Testing
import WellClient
import WellDBus
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport

/// The desktop side goes away (issue #5, faults): the notification server dies and comes back
/// (the agent keeps running and shows its calls again), and the session bus dies (the agent
/// process exits non-zero, so systemd's `Restart=on-failure` brings it back).
@Suite("Agent faults: notification server and session bus", .serialized, .timeLimit(.minutes(3)))
struct AgentFaultBusTests {
    @Test("the notification server disappears and comes back: the agent keeps running; the ringing call is shown again and Answer works")
    func notificationServerComesBack() async throws {
        try await AgentFaultRig.run { rig in
            let mock = try #require(rig.harness.mock)
            mock.stop()
            try await eventually("the agent noticing the server is gone") {
                try await rig.harness.status()["notifications"]?["actions"] == false
            }
            // Meanwhile a call rings: the agent stays up, Status shows it, the text goes to the terminal.
            let callId = try await rig.simulator.ring("8001", from: "13800138000")
            try await rig.waitForStatus("the ringing call") { $0["calls"]?.arrayValue?.first?["callId"]?.stringValue == callId }
            try await eventually("the notification printed instead") {
                rig.harness.printed.all.contains { $0.contains("13800138000") }
            }
            // The server comes back (a new process, a new unique name, ids from 1 again).
            try await mock.restart()
            let shown = try await rig.harness.notify { $0.body.contains("13800138000") && $0.actions.contains("answer") }
            try await rig.waitForStatus("the call's notification on the new server") {
                $0["notifications"]?["actions"] == true && $0["notifications"]?["calls"]?[callId] != nil
            }
            let id = try #require(try await rig.harness.status()["notifications"]?["calls"]?[callId]?.intValue)
            #expect(shown.replacesID == 0, "a fresh notification on the new server, not a replacement of an id it never issued")
            try await rig.harness.control.invokeAction(id: UInt32(id), key: "answer")
            try await eventually("8001 connected") { await rig.simulatorPartyState("8001") == "Connect" }
            try await rig.waitForStatus("the call connected") { AgentFaultRestartTests.ownState($0) == "Connect" }
        }
    }

    @Test("the session bus goes away: `wellclient agent` exits non-zero")
    func busLossEndsTheProcessWithFailure() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "build the wellclient product first (swift build)")
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let home = try TemporaryHome(label: "agent-busloss")
        defer { home.remove() }
        let sim = try await SimulatorHarness.start()
        try AgentHarness.writePrivate(AgentHarness.config(url: sim.baseURL), to: home.configHome + "/wellclient/config.toml")
        let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])
        let peer = try await DBusConnection.connect(address: bus.address)
        let outcome = try await withThrowingTaskGroup(of: ToolRun?.self) { group in
            group.addTask { try await ToolRun.run(binary, ["agent"], environment: environment) }
            // Wait until the agent serves and is logged in. A timeout is recorded, not thrown:
            // the steps below stop the bus, which is what ends the child agent.
            var loggedIn = false
            do {
                try await eventually("the child agent logged in", timeout: .seconds(30), pollInterval: .milliseconds(100)) {
                    if let text = try? await peer.call(
                        destination: ControlInterface.busName, path: ControlInterface.objectPath,
                        interface: ControlInterface.interface, member: "Status", timeout: .seconds(2)
                    ).first?.string {
                        loggedIn = text.contains(#""login":"loggedIn""#)
                    }
                    return loggedIn
                }
            } catch is EventuallyTimedOut {}
            #expect(loggedIn, "the child agent never logged in")
            let pid = try await peer.call(
                destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
                member: "GetConnectionUnixProcessID", arguments: [.string(ControlInterface.busName)]
            ).first?.uint32
            await peer.close()
            bus.stop()
            // Bounded wait; a hung agent is killed by its pid and fails the test.
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                if !Task.isCancelled, let pid { kill(pid_t(pid), SIGKILL) }
                return nil
            }
            var result: ToolRun?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return result
        }
        await sim.stop()
        let run = try #require(outcome, "the agent did not exit within 30 s after the bus went away")
        #expect(run.exitCode != nil && run.exitCode != 0, "\(run)")
        #expect((run.standardOutput + run.standardError).contains("bus"), "\(run)")
    }
}
