import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// The operations the scenario table does not drive, each against the simulator: recording,
/// greeting, wait-return transfers, allocation, deferred and refused mode changes, client state,
/// prefixes. (makeCall, answer, drop, hold, retrieve, transfers, conferences, consults, call data
/// and the force operations are played by ``ClientScenarioTests``.)
struct ClientOperationTests {
    @Test func recordingGreetingAndDeferredModeDuringACall() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            let callId = try await sim.simulator.ring("8001", from: "13800138000")
            try await a.log.wait(forEvent: "delivered")
            // Ringing: a mode change is refused with 460.
            let refused = await #expect(throws: WellClientError.self) { try await a.client.setAgentMode(.notReady) }
            #expect(refused?.status == 460)
            try await a.client.answerCall()
            try await a.log.wait(forEvent: "established")
            try await a.client.startRecording()
            try await a.log.wait(forEvent: "recordStarted")
            try await a.settle()
            #expect(await a.client.callMemory().call(callId)?.recording == true)
            try await a.client.stopRecording()
            try await a.log.wait(forEvent: "recordStopped")
            try await a.settle()
            #expect(await a.client.callMemory().call(callId)?.recording == false)
            try await a.client.agentGreeting()
            let missing = await #expect(throws: WellClientError.self) { try await a.client.agentGreeting("no-such-call") }
            #expect(missing?.status == 404)
            // Talking: the change is deferred until the call ends.
            let result = try await a.client.setAgentMode(.notReady, reason: "1")
            #expect(result.pending)
            #expect(await a.client.callMemory().agent.pendingMode == "NotReady")
            try await a.client.dropConnection()
            try await a.log.wait(forEvent: "agentNotReady")
            try await a.settle()
            let memory = await a.client.callMemory()
            #expect(memory.agent.mode == "NotReady" && memory.agent.pendingMode == nil && memory.calls.isEmpty)
            let views = await a.views(await sim.simulator.state())
            #expect(views.client == views.simulator)
        }
    }

    @Test func allocationBlocksDialAndLogoutUntilReleased() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            try await sim.simulator.allocate(agentId: a.agentId)
            try await a.log.wait(forEvent: "agentAllocated")
            try await a.settle()
            #expect(await a.client.callMemory().agent.allocated)
            let dial = await #expect(throws: WellClientError.self) { try await a.client.makeCall("13800138000") }
            #expect(dial?.kind == .refused)
            let logout = await #expect(throws: WellClientError.self) { try await a.client.logout() }
            #expect(logout?.kind == .refused)
            try await a.client.releaseAllocatedAgent()
            try await a.log.wait(forEvent: "agentReady", count: 2)
            try await a.settle()
            #expect(await !a.client.callMemory().agent.allocated)
            try await a.client.makeCall("13800138000")
        }
    }

    @Test func waitReturnTransfersPrefixesAndClientState() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5002", "8002")]) { sim, clients in
            let (a, b) = (clients[0], clients[1])
            #expect(try await a.client.getMyPrefix() == ["9"])
            let callId = try await sim.simulator.ring("8001", from: "13800138000")
            try await a.log.wait(forEvent: "delivered")
            try await a.client.answerCall(callId)
            try await a.log.wait(forEvent: "established")
            let state = try await a.client.getClientState()
            #expect(state.agentMode == "Ready" && state.calls.map(\.callId) == [callId] && state.calls.first?.state == "Connect")
            // consult → transferWaitReturn to B.
            let consultId = try await a.client.consult(callId, to: "8002")
            try await b.log.wait(forEvent: "delivered")
            try await b.client.answerCall(consultId)
            try await b.log.wait(forEvent: "established")
            try await a.client.transferWaitReturn()
            try await a.log.wait(forEvent: "callEnded", count: 2)
            try await b.settle()
            try await a.settle()
            #expect(await a.client.callMemory().calls.isEmpty)
            #expect(await b.client.callMemory().calls.map(\.callId) == [callId])
            // B parks the call with singleTransferWaitReturn to A.
            try await b.client.singleTransferWaitReturn(to: "8001")
            try await a.log.wait(forEvent: "delivered", count: 2)
            try await a.settle()
            try await b.settle()
            for client in [a, b] {
                let views = await client.views(await sim.simulator.state())
                #expect(views.client.matches(views.simulator), "\(client.job): \(views.client) ≠ \(views.simulator)")
            }
        }
    }
}
