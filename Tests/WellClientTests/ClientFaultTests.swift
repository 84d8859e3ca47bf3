import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// Faults injected by the simulator, seen from a real client: 426 re-login, dropped
/// WebSockets (with and without changes while cut off), duplicate serials, malformed events,
/// ERROR frames, and an unreachable server.
struct ClientFaultTests {
    /// Fails the test with both views unless the client's model matches the simulator's state.
    static func expectModelMatches(
        _ client: ClientUnderTest, _ sim: SimulatorHarness, allowUnheardParties: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let views = await client.views(await sim.simulator.state())
        #expect(
            views.client.matches(views.simulator, allowUnheardParties: allowUnheardParties),
            "\(client.job): client \(views.client) ≠ simulator \(views.simulator)", sourceLocation: sourceLocation)
    }

    @Test func expiredSessionIsReloggedAndTheRequestRetriedOnce() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            let before = await a.client.sessionId
            await sim.simulator.inject(.expireSession)
            let result = try await a.client.setAgentMode(.notReady, reason: "1")
            #expect(result.pending == false)
            try await a.log.wait(forEvent: "agentNotReady")
            let after = await a.client.sessionId
            #expect(after != nil && after != before, "a new TPI session is in use")
            // The new session works for the next request, and the old one is gone.
            try await a.client.setAgentMode(.ready)
            try await a.log.wait(forEvent: "agentReady", count: 2)
        }
    }

    /// A reconnect whose client-state fails (500) must not leave the model unsynchronised with
    /// only a log line: the client reconnects again and resyncs; the call is still known.
    @Test func failedResyncAfterAReconnectIsRetried() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5002", "8002")]) { sim, clients in
            let (a, b) = (clients[0], clients[1])
            let callId = try await a.client.makeCall("8002")
            try await b.log.wait(forEvent: "delivered")
            await sim.simulator.inject(.serverError)
            await sim.simulator.inject(.dropWebSockets)
            // One of the two clients' client-state gets the 500; both must end up resynced. That
            // one reconnects twice, so it gets more than the one-reconnect bound of the others.
            for client in [a, b] {
                let event = try await client.log.wait(forEvent: "wsReconnectSucceed", timeout: .seconds(30))
                guard case .wsReconnectSucceed(let info) = event else { continue }
                #expect(info.calls.map(\.callId) == [callId])
                await Self.expectModelMatches(client, sim)
            }
        }
    }

    @Test func reconnectAfterDroppedWebSocketsMidCall() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5002", "8002")]) { sim, clients in
            let (a, b) = (clients[0], clients[1])
            let callId = try await a.client.makeCall("8002")
            try await b.log.wait(forEvent: "delivered")
            try await b.client.answerCall(callId)
            try await a.log.wait(forEvent: "established")
            try await b.log.wait(forEvent: "established")
            await sim.simulator.inject(.dropWebSockets)
            for client in [a, b] {
                let event = try await client.log.wait(forEvent: "wsReconnectSucceed")
                guard case .wsReconnectSucceed(let info) = event else { continue }
                #expect(info.agentMode == "Ready")
                #expect(info.calls.map(\.callId) == [callId])
                #expect(info.calls.first?.ownState == .connected)
                await Self.expectModelMatches(client, sim)
            }
            // The call still works after the reconnect.
            try await a.client.holdCall(callId)
            try await b.log.wait(forEvent: "held")
            try await a.settle()
            await Self.expectModelMatches(a, sim)
            await Self.expectModelMatches(b, sim)
            try await b.client.dropConnection(callId)
            try await a.log.wait(forEvent: "callEnded")
            try await a.settle()
            #expect(await a.client.callMemory().calls.isEmpty)
        }
    }

    /// A client whose reconnect waits `delay`, so the test can change the call while it is cut off.
    static func slowReconnect(_ sim: SimulatorHarness, job: String, ext: String, delay: Duration) -> WellClientConfiguration {
        var configuration = ClientHarness.configuration(sim, job: job, ext: ext)
        configuration.reconnect = ReconnectPolicy(initialDelay: delay, maxDelay: delay, jitter: 0)
        return configuration
    }

    /// Waits until the simulator has `count` open WebSockets.
    static func waitForWebSockets(_ sim: SimulatorHarness, _ count: Int) async throws {
        try await eventually("\(count) open WebSockets", timeout: .seconds(5)) { await sim.simulator.state()["webSockets"]?.intValue == count }
    }

    @Test func farEndHangsUpWhileTheClientIsCutOff() async throws {
        try await SimulatorHarness.with { sim in
            try await ClientHarness.with([Self.slowReconnect(sim, job: "5001", ext: "8001", delay: .seconds(1))]) { clients in
                let a = clients[0]
                try await a.login()
                let callId = try await a.client.makeCall("13800138000")
                try await sim.simulator.answer(from: "13800138000")
                try await a.log.wait(forEvent: "established")
                await sim.simulator.inject(.dropWebSockets)
                try await Self.waitForWebSockets(sim, 0)
                // Cut off: the far end hangs up; the client cannot hear it.
                try await sim.simulator.hangup(from: "13800138000")
                #expect(await a.client.callMemory().call(callId) != nil)
                try await a.log.wait(forEvent: "wsReconnectSucceed", timeout: .seconds(10))
                #expect(await a.client.callMemory().calls.isEmpty)
                await Self.expectModelMatches(a, sim)
                // Idle again: a new call is allowed.
                try await a.client.makeCall("13900139000")
                try await a.log.wait(forEvent: "delivered", count: 2)
                await Self.expectModelMatches(a, sim)
            }
        }
    }

    @Test func farEndHoldsWhileTheClientIsCutOff() async throws {
        // B's raw STOMP link is dropped too and never comes back: keep the simulator from
        // treating B as vanished (60 s in `.testing()`) while A takes its time to reconnect.
        var configuration = SimulatorConfiguration.testing()
        configuration.vanishedAgentTimeout = .seconds(120)
        try await SimulatorHarness.with(configuration) { sim in
            // B is played through raw REST (its STOMP link is irrelevant here).
            let b = try await sim.loginAgent(job: "5002", extension: "8002")
            try await ClientHarness.with([Self.slowReconnect(sim, job: "5001", ext: "8001", delay: .seconds(1))]) { clients in
                let a = clients[0]
                try await a.login()
                let callId = try await a.client.makeCall("8002")
                let answer = try await sim.send(try .answerCall(callId: callId, deviceId: b.device), session: b.session)
                #expect(answer.status == 204)
                try await a.log.wait(forEvent: "established")
                await sim.simulator.inject(.dropWebSockets)
                try await Self.waitForWebSockets(sim, 0)
                let hold = try await sim.send(try .holdCall(callId: callId, deviceId: b.device), session: b.session)
                #expect(hold.status == 204)
                try await a.log.wait(forEvent: "wsReconnectSucceed", timeout: .seconds(10))
                // client-state lists every party with its state: B's hold made while A was cut
                // off is in the rebuilt model.
                let views = await a.views(await sim.simulator.state())
                #expect(views.client.calls.map(\.callId) == [callId])
                #expect(views.client.calls.first?.others == [b.device: "Hold"])
                await Self.expectModelMatches(a, sim)
                // From here on events flow again: B retrieves, and the models agree completely.
                let retrieve = try await sim.send(try .retrieveCall(callId: callId, deviceId: b.device), session: b.session)
                #expect(retrieve.status == 204)
                try await a.log.wait(forEvent: "retrieved")
                try await a.settle()
                await Self.expectModelMatches(a, sim)
            }
            await b.events.close()
        }
    }

    /// client-state used to report only the agent's newest call: a client reconnecting in the
    /// middle of a consultation lost the held call. Now every call comes back, with every party's state.
    @Test func reconnectDuringAConsultationRecoversBothCalls() async throws {
        // Under load the reconnect may take longer than `.testing()`'s 2 s vanished-agent sweep.
        var configuration = SimulatorConfiguration.testing()
        configuration.vanishedAgentTimeout = .seconds(120)
        try await SimulatorHarness.with(configuration) { sim in
            try await ClientHarness.with([Self.slowReconnect(sim, job: "5001", ext: "8001", delay: .seconds(1))]) { clients in
                let a = clients[0]
                try await a.login()
                let callId = try await sim.simulator.ring("8001", from: "13900139000")
                try await a.log.wait(forEvent: "delivered")
                try await a.client.answerCall(callId)
                let consultId = try #require(try await a.client.consult(callId, to: "13800138000"))
                try await a.settle()
                await sim.simulator.inject(.dropWebSockets)
                try await Self.waitForWebSockets(sim, 0)
                // While A is cut off the consulted party answers: A misses `established`.
                try await sim.simulator.answer(from: "13800138000")
                try await a.log.wait(forEvent: "wsReconnectSucceed", timeout: .seconds(10))
                try await a.settle()
                let memory = await a.client.callMemory()
                #expect(memory.calls.map(\.callId) == [callId, consultId])
                #expect(memory.call(callId)?.ownState == .held)
                #expect(memory.call(consultId)?.party("13800138000@demo.cc")?.state == .connected)
                await Self.expectModelMatches(a, sim)
                // The recovered calls are usable: cancel the consultation, the held call comes back.
                try await a.client.cancelConsult(held: callId, consult: consultId)
                try await a.settle()
                #expect(await a.client.callMemory().call(callId)?.ownState == .connected)
                await Self.expectModelMatches(a, sim)
            }
        }
    }

    @Test func duplicateSerialsAreSuppressed() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            await sim.simulator.inject(.duplicateSerial)
            try await a.client.setAgentMode(.notReady, reason: "2")
            try await a.settle()
            #expect(a.log.serverNames.filter { $0 == "agentNotReady" }.count == 1)
            let serials = a.log.all.compactMap(\.serial)
            #expect(Set(serials).count == serials.count)
        }
    }

    @Test func malformedEventsDoNotBreakTheStream() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            await sim.simulator.inject(.badEvent)
            try await a.client.setAgentMode(.notReady)
            try await a.log.wait(forEvent: "agentNotReady")
            try await a.settle()
            #expect(!a.log.all.contains { $0.name == "wsReconnectSucceed" }, "a bad event is dropped, the link stays")
            #expect(await a.client.callMemory().agent.mode == "NotReady")
        }
    }

    @Test func errorFrameMakesTheClientReconnect() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            await sim.simulator.inject(.errorFrame)
            try await a.log.wait(forEvent: "wsReconnectSucceed")
            try await a.client.setAgentMode(.notReady)
            try await a.log.wait(forEvent: "agentNotReady")
            await Self.expectModelMatches(a, sim)
        }
    }

    @Test func unreachableServerFailsWithAClearError() async throws {
        // A port that is held but never listens: every connect is refused, and no parallel
        // test's server can take it meanwhile.
        let refusing = try RefusingPort()
        try await SimulatorHarness.with { sim in
            var configuration = ClientHarness.configuration(sim, job: "5001", ext: "8001")
            configuration.server.url = URL(string: "http://127.0.0.1:\(refusing.port)")!
            configuration.requestTimeout = .seconds(3)
            configuration.connectTimeout = .seconds(3)
            try await ClientHarness.with([configuration]) { clients in
                let error = await #expect(throws: WellClientError.self) { try await clients[0].login() }
                #expect(error?.kind == .transport || error?.kind == .timeout, "\(String(describing: error))")
                #expect(error?.operation == "TPI login")
                #expect(await !clients[0].client.isLoggedIn)
            }
        }
        withExtendedLifetime(refusing) {}
    }

    @Test func unreachableEventChannelFailsTheLogin() async throws {
        let refusing = try RefusingPort()
        try await SimulatorHarness.with { sim in
            var configuration = ClientHarness.configuration(sim, job: "5001", ext: "8001")
            configuration.server.wsURL = URL(string: "ws://127.0.0.1:\(refusing.port)/mvc/stomp/websocket")!
            try await ClientHarness.with([configuration]) { clients in
                let error = await #expect(throws: WellClientError.self) { try await clients[0].login() }
                #expect(error?.kind == .transport || error?.kind == .timeout, "\(String(describing: error))")
                #expect(await ClientLoginTests.agentState(sim, "5001@demo.cc")?["agentMode"]?.stringValue == "Logout")
            }
        }
        withExtendedLifetime(refusing) {}
    }
}
