import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// The seed's client-side guards, against the simulator: each refusal is a typed error and no
/// request reaches the server (its event serial and calls do not move).
struct ClientGuardTests {
    static func serial(_ sim: SimulatorHarness) async -> Int? { await sim.simulator.state()["serial"]?.intValue }

    @Test func makeCallAllowsOneDialPerGuardInterval() async throws {
        try await SimulatorHarness.with { sim in
            var configuration = ClientHarness.configuration(sim, job: "5001", ext: "8001")
            // Long enough that the drop and settle below never outlast it, even on a loaded machine.
            configuration.dialGuardInterval = .seconds(600)
            try await ClientHarness.with([configuration]) { clients in
                let a = clients[0]
                try await a.login()
                let callId = try await a.client.makeCall("13800138000")
                try await a.client.dropConnection(callId)
                try await a.settle()
                #expect(await a.client.callMemory().calls.isEmpty)
                let before = await Self.serial(sim)
                let error = await #expect(throws: WellClientError.self) { try await a.client.makeCall("13800138000") }
                #expect(error?.kind == .refused)
                #expect(error?.message.contains("one dial per") == true)
                #expect(await Self.serial(sim) == before)
                #expect(await sim.simulator.state()["calls"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test func oneCallAtATimeOwnNumberAndLogoutWithACall() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            // Own extension, bare or as a URI.
            for own in ["8001", "tel:8001"] {
                let error = await #expect(throws: WellClientError.self) { try await a.client.makeCall(own) }
                #expect(error?.kind == .refused)
            }
            let callId = try await a.client.makeCall("13800138000")
            try await a.settle()
            let before = await Self.serial(sim)
            let second = await #expect(throws: WellClientError.self) { try await a.client.makeCall("13900139000") }
            #expect(second?.kind == .refused)
            let logout = await #expect(throws: WellClientError.self) { try await a.client.logout() }
            #expect(logout?.kind == .refused)
            #expect(await Self.serial(sim) == before)
            #expect(await sim.simulator.state()["calls"]?.arrayValue?.count == 1)
            #expect(await a.client.isLoggedIn)
            try await a.client.dropConnection(callId)
            try await a.settle()
            try await a.client.logout()
        }
    }

    @Test func operationsNeedALogin() async throws {
        try await SimulatorHarness.with { sim in
            try await ClientHarness.with([ClientHarness.configuration(sim, job: "5001", ext: "8001")]) { clients in
                let client = clients[0].client
                let operations: [(String, @Sendable () async throws -> Void)] = [
                    ("makeCall", { _ = try await client.makeCall("8002") }),
                    ("answerCall", { try await client.answerCall("c") }),
                    ("dropConnection", { try await client.dropConnection("c") }),
                    ("holdCall", { try await client.holdCall("c") }),
                    ("setAgentMode", { try await client.setAgentMode(.ready) }),
                    ("logout", { try await client.logout() }),
                    ("consult", { _ = try await client.consult("c", to: "8003") }),
                    ("forceDrop", { try await client.forceDrop(deviceId: "8002@demo.cc", callId: "c") }),
                    ("getMyPrefix", { _ = try await client.getMyPrefix() }),
                    ("eventBarrier", { try await client.eventBarrier() }),
                ]
                for (name, operation) in operations {
                    do {
                        try await operation()
                        Issue.record("\(name) succeeded without a login")
                    } catch let error as WellClientError {
                        #expect(error.kind == .notLoggedIn, "\(name): \(error)")
                    }
                }
                #expect(await Self.serial(sim) == 0)
            }
        }
    }

    @Test func badArgumentsAreRefusedLocally() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let client = clients[0].client
            let before = await Self.serial(sim)
            for number in ["", "tel:1-800-FLOWERS", String(repeating: "1", count: 40)] {
                let error = await #expect(throws: WellClientError.self) { try await client.makeCall(number) }
                #expect(error?.kind == .invalidNumber, "\(number)")
            }
            // No call: nothing to default to.
            let drop = await #expect(throws: WellClientError.self) { try await client.dropConnection() }
            #expect(drop?.kind == .invalidArgument)
            let empty = await #expect(throws: WellClientError.self) { try await client.holdCall("") }
            #expect(empty?.kind == .invalidArgument)
            #expect(await Self.serial(sim) == before)
        }
    }
}
