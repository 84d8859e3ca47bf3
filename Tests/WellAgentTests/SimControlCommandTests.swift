import Foundation
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

/// `wellclient sim …` against a running simulator, through the one control client.
struct SimControlCommandTests {
    @Test("ring prints the call id the simulator has; state is its JSON; a bad fault is refused before sending; an unreachable simulator says so")
    func commands() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        try await SimulatorHarness.with { sim in
            let server = sim.baseURL.absoluteString
            let ring = try await ToolRun.run(binary, ["sim", "ring", "8001", "--from", "13800138000", "--server", server], environment: environment)
            #expect(ring.succeeded, "\(ring)")
            let callId = ring.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!callId.isEmpty)
            let state = try await ToolRun.run(binary, ["sim", "state", "--server", server], environment: environment)
            #expect(state.succeeded, "\(state)")
            #expect(state.standardOutput.contains(callId), "the state names the ringing call")
            let hangup = try await ToolRun.run(binary, ["sim", "hangup", "--from", "13800138000", "--server", server], environment: environment)
            #expect(hangup.succeeded, "\(hangup)")

            let bad = try await ToolRun.run(binary, ["sim", "fault", "nonsense", "--server", server], environment: environment)
            #expect(!bad.succeeded)
            #expect(bad.standardError.contains("fault must be one of"), "\(bad)")
            let unknown = try await ToolRun.run(binary, ["sim", "answer", "--from", "19999999999", "--server", server], environment: environment)
            #expect(!unknown.succeeded)
            #expect(unknown.standardError.contains("the simulator answered"), "\(unknown)")
        }
        // Nothing listens on port 9 of loopback (discard is not served here).
        let away = try await ToolRun.run(binary, ["sim", "state", "--server", "http://127.0.0.1:9"], environment: environment)
        #expect(!away.succeeded)
        #expect(away.standardError.contains("cannot reach the simulator at http://127.0.0.1:9"), "\(away)")
    }
}
