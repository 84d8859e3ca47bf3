import Foundation
import Testing
import WellAgent
import WellProtocol
import WellSimulator
import WellTestSupport
import WellDBus

/// Call data end to end: the simulator attaches `userData.data` (with its bookkeeping) to the
/// ringing and connected events; the notifications and `wellclient status` show the custom
/// keys as `key: value` lines, not JSON, with markup escaped for the notification server.
@Suite("Desktop agent: call data in notifications and status", .serialized, .timeLimit(.minutes(3)))
struct AgentCallDataTests {
    static let caller = "13900139000"

    @Test("ringing shows no bookkeeping; connected and status show the data set on the call as key: value lines")
    func callDataLines() async throws {
        try await AgentHarness.run { harness in
            let callId = try await harness.sim.simulator.ring("8001", from: Self.caller)
            let ringing = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            // originalANI is the caller, originalDNIS this extension, originalCallId bookkeeping.
            #expect(ringing.body == "From \(Self.caller)", "\(ringing.body)")

            try await harness.call("SetCallData", [.string(callId), .stringDictionary(["orderId": "42", "note": "<b>VIP</b>"])])
            try await harness.call("Answer", [.string(callId)])
            let connected = try await harness.notify { $0.hints["category"] == .string("call.ongoing") }
            // The mock announces body-markup: the agent escapes the server's text.
            #expect(connected.body == "note: &lt;b&gt;VIP&lt;/b&gt;\norderId: 42", "\(connected.body)")

            let report = AgentStatusReport(status: try await harness.status()).render()
            #expect(report.contains("  note: <b>VIP</b>\n") && report.contains("  orderId: 42\n"), "\(report)")
            #expect(!report.contains("original") && !report.contains("{"), "\(report)")
            try await harness.call("HangUp", [.string(callId)])
        }
    }
}
