import Foundation
import Testing
import WellClient
import WellDBus
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport

/// The link to the server fails without telling (issue #5, faults): a WebSocket that goes
/// silent without a close, a REST side that stalls past the request timeout, and a suspend /
/// resume announced by logind on a private system bus.
@Suite("Agent faults: silent link, stalled REST, suspend/resume", .serialized, .timeLimit(.minutes(3)))
struct AgentFaultLinkTests {
    @Test("a WebSocket cut without a close: heart-beat loss detected within two periods, then a reconnect")
    func blackholedWebSocketIsDetectedByHeartBeats() async throws {
        var simulator = SimulatorConfiguration.testing()
        simulator.heartBeat = (1000, 1000)
        let period: Duration = .seconds(1)
        try await AgentFaultRig.run(
            simulator: simulator,
            client: { configuration in
                AgentFaultRig.quickClient(&configuration)
                configuration.stompHeartBeat = period
            }
        ) { rig in
            #expect(await rig.webSockets() == 1)
            let cut = ContinuousClock.now
            await rig.simulator.inject(.blackhole)
            var detectedAfter: Duration?
            try await eventually("the heart-beat watchdog to fire", timeout: .seconds(30)) {
                if detectedAfter == nil, !rig.logLines(containing: "no heart-beat from the server").isEmpty {
                    detectedAfter = ContinuousClock.now - cut
                }
                return detectedAfter != nil
            }
            // Reconnected: the silent socket was closed by the client and a new one is subscribed.
            try await eventually("a fresh WebSocket") { await rig.webSockets() == 1 }
            try await rig.waitForStatus("the link up again") { $0["server"]?["connection"] == "up" && $0["login"] == "loggedIn" }
            let reconnectedAfter = ContinuousClock.now - cut
            print("blackholed WebSocket: heart-beat period \(period), loss detected after \(detectedAfter.map { "\($0)" } ?? "never"), link up again after \(reconnectedAfter)")
            // Generous bound (two periods plus scheduling slack on a loaded machine), no timing claim beyond it.
            #expect(detectedAfter.map { $0 < .seconds(10) } == true)
            // The new link carries events: an inbound call reaches the agent.
            let callId = try await rig.simulator.ring("8001", from: "13800138000")
            try await rig.waitForStatus("the call over the new link") { $0["calls"]?.arrayValue?.first?["callId"]?.stringValue == callId }
        }
    }

    @Test("REST stalls past the request timeout: each operation fails with a timeout error, nothing hangs, then it works again")
    func stalledRestTimesOut() async throws {
        let timeout: Duration = .seconds(1)
        try await AgentFaultRig.run(client: { configuration in
            AgentFaultRig.quickClient(&configuration)
            configuration.requestTimeout = timeout
        }) { rig in
            await rig.simulator.setRestDelay(.seconds(4))
            for (member, arguments) in [("Dial", [DBusValue.string("8002")]), ("SetAgentMode", [.string("NotReady"), .string("")])] {
                let started = ContinuousClock.now
                let error = await rig.harness.callError(member, arguments)
                let elapsed = ContinuousClock.now - started
                #expect(error?.name == ControlInterface.ErrorName.unavailable, "\(member): \(String(describing: error))")
                #expect(error?.message.contains("timed out") == true, "\(member): \(String(describing: error))")
                #expect(elapsed < .seconds(10), "\(member) took \(elapsed)")
                print("stalled REST: \(member) failed after \(elapsed) (request timeout \(timeout))")
                // The D-Bus side stays responsive meanwhile.
                #expect(try await rig.harness.status()["login"] == "loggedIn")
            }
            await rig.simulator.setRestDelay(.zero)
            // Requests that were still in flight at the server may land late (a real server
            // would act on them too): wait until they have, then the agent must show the truth.
            try await Task.sleep(for: .seconds(5))
            let placed = await rig.simulatorCalls().count
            try await rig.waitForStatus("the server's calls") { $0["calls"]?.arrayValue?.count == placed }
            if placed > 0 {
                try await rig.harness.call("HangUp", [.string("")])
                try await eventually("the late call hung up") { await rig.simulatorCalls().isEmpty }
            }
            // The next operations work.
            try await rig.harness.call("SetAgentMode", [.string("Ready"), .string("")])
            try await eventually("Ready at the server") { await rig.simulatorAgentMode() == "Ready" }
            let callId = try #require(try await rig.harness.call("Dial", [.string("8002")]).first?.string)
            #expect(!callId.isEmpty)
            try await eventually("the dial at the server") { await rig.simulatorCalls().count == 1 }
        }
    }

    /// A stand-in for logind on the private system bus: owns `org.freedesktop.login1`.
    static func fakeLogind(_ rig: AgentFaultRig) async throws -> DBusConnection {
        let bus = try #require(rig.systemBus)
        let connection = try await DBusConnection.connect(address: bus.address)
        #expect(try await connection.requestName("org.freedesktop.login1") == .primaryOwner)
        return connection
    }

    static func prepareForSleep(_ connection: DBusConnection, _ sleeping: Bool) async throws {
        try await connection.emitSignal(
            path: "/org/freedesktop/login1", interface: "org.freedesktop.login1.Manager",
            member: "PrepareForSleep", arguments: [.bool(sleeping)])
    }

    @Test("resume (PrepareForSleep false on the system bus): the agent checks the link at once and reconnects a dead one")
    func resumeChecksTheLink() async throws {
        var simulator = SimulatorConfiguration.testing()
        simulator.heartBeat = (0, 0) // no heart-beats: only the resume check can find the dead link
        try await AgentFaultRig.run(simulator: simulator, withSystemBus: true) { rig in
            let logind = try await Self.fakeLogind(rig)
            try await eventually("the agent watching logind") { !rig.logLines(containing: "watching PrepareForSleep").isEmpty }

            // An imposter's PrepareForSleep is ignored.
            let imposter = try await DBusConnection.connect(address: try #require(rig.systemBus).address)
            try await Self.prepareForSleep(imposter, false)
            await imposter.close()

            // A resume with a healthy link: checked, kept.
            try await Self.prepareForSleep(logind, true)
            try await Self.prepareForSleep(logind, false)
            try await eventually("the link check after the resume") { !rig.logLines(containing: "survived the suspend").isEmpty }
            #expect(rig.logLines(containing: "the system resumed").count == 1, "only logind's signal counts")
            #expect(rig.logLines(containing: "going to sleep").count == 1)
            #expect(await rig.webSockets() == 1)

            // The link dies silently during the next sleep; the resume finds out at once.
            await rig.simulator.inject(.blackhole)
            try await Self.prepareForSleep(logind, true)
            let resumed = ContinuousClock.now
            try await Self.prepareForSleep(logind, false)
            try await eventually("the dead link noticed") { !rig.logLines(containing: "did not survive the suspend").isEmpty }
            try await eventually("a fresh WebSocket") { await rig.webSockets() == 1 }
            try await rig.waitForStatus("the link up again") { $0["server"]?["connection"] == "up" && $0["login"] == "loggedIn" }
            print("resume with a dead link: reconnected after \(ContinuousClock.now - resumed)")
            let callId = try await rig.simulator.ring("8001", from: "13800138000")
            try await rig.waitForStatus("the call over the new link") { $0["calls"]?.arrayValue?.first?["callId"]?.stringValue == callId }
            await logind.close()
        }
    }

    @Test("no system bus is no error: the agent runs and says suspend/resume is not watched")
    func missingSystemBusIsFine() async throws {
        try await AgentFaultRig.run(extraEnvironment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/wellclient-test-system-bus"]) { rig in
            try await eventually("the note about the system bus") { !rig.logLines(containing: "suspend/resume is not watched").isEmpty }
            #expect(rig.logLines(containing: "suspend/resume is not watched").allSatisfy { $0.hasPrefix("info") })
            let callId = try #require(try await rig.harness.call("Dial", [.string("8002")]).first?.string)
            #expect(!callId.isEmpty)
        }
    }
}
