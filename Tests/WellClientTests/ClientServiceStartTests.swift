import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// `run()` and `login()` started together, as every program using the client does
/// (`group.addTask { try await client.run() }` then `try await client.login()`): the login
/// must not depend on which task the scheduler runs first.
struct ClientServiceStartTests {
    @Test("a login begun before run() has started waits for it and logs in")
    func loginWaitsForTheService() async throws {
        try await SimulatorHarness.with { sim in
            let client = try WellClient(configuration: ClientHarness.configuration(sim, job: "5001", ext: "8001"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Start the service late: the login below is certainly waiting by then.
                    try await Task.sleep(for: .milliseconds(200))
                    try await client.run()
                }
                try await client.login()
                #expect(await client.isLoggedIn)
                try await client.logout()
                await client.shutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test("without run() a login is refused after connectTimeout; after run() ended, at once; nothing reaches the server")
    func loginWithoutTheService() async throws {
        try await SimulatorHarness.with { sim in
            var configuration = ClientHarness.configuration(sim, job: "5001", ext: "8001")
            configuration.connectTimeout = .milliseconds(300)
            let client = try WellClient(configuration: configuration)
            let start = ContinuousClock.now
            let never = await #expect(throws: WellClientError.self) { try await client.login() }
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(never?.kind == .refused)
            #expect(never?.message.contains("did not start") == true, "\(String(describing: never))")

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                await client.shutdown()
                try await group.waitForAll()
            }
            let ended = await #expect(throws: WellClientError.self) { try await client.login() }
            #expect(ended?.kind == .refused)
            #expect(ended?.message.contains("has ended") == true, "\(String(describing: ended))")
            let agents = await sim.simulator.state()["agents"]?.arrayValue ?? []
            #expect(!agents.contains { $0["agentId"]?.stringValue == "5001@\(sim.namespace)" && $0["device"] != nil }, "\(agents)")
        }
    }
}
