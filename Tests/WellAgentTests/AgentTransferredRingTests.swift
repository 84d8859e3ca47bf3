import Foundation
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport
import WellDBus

/// A colleague consults this agent and transfers before it answers: the ringing consultation is
/// merged into the colleague's call with the customer (`transferred`, the consultation's id
/// gone). The phone never stopped ringing, so the desktop must not call it a missed call.
@Suite("Desktop agent: a ringing consultation transferred to this agent", .serialized, .timeLimit(.minutes(3)))
struct AgentTransferredRingTests {
    static let customer = "13800138000"

    @Test("consult 8001, transfer while 8001 rings: no 'Missed call', the call rings on from the customer and Answer works")
    func transferWhileRingingIsNotMissed() async throws {
        try await AgentHarness.run { harness in
            let sim = harness.sim
            let colleague = try await sim.loginAgent(job: "5002", extension: "8002")
            defer { Task { await colleague.events.close() } }

            // The customer's call, answered by the colleague.
            let customerCall = try await sim.simulator.ring("8002", from: Self.customer)
            let answered = try await sim.send(
                try CSTARequest.answerCall(callId: customerCall, deviceId: colleague.device),
                session: colleague.session)
            #expect(answered.status == 204)

            // The colleague consults 8001: it rings here with the colleague as the caller.
            let consulted = try await sim.send(
                try CSTARequest.consult(callId: customerCall, deviceId: colleague.device, participant: "8001"),
                session: colleague.session)
            #expect(consulted.status == 204 || consulted.status == 200, "consult answered \(consulted.status)")
            var consultCall = ""
            try await harness.waitForStatus { status in
                guard let calls = status["calls"]?.arrayValue, calls.count == 1,
                    let id = calls[0]["callId"]?.stringValue, id != customerCall
                else { return false }
                consultCall = id
                return true
            }
            let consultRing = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            #expect(consultRing.body.contains("8002"), "\(consultRing.body)")

            // Transferred before 8001 answers: 8001 now rings on the customer's call.
            let transferred = try await sim.send(
                try CSTARequest.consultation(
                    .transferCall, heldCallId: customerCall, consultCallId: consultCall,
                    deviceId: colleague.device),
                session: colleague.session)
            #expect(transferred.status == 204, "transferCall answered \(transferred.status)")
            try await harness.waitForStatus { status in
                guard let calls = status["calls"]?.arrayValue, calls.count == 1 else { return false }
                return calls[0]["callId"]?.stringValue == customerCall
            }
            // The ringing notification carries on for the customer's call, in place (the wire's
            // `transferred` does not name the customer: the caller shown is still the colleague).
            try await harness.waitForStatus { $0["notifications"]?["calls"]?[customerCall] != nil }
            let status = try await harness.status()
            #expect(status["notifications"]?["calls"]?[consultCall] == nil)
            let ringing = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
                .filter { $0.hints["category"] == .string("call.incoming") }
            #expect(ringing.allSatisfy { $0.actions.contains("answer") }, "\(ringing.map(\.actions))")
            #expect(try await harness.control.calls("CloseNotification").isEmpty, "the ringing notification stays up")
            let notices = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
            #expect(
                !notices.contains { $0.summary.contains("Missed") || $0.body.contains("Missed") },
                "a transferred ringing call is not missed: \(notices.map(\.summary))")

            // Answer works on the call as it is now.
            try await harness.call("Answer", [.string("")])
            try await harness.waitForStatus { status in
                let parties = status["calls"]?.arrayValue?.first?["parties"]?.arrayValue ?? []
                return parties.contains { $0["isOwn"] == true && $0["state"] == "Connect" }
            }
            // Answered, the call shows whom the agent talks to now: the customer (its summary;
            // the body holds call data only, and the customer's originalANI repeats the caller).
            let connected = try await harness.notify { $0.summary == "On call with \(Self.customer)" }
            #expect(connected.hints["category"] == .string("call.ongoing"), "\(connected.hints)")

            // Ordering barrier: hang up and wait until the agent closes the call's notification.
            // The agent handles the client's events one at a time, so every notification that the
            // transfer, the answer or the end could cause has been sent by then.
            let id = try #require(try await harness.status()["notifications"]?["calls"]?[customerCall]?.intValue)
            try await harness.call("HangUp", [.string(customerCall)])
            try await eventually("the call's notification closed") { try await harness.control.closedIDs().contains(UInt32(id)) }
            let after = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
            #expect(!after.contains { $0.summary.contains("Missed") || $0.body.contains("Missed") }, "\(after.map(\.summary))")
            // The one notification was replaced in place throughout and closed once, at the end.
            let closes = try await harness.control.closedIDs()
            #expect(closes == [UInt32(id)], "\(closes)")
            #expect(Set(after.map(\.replacesID)).subtracting([0, UInt32(id)]).isEmpty, "\(after.map(\.replacesID))")
        }
    }
}
