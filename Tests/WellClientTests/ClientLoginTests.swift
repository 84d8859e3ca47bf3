import Foundation
import Synchronization
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// Login and logout of a real ``WellClient`` against the simulator: completion on
/// `agentLoggedOn`, the 454/455 modes (force / ask / stop) with a stale session, and every
/// login error the simulator produces.
struct ClientLoginTests {
    /// The simulator's agent entry for `agentId`.
    static func agentState(_ sim: SimulatorHarness, _ agentId: String) async -> JSONValue? {
        await sim.simulator.state()["agents"]?.arrayValue?.first { $0["agentId"]?.stringValue == agentId }
    }

    /// Logs in through the client and returns the error it throws (or `nil`).
    static func loginError(
        _ sim: SimulatorHarness, _ configuration: WellClientConfiguration,
        decide: (@Sendable (WellClientError) async -> Bool)? = nil
    ) async throws -> WellClientError? {
        try await ClientHarness.with([configuration]) { clients in
            do {
                try await clients[0].login(decide: decide)
                return nil
            } catch let error as WellClientError {
                #expect(await !clients[0].client.isLoggedIn)
                return error
            }
        }
    }

    @Test func loginCompletesOnAgentLoggedOnAndLogoutEndsTheSession() async throws {
        try await SimulatorHarness.with { sim in
            try await ClientHarness.with([ClientHarness.configuration(sim, job: "5001", ext: "8001", mode: .notReady)]) { clients in
                let a = clients[0]
                try await a.login()
                // login() returned: agentLoggedOn has been applied already.
                #expect(a.log.serverNames.first == "agentLoggedOn")
                #expect(await a.client.isLoggedIn)
                let memory = await a.client.callMemory()
                #expect(memory.agent.loggedIn && memory.agent.mode == "NotReady")
                #expect(await a.client.sessionId?.isEmpty == false)
                #expect(await a.client.myPrefixes() == ["9"])
                #expect(await Self.agentState(sim, a.agentId)?["device"]?.stringValue == a.device)

                // A second login while logged in is an error, not a hang.
                await #expect(throws: WellClientError.self) { try await a.client.login() }

                try await a.client.logout()
                // The log is filled by its own consumer of the event stream: wait for it.
                try await a.log.wait(forEvent: "agentLoggedOff")
                #expect(a.log.serverNames.last == "agentLoggedOff")
                #expect(await !a.client.isLoggedIn)
                #expect(await Self.agentState(sim, a.agentId)?["agentMode"]?.stringValue == "Logout")
                // The session is over: operations are refused locally.
                let error = await #expect(throws: WellClientError.self) { try await a.client.setAgentMode(.ready) }
                #expect(error?.kind == .notLoggedIn)
                // …and the same client can log in again.
                try await a.client.login()
                #expect(await a.client.isLoggedIn)
            }
        }
    }

    @Test("logout with the event channel down: done at the server without sitting out the wait for an agentLoggedOff that cannot come")
    func logoutWithTheEventChannelDown() async throws {
        try await SimulatorHarness.with { sim in
            var configuration = ClientHarness.configuration(sim, job: "5001", ext: "8001", mode: .notReady)
            configuration.loginEventTimeout = .seconds(60)
            configuration.reconnect = ReconnectPolicy(initialDelay: .seconds(60), maxDelay: .seconds(60), jitter: 0, downNotice: .seconds(30))
            try await ClientHarness.with([configuration]) { clients in
                let a = clients[0]
                try await a.login()
                await sim.simulator.inject(.dropWebSockets)
                try await eventually("the event channel down", timeout: .seconds(20)) { await !a.client.isEventChannelUp }
                let started = ContinuousClock.now
                try await a.client.logout()
                let took = ContinuousClock.now - started
                print("logout with the channel down took \(took) (agentLoggedOff wait: 60 s)")
                #expect(took < .seconds(30), "logout waited \(took) for an event that could not arrive")
                #expect(await !a.client.isLoggedIn)
                #expect(await Self.agentState(sim, a.agentId)?["agentMode"]?.stringValue == "Logout")
            }
        }
    }

    /// A stale session: the agent is logged in on the server by a client that vanished.
    static func staleLogin(_ sim: SimulatorHarness, job: String = "5001", ext: String = "8001") async throws {
        let stale = try await sim.loginAgent(job: job, extension: ext, mode: "Ready")
        await stale.events.close()
    }

    @Test func forceModeLogsTheStaleSessionOutAndLogsIn() async throws {
        try await SimulatorHarness.with { sim in
            try await Self.staleLogin(sim)
            try await ClientHarness.with([ClientHarness.configuration(sim, job: "5001", ext: "8001", mode: .notReady, loginMode: .force)]) { clients in
                try await clients[0].login()
                #expect(await clients[0].client.isLoggedIn)
                // The stale session's logout, then the new login.
                #expect(clients[0].log.serverNames.prefix(3) == ["agentLoggedOff", "agentLoggedOn", "agentNotReady"])
                #expect(await Self.agentState(sim, "5001@demo.cc")?["agentMode"]?.stringValue == "NotReady")
            }
        }
    }

    @Test func forceModeAlsoHandles455FromAnotherExtension() async throws {
        try await SimulatorHarness.with { sim in
            try await Self.staleLogin(sim, ext: "8002")
            try await ClientHarness.with([ClientHarness.configuration(sim, job: "5001", ext: "8001", loginMode: .force)]) { clients in
                try await clients[0].login()
                let agent = await Self.agentState(sim, "5001@demo.cc")
                #expect(agent?["device"]?.stringValue == "8001@demo.cc")
            }
        }
    }

    @Test func stopModeRefusesAndChangesNothing() async throws {
        try await SimulatorHarness.with { sim in
            try await Self.staleLogin(sim)
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001", loginMode: .stop))
            #expect(error?.kind == .loginDeclined)
            #expect(error?.status == 454)
            #expect(await Self.agentState(sim, "5001@demo.cc")?["agentMode"]?.stringValue == "Ready")
        }
    }

    @Test func askModeAsksAndFollowsTheAnswer() async throws {
        try await SimulatorHarness.with { sim in
            try await Self.staleLogin(sim)
            let asked = Mutex<[Int?]>([])
            // Declined: nothing changes.
            let declined = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001", loginMode: .ask)) { error in
                asked.withLock { $0.append(error.status) }
                return false
            }
            #expect(declined?.kind == .loginDeclined)
            #expect(await Self.agentState(sim, "5001@demo.cc")?["agentMode"]?.stringValue == "Ready")
            // Without a decision handler, ask behaves like stop.
            let undecided = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001", loginMode: .ask))
            #expect(undecided?.kind == .loginDeclined)
            // Accepted: forced.
            let accepted = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001", mode: .notReady, loginMode: .ask)) { error in
                asked.withLock { $0.append(error.status) }
                return true
            }
            #expect(accepted == nil)
            #expect(asked.withLock { $0 } == [454, 454])
        }
    }

    @Test func wrongPasswordIs401() async throws {
        try await SimulatorHarness.with { sim in
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001", password: "s3cr3t-PW"))
            #expect(error?.kind == .http)
            #expect(error?.status == 401)
            #expect(error?.meaning?.isEmpty == false)
            #expect(error?.message.contains("s3cr3t") == false, "the password must not appear in errors")
        }
    }

    @Test func unregisteredExtensionIs451() async throws {
        try await SimulatorHarness.with { sim in
            await sim.simulator.setRegistered(false, extension: "8001")
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001"))
            #expect(error?.status == 451)
            #expect(await Self.agentState(sim, "5001@demo.cc")?["agentMode"]?.stringValue == "Logout")
        }
    }

    @Test func illegalExtensionIs453() async throws {
        try await SimulatorHarness.with { sim in
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8999"))
            #expect(error?.status == 453)
        }
    }

    @Test func disabledAgentIs423() async throws {
        var tenant = SimulatorTenant.demo
        tenant.agents[0].disabled = true
        try await SimulatorHarness.with(.testing(tenant: tenant)) { sim in
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001"))
            #expect(error?.status == 423)
        }
    }

    @Test func extensionInUseIs459NamingTheAgent() async throws {
        try await SimulatorHarness.with { sim in
            let other = try await sim.loginAgent(job: "5002", extension: "8001")
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001", loginMode: .force))
            #expect(error?.kind == .http)
            #expect(error?.status == 459)
            #expect(error?.occupyingAgent == "5002@demo.cc")
            #expect(error?.message.contains("5002@demo.cc") == true)
            #expect(await Self.agentState(sim, "5002@demo.cc")?["device"]?.stringValue == "8001@demo.cc")
            await other.events.close()
        }
    }

    @Test func tooManyAgentsIs461() async throws {
        var tenant = SimulatorTenant.demo
        tenant.maxOnlineAgents = 1
        try await SimulatorHarness.with(.testing(tenant: tenant)) { sim in
            let other = try await sim.loginAgent(job: "5002", extension: "8002")
            let error = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001"))
            #expect(error?.status == 461)
            await other.events.close()
        }
    }

    @Test func failedLoginLeavesNoEventChannelOpen() async throws {
        try await SimulatorHarness.with { sim in
            await sim.simulator.setRegistered(false, extension: "8001")
            _ = try await Self.loginError(sim, ClientHarness.configuration(sim, job: "5001", ext: "8001"))
            try await eventually("the client's WebSocket to close", timeout: .seconds(5)) {
                await sim.simulator.state()["webSockets"]?.intValue == 0
            }
        }
    }
}
