import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// Focused reproductions of the call-model differences the seeded random test
/// (``ClientRandomTests``) found, one per root cause, against the simulator over loopback.
/// Every step settles all clients, then the models are compared with the simulator's.
struct CallModelRegressionTests {
    static func settle(_ clients: [ClientUnderTest]) async throws {
        for client in clients { try await client.settle() }
    }

    static func expectInStep(
        _ client: ClientUnderTest, _ sim: SimulatorHarness, allowUnheardParties: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let views = await client.views(await sim.simulator.state())
        #expect(
            views.client.matches(views.simulator, allowUnheardParties: allowUnheardParties),
            "\(client.job): client \(views.client) ≠ simulator \(views.simulator)", sourceLocation: sourceLocation)
    }

    /// Seeds 1, 5, 7, 12: the device that conferenced us in hung up while we rang; the
    /// `conferenced` on answer still names it as conferencingDevice — it must not come back.
    @Test func invitedPartyDoesNotBringBackAConferencingDeviceThatHungUp() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5003", "8003")]) { sim, clients in
            let (a, c) = (clients[0], clients[1])
            let callId = try await sim.simulator.ring("8001", from: "13900139000")
            try await Self.settle(clients)
            try await a.client.answerCall(callId)
            try await Self.settle(clients)
            try await a.client.singleStepConference(callId, to: "8003")
            try await Self.settle(clients)
            try await a.client.dropConnection(callId)
            try await Self.settle(clients)
            try await c.client.answerCall(callId)
            try await Self.settle(clients)
            #expect(c.log.serverNames.suffix(2) == ["established", "conferenced"])
            let call = await c.client.callMemory().call(callId)
            #expect(call?.otherParties.map(\.deviceId) == ["13900139000@demo.cc"])
            await Self.expectInStep(c, sim)
            await Self.expectInStep(a, sim)
        }
    }

    /// Seeds 8, 9, 10: a call's original caller left (it transferred the call away); a device
    /// invited later is told a caller that is in the call (the inviting device), not the gone one.
    @Test func invitedPartyIsNotToldOfACallerThatLeftTheCall() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5002", "8002"), ("5003", "8003")]) { sim, clients in
            let (a, b, c) = (clients[0], clients[1], clients[2])
            let callId = try await b.client.makeCall("8001")
            try await Self.settle(clients)
            try await a.client.answerCall(callId)
            try await Self.settle(clients)
            try await b.client.singleStepTransfer(callId, to: "13800138000")
            try await Self.settle(clients)
            try await a.client.singleStepConference(callId, to: "8003")
            try await Self.settle(clients)
            guard case .delivered(let delivered) = try await c.log.wait(forEvent: "delivered") else {
                Issue.record("no delivered")
                return
            }
            #expect(delivered.callingDevice == a.device)
            let call = await c.client.callMemory().call(callId)
            #expect(call?.party(b.device) == nil)
            #expect(call?.party(a.device)?.state == .connected)
            await Self.expectInStep(c, sim)
            try await c.client.answerCall(callId)
            try await Self.settle(clients)
            await Self.expectInStep(c, sim, allowUnheardParties: true)
            await Self.expectInStep(a, sim)
        }
    }

    /// Seed 4: consult → conference seen by the consulted party, which never knew the held
    /// call: every leg talks afterwards, also the consulting device that had held the consultation.
    @Test func consultedPartySeesEveryLegTalkingAfterTheConference() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5003", "8003")]) { sim, clients in
            let (a, c) = (clients[0], clients[1])
            let callId = try await sim.simulator.ring("8003", from: "13900139000")
            try await Self.settle(clients)
            try await c.client.answerCall(callId)
            try await Self.settle(clients)
            let consultId = try #require(try await c.client.consult(callId, to: "8001"))
            try await Self.settle(clients)
            try await a.client.answerCall(consultId)
            try await Self.settle(clients)
            try await c.client.holdCall(consultId)
            try await Self.settle(clients)
            #expect(await a.client.callMemory().call(consultId)?.party(c.device)?.state == .held)
            try await c.client.conference(held: callId, consult: consultId)
            try await Self.settle(clients)
            let call = await a.client.callMemory().call(consultId)
            #expect(call?.party(c.device)?.state == .connected)
            #expect(call?.isConferenced == true)
            await Self.expectInStep(a, sim, allowUnheardParties: true)
            await Self.expectInStep(c, sim)
        }
    }

    /// The simulator's `transferred` had localState `Connect` hard-coded: the held party took a
    /// still-ringing consulted party for talking. localState is the target's real state.
    @Test func transferToARingingConsultedPartyKeepsItRinging() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5002", "8002"), ("5003", "8003")]) { sim, clients in
            let (a, b, c) = (clients[0], clients[1], clients[2])
            let callId = try await b.client.makeCall("8001")
            try await Self.settle(clients)
            try await a.client.answerCall(callId)
            try await Self.settle(clients)
            let consultId = try #require(try await a.client.consult(callId, to: "8003"))
            try await Self.settle(clients)
            try await a.client.transferCall(held: callId, consult: consultId)
            try await Self.settle(clients)
            guard case .transferred(let transferred) = try await b.log.wait(forEvent: "transferred") else {
                Issue.record("no transferred")
                return
            }
            #expect(transferred.call.localState == "Alerting")
            #expect(await b.client.callMemory().call(callId)?.party(c.device)?.state == .alerting)
            await Self.expectInStep(b, sim)
            await Self.expectInStep(c, sim)
            #expect(await a.client.callMemory().calls.isEmpty)
            try await c.client.answerCall(callId)
            try await Self.settle(clients)
            #expect(await b.client.callMemory().call(callId)?.party(c.device)?.state == .connected)
            await Self.expectInStep(b, sim)
            await Self.expectInStep(c, sim, allowUnheardParties: true)
        }
    }

    /// Seeds 1 and 6 (second round): the call's first caller left and was invited back; while it
    /// rings, another party answers. `established` named the first caller as callingDevice and
    /// the ringing device took itself for connected. Now the simulator names a party on the
    /// line, and the client never promotes a ringing party from callingDevice.
    @Test func ringingFirstCallerStaysRingingWhenAnotherPartyAnswers() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5003", "8003")]) { sim, clients in
            let (a, c) = (clients[0], clients[1])
            let callId = try await a.client.makeCall("13800138000")
            try await sim.simulator.answer(from: "13800138000")
            try await Self.settle(clients)
            try await a.client.singleStepConference(callId, to: "8003")
            try await Self.settle(clients)
            try await c.client.answerCall(callId)
            try await Self.settle(clients)
            try await a.client.dropConnection(callId)
            try await Self.settle(clients)
            try await c.client.singleStepConference(callId, to: "8001")
            try await Self.settle(clients)
            try await c.client.singleStepConference(callId, to: "13900139000")
            try await sim.simulator.answer(from: "13900139000")
            try await Self.settle(clients)
            guard case .established(let established) = try await a.log.wait(forEvent: "established", count: 2) else {
                Issue.record("no established")
                return
            }
            #expect(established.answeringDevice == "13900139000@demo.cc" && established.callingDevice != a.device)
            #expect(await a.client.callMemory().call(callId)?.ownState == .alerting)
            await Self.expectInStep(a, sim)
            // C was invited into A's call with 13800138000: no event to C names that party.
            await Self.expectInStep(c, sim, allowUnheardParties: true)
        }
    }
}
