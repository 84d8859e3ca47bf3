import Foundation
import STOMP
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

/// Browser clients, the STOMP handshake, faults and load, over real loopback sockets.
struct TransportTests {
    @Test(.timeLimit(.minutes(1))) func browserPreflightAndCrossOriginCalls() async throws {
        try await SimulatorHarness.with { sim in
            // A browser's preflight for a JSON POST carrying the sessionId header.
            let preflight = try await sim.send(
                method: "OPTIONS", path: "/api/csta/callControl/calls",
                headers: [
                    ("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "content-type,sessionid"),
                ])
            #expect((200..<300).contains(preflight.status))
            #expect(preflight.headers["access-control-allow-origin"] == "http://localhost:3000")
            let allowed = (preflight.headers["access-control-allow-headers"] ?? "").lowercased()
            #expect(allowed.contains("sessionid") && allowed.contains("content-type"))
            #expect((preflight.headers["access-control-allow-methods"] ?? "").contains("DELETE"))
            // The actual requests carry the allow-origin header too.
            let tpi = try await sim.send(
                method: "POST", path: "/login",
                headers: [
                    ("Origin", "http://localhost:3000"), ("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
                ], body: Data("username=5001&password=123456&namespace=demo.cc".utf8))
            #expect(tpi.status == 200 && tpi.headers["access-control-allow-origin"] == "http://localhost:3000")
            let failed = try await sim.send(method: "POST", path: "/api/csta/agent/heartbeat/5001@demo.cc", headers: [("Origin", "http://x.example")])
            #expect(failed.status == 426 && failed.headers["access-control-allow-origin"] == "http://x.example")
        }
    }

    @Test(.timeLimit(.minutes(1))) func stompJsHandshakeAndLegacyTopic() async throws {
        try await SimulatorHarness.with { sim in
            // Exactly what stomp.js sends (docs/protocol.md §7.2), as one message each.
            let client = try await StompTestClient.open(sim.webSocketURL)
            client.sendRaw("CONNECT\naccept-version:1.1,1.0\nheart-beat:10000,10000\n\n\u{0}")
            let connected = try await client.waitForFrame { $0.command == .connected }
            #expect(connected.headers["version"] == "1.1")
            #expect(connected.headers["heart-beat"] == "10000,10000")
            client.sendRaw("SUBSCRIBE\nid:sub-0\ndestination:/topic/csta/agent/5001@demo.cc\n\n\u{0}")
            try await client.barrier()
            let agent = try await sim.loginAgent(job: "5001", extension: "8001")
            let legacy = try await client.waitForEvents(2)
            #expect(legacy.map(\.eventName) == [.agentLoggedOn, .agentReady])
            let message = try #require(client.messages.first)
            #expect(message.headers["subscription"] == "sub-0")
            #expect(message.headers["destination"] == "/topic/csta/agent/5001@demo.cc")
            #expect(message.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(message.headers["message-id"] != nil)
            // Frames split across WebSocket messages and coalesced in one are both understood.
            let split = try await StompTestClient.open(sim.webSocketURL)
            split.sendRaw("CONN")
            split.sendRaw("ECT\naccept-version:1.2\n\n\u{0}SUBSCRIBE\nid:a\ndestination:/topic/event.agent.*.5001@demo_cc\nreceipt:r\n\n\u{0}")
            try await split.waitForFrame { $0.command == .receipt }
            #expect(split.frames.first?.headers["version"] == "1.2")
            await split.close()
            await client.close()
            await agent.events.close()
        }
    }

    @Test(.timeLimit(.minutes(1))) func badFramesGetAnErrorNotACrash() async throws {
        try await SimulatorHarness.with { sim in
            let early = try await StompTestClient.open(sim.webSocketURL)
            early.sendRaw("SUBSCRIBE\nid:0\ndestination:/x\n\n\u{0}") // before CONNECT
            #expect(try await early.waitForFrame { $0.command == .error }.headers["message"] != nil)
            try await early.waitUntilClosed()
            let garbage = try await StompTestClient.open(sim.webSocketURL)
            garbage.sendRaw("NOT A FRAME\u{0}")
            try await garbage.waitForFrame { $0.command == .error }
            try await garbage.waitUntilClosed()
            // The server still serves everybody else.
            let fine = try await StompTestClient.connect(to: sim.webSocketURL, subscribeTo: "/topic/event.agent.*.5001@demo_cc")
            try await fine.barrier()
            await fine.close()
        }
    }

    @Test(.timeLimit(.minutes(1))) func faults() async throws {
        // Between drop-ws and the next connection the agent has no event link: on a loaded
        // machine `.testing()`'s 2 s vanished-agent sweep could log it out mid-test.
        var configuration = SimulatorConfiguration.testing()
        configuration.vanishedAgentTimeout = .seconds(120)
        try await SimulatorHarness.with(configuration) { sim in
            let agent = try await sim.loginAgent(job: "5001", extension: "8001")
            // dup-serial: the next event arrives twice with one serial.
            await sim.simulator.inject(.duplicateSerial)
            _ = try await sim.send(try .setAgentMode(agentId: agent.loginId, device: agent.device, agentMode: "NotReady"), session: agent.session)
            let events = try await agent.events.waitForEvents(4)
            #expect(events[2].serial == events[3].serial && events[2].eventName == .agentNotReady)
            // bad-event: a MESSAGE whose body is not JSON.
            await sim.simulator.inject(.badEvent)
            let bad = try await agent.events.waitForFrame { $0.command == .message && (try? WireEvent.decode(Data($0.body))) == nil }
            #expect(bad.headers["subscription"] == "sub-0")
            // error-frame: ERROR, then the socket closes.
            await sim.simulator.inject(.errorFrame)
            try await agent.events.waitForFrame { $0.command == .error }
            try await agent.events.waitUntilClosed()
            // drop-ws: every socket closes; a new one works.
            let second = try await StompTestClient.connect(to: sim.webSocketURL, subscribeTo: EventTopic.agent(loginId: agent.loginId).destination)
            await sim.simulator.inject(.dropWebSockets)
            try await second.waitUntilClosed()
            let third = try await StompTestClient.connect(to: sim.webSocketURL, subscribeTo: EventTopic.agent(loginId: agent.loginId).destination)
            _ = try await sim.send(try .setAgentMode(agentId: agent.loginId, device: agent.device, agentMode: "Ready"), session: agent.session)
            #expect(try await third.waitForEvents(1).first?.eventName == .agentReady)
            // refuse-ws: the socket closes and upgrades get 503 while REST answers; allow-ws ends it.
            await sim.simulator.inject(.refuseWebSockets)
            try await third.waitUntilClosed()
            #expect(try await sim.send(method: "GET", path: sim.webSocketURL.path).status == 503)
            #expect(try await sim.send(try .setAgentMode(agentId: agent.loginId, device: agent.device, agentMode: "NotReady"), session: agent.session).status == 204, "REST still answers")
            await sim.simulator.inject(.allowWebSockets)
            let fourth = try await StompTestClient.connect(to: sim.webSocketURL, subscribeTo: EventTopic.agent(loginId: agent.loginId).destination)
            await fourth.close()
            // The control API mirrors it over HTTP.
            #expect(try await sim.control.send(.post, "/sim/fault/dup-serial").status == 204)
            #expect(try await sim.control.send(.post, "/sim/fault/nonsense").status == 400)
            #expect(try await sim.control.send(.post, "/sim/delay", body: ["ms": 0]).status == 204)
            #expect(try await sim.control.state()["namespace"] == "demo.cc")
            let refused = await #expect(throws: SimulatorControlClient.Failure.self) { try await sim.control.inject(fault: "nonsense") }
            #expect(refused?.status == 400)
            #expect(refused?.description.contains("fault must be one of") == true, "\(String(describing: refused))")
        }
    }

    @Test(.timeLimit(.minutes(1))) func restDelayFaultMakesClientsTimeOut() async throws {
        try await SimulatorHarness.with { sim in
            let (_, session) = try await sim.tpiLogin(username: "5001")
            let heartbeat = try CSTARequest.heartbeat(agentId: "5001@demo.cc")
            await sim.simulator.setRestDelay(.seconds(5))
            await #expect(throws: (any Error).self) { try await sim.send(heartbeat, session: session, timeout: .milliseconds(200)) }
            await sim.simulator.setRestDelay(.zero)
            #expect(try await sim.send(heartbeat, session: session, timeout: .seconds(5)).status == 458) // answered: not logged in
        }
    }

    @Test(.timeLimit(.minutes(1))) func vanishedClientsCallsEndCleanly() async throws {
        var configuration = SimulatorConfiguration.testing()
        configuration.vanishedAgentTimeout = .seconds(2)
        try await SimulatorHarness.with(configuration) { sim in
            let a = try await sim.loginAgent(job: "5001", extension: "8001")
            let b = try await sim.loginAgent(job: "5002", extension: "8002")
            let call = try await sim.send(try .makeCall(from: a.device, to: "8002"), session: a.session)
            let callId = try #require(call.json?["callId"]?.stringValue)
            #expect(try await sim.send(try .answerCall(callId: callId, deviceId: b.device), session: b.session).status == 204)
            await a.events.abort() // A's client vanishes: no DISCONNECT, no more heartbeats
            let events = try await b.events.waitForEvents(2 + 2 + 2, timeout: .seconds(20))
            #expect(events.suffix(2).map(\.releasingDevice) == [a.device, b.device])
            let state = await sim.simulator.state()
            #expect(state["calls"] == [])
            #expect(state["agents"]?.arrayValue?.first?["agentMode"] == "Logout")
            await b.events.close()
        }
    }

    /// A few hundred agents connected at once, all receiving their own events.
    @Test(.timeLimit(.minutes(2))) func hundredsOfAgents() async throws {
        let count = 300
        try await SimulatorHarness.with(.testing(tenant: .large(agents: count))) { sim in
            let started = ContinuousClock.now
            let agents = try await withThrowingTaskGroup(of: SimulatorHarness.Agent.self) { group in
                var agents: [SimulatorHarness.Agent] = []
                for index in 0..<count {
                    group.addTask { try await sim.loginAgent(job: String(5001 + index), extension: String(8001 + index)) }
                    if index >= 50 { agents.append(try await group.next()!) }
                }
                for try await agent in group { agents.append(agent) }
                return agents
            }
            let connected = ContinuousClock.now - started
            // Pairs call each other concurrently.
            try await withThrowingTaskGroup(of: Void.self) { group in
                let sorted = agents.sorted { $0.job < $1.job }
                for pair in stride(from: 0, to: count, by: 2) {
                    let (caller, callee) = (sorted[pair], sorted[pair + 1])
                    group.addTask {
                        let made = try await sim.send(try .makeCall(from: caller.device, to: callee.extensionNumber), session: caller.session)
                        #expect(made.status == 200)
                        try await callee.events.waitForEvents(3)
                    }
                }
                try await group.waitForAll()
            }
            for agent in agents {
                #expect(agent.events.events.allSatisfy { $0.srcDeviceId == agent.device })
            }
            let state = await sim.simulator.state()
            #expect(state["webSockets"]?.intValue == count)
            #expect(state["calls"]?.arrayValue?.count == count / 2)
            print("load: \(count) agents logged in and subscribed in \(connected); \(count / 2) concurrent calls placed")
            await withTaskGroup(of: Void.self) { group in
                for agent in agents { group.addTask { await agent.events.close() } }
            }
        }
    }
}
