import Foundation
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

/// Every refusal status is produced by the situation that causes it, over real HTTP.
struct ErrorPathTests {
    @Test(.timeLimit(.minutes(1))) func tpiLogin() async throws {
        try await SimulatorHarness.with { sim in
            #expect(try await sim.tpiLogin(username: "5001").status == 200)
            #expect(try await sim.tpiLogin(username: "5001", password: "wrong").status == 401)
            #expect(try await sim.tpiLogin(username: "5999").status == 401)
            #expect(try await sim.tpiLogin(username: "5001", namespace: "other.cc").status == 401)
            // Passwords with form metacharacters survive the encoding.
            for path in TPILogin.paths {
                let result = try await sim.send(
                    method: "POST", path: path, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                    body: Data(TPILogin.formBody(username: "5002", password: "123456", namespace: "demo.cc").utf8))
                #expect(result.status == 200 && result.json?["sessionId"]?.stringValue != nil, "\(path)")
            }
            let bad = try await sim.send(method: "POST", path: "/login", body: Data("username=%zz".utf8))
            #expect(bad.status == 400)
            let missing = try await sim.send(method: "POST", path: "/login", body: Data("username=5001".utf8))
            #expect(missing.status == 400)
        }
    }

    @Test(.timeLimit(.minutes(1))) func agentStateStatuses() async throws {
        var config = SimulatorConfiguration.testing(
            tenant: SimulatorTenant(
                agents: SimulatorTenant.demo.agents + [.init(jobNumber: "5099", password: "123456", disabled: true)],
                unregisteredExtensions: ["8009"], maxOnlineAgents: 3))
        config.outsideParty = .ringUntilTold
        try await SimulatorHarness.with(config) { sim in
            let a = try await sim.loginAgent(job: "5001", extension: "8001")
            let session = a.session
            func login(_ job: String, _ ext: String, password: String = "123456", mode: String = "Ready") async throws -> SimulatorHarness.HTTPResult {
                try await sim.send(try .login(loginId: "\(job)@demo.cc", device: "\(ext)@demo.cc", password: password, agentMode: mode), session: session)
            }
            #expect(try await login("5001", "8001").status == 454)
            let other = try await login("5001", "8002")
            #expect(other.status == 455 && other.json?["deviceId"] == "8001@demo.cc")
            let occupied = try await login("5002", "8001")
            #expect(occupied.status == 459)
            #expect(occupied.json?["agent"] == "5001@demo.cc")
            #expect(try await login("5002", "8002", password: "nope").status == 401)
            #expect(try await login("5999", "8002").status == 452)
            #expect(try await login("5002", "8999").status == 453)
            #expect(try await login("5002", "8009").status == 451)
            #expect(try await login("5099", "8002").status == 423)
            #expect(try await sim.send(try .login(loginId: "5002@demo.cc", device: "8002@other.cc", password: "123456"), session: session).status == 457)
            #expect(try await login("5002", "8002", mode: "Dancing").status == 400)
            #expect(try await sim.send(try .logout(agentId: "5003@demo.cc"), session: session).status == 458)
            #expect(try await login("5002", "8002").status == 204)
            #expect(try await login("5003", "8003").status == 204)
            #expect(try await login("5004", "8004").status == 461)
            // An extension in a call cannot take a login; an agent ringing cannot change state.
            try await sim.simulator.ring("8005", from: "13800138000")
            #expect(try await login("5005", "8005").status == 456)
            try await sim.simulator.ring("8003", from: "13900139000")
            let ringing = try await sim.send(try .setAgentMode(agentId: "5003@demo.cc", device: "8003@demo.cc", agentMode: "NotReady"), session: session)
            #expect(ringing.status == 460)
            #expect(try await sim.send(try .logout(agentId: "5003@demo.cc"), session: session).status == 460)
            await a.events.close()
        }
    }

    @Test(.timeLimit(.minutes(1))) func sessionsAndBodies() async throws {
        try await SimulatorHarness.with { sim in
            let a = try await sim.loginAgent(job: "5001", extension: "8001")
            let heartbeat = try CSTARequest.heartbeat(agentId: a.loginId)
            #expect(try await sim.send(heartbeat, session: a.session).status == 204)
            #expect(try await sim.send(heartbeat, session: nil).status == 426)
            #expect(try await sim.send(heartbeat, session: "forged").status == 426)
            // Fault: the next request gets 426, then a fresh TPI session works again.
            await sim.simulator.inject(.expireSession)
            #expect(try await sim.send(heartbeat, session: a.session).status == 426)
            let (_, fresh) = try await sim.tpiLogin(username: "5001")
            #expect(try await sim.send(heartbeat, session: fresh).status == 204)
            let session = try #require(fresh)
            let json = [("Content-Type", "application/json"), ("sessionId", session)]
            // Malformed bodies: 400 with a JSON message; nothing changes.
            for body in ["{", "[1,2]", "\"x\"", "{\"from\": 8001}", "{\"from\": \"8001@demo.cc\"}", "{\"from\": {}, \"to\": \"8002\"}"] {
                let result = try await sim.send(method: "POST", path: "/api/csta/callControl/calls", headers: json, body: Data(body.utf8))
                #expect(result.status == 400, "\(body)")
                #expect(result.json?["message"]?.stringValue != nil)
            }
            let badFunc = try await sim.send(method: "POST", path: "/api/csta/agent/state", headers: json, body: Data(#"{"func":"Dance"}"#.utf8))
            #expect(badFunc.status == 400)
            #expect(try await sim.send(method: "GET", path: "/api/csta/agent/state", headers: json).status == 405)
            #expect(try await sim.send(method: "GET", path: "/api/csta/nothing", headers: json).status == 404)
            // Unknown call and connection: 404; an operation that does not fit the state: 409.
            #expect(try await sim.send(try .answerCall(callId: "nope", deviceId: a.device), session: session).status == 404)
            let call = try await sim.send(try .makeCall(from: a.device, to: "8002"), session: session)
            #expect(call.status == 200)
            let callId = try #require(call.json?["callId"]?.stringValue)
            #expect(try await sim.send(try .answerCall(callId: callId, deviceId: "8003@demo.cc"), session: session).status == 404)
            #expect(try await sim.send(try .answerCall(callId: callId, deviceId: a.device), session: session).status == 409)
            #expect(try await sim.send(try .holdCall(callId: callId, deviceId: "8002@demo.cc"), session: session).status == 409)
            #expect(try await sim.send(try .retrieveCall(callId: callId, deviceId: a.device), session: session).status == 409)
            #expect(try await sim.send(try .makeCall(from: a.device, to: "8003"), session: session).status == 409)
            #expect(try await sim.send(try .consultation(.conference, heldCallId: callId, consultCallId: "x", deviceId: a.device), session: session).status == 404)
            // Raw pipe and lower-case %7c are routed like %7C.
            let raw = "/api/csta/callControl/calls/\(callId)/connections/8002@demo.cc%7c\(callId)/answer"
            #expect(try await sim.send(method: "POST", path: raw, headers: json).status == 204)
            let mismatch = "/api/csta/callControl/calls/\(callId)/connections/8002@demo.cc%7Cother/hold"
            #expect(try await sim.send(method: "POST", path: mismatch, headers: json).status == 400)
            // Deferred SetState while talking: 200 {"pendingMode": true}.
            let pending = try await sim.send(try .setAgentMode(agentId: a.loginId, device: a.device, agentMode: "NotReady", reason: "1"), session: session)
            #expect(pending.status == 200 && pending.json?["pendingMode"] == true)
            // GETs answer JSON.
            let prefix = try await sim.send(try .getMyPrefix(agentId: a.loginId), session: session)
            #expect(prefix.status == 200 && prefix.json == ["agentTrunks": [["scanPrefix": "9"]]])
            let state = try await sim.send(try .clientState(), session: session)
            #expect(state.json?["agent"]?["agentId"] == "5001@demo.cc")
            #expect(state.json?["agent"]?["activeCall"]?["callId"]?.stringValue == callId)
            #expect(state.json?["agent"]?["activeCall"]?["state"] == "Connect")
            #expect(try await sim.send(try .setCallData(callId: callId, entries: [("k", "v")]), session: session).status == 204)
            #expect(try await sim.send(try .getCallData(callId: callId), session: session).json == ["k": "v"])
            #expect(try await sim.send(try .getCallData(callId: callId, key: "missing"), session: session).status == 404)
            #expect(try await sim.send(try .recording(start: false, deviceId: a.device), session: session).status == 409)
            #expect(try await sim.send(try .recording(start: true, deviceId: a.device), session: session).status == 204)
            #expect(try await sim.send(try .releaseAllocatedAgent(agentId: a.loginId), session: session).status == 409)
            let events = try await a.events.waitForEvents(2 + 4) // login 2, makeCall 3 (si, or, de), established 1
            #expect(events[5].eventName == .established)
            let recorded = try await a.events.waitForEvents(2 + 5)
            #expect(recorded.last?.eventName == .recordStarted && recorded.last?.fileName?.hasSuffix("_\(callId).wav") == true)
            await a.events.close()
        }
    }
}
