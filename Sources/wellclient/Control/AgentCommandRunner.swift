import ArgumentParser
import WellControl
import WellDesktopSupport

/// Runs a thin-client body, printing a failure as `wellclient: message` and exiting with its status.
func runAgentCommand(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as AgentControlFailure {
        StandardError.write("wellclient: \(TerminalText.printable(error.message))\n")
        throw ExitCode(error.exitCode.rawValue)
    }
}
