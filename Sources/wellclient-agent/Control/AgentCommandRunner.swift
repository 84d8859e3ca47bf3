import ArgumentParser
import WellCommandLine
import WellControl
import WellThinCommands

/// Runs a thin-client body, printing a failure as `wellclient: message` and exiting with its status.
func runAgentCommand(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as AgentControlFailure {
        StandardError.write("wellclient: \(TerminalText.printable(error.message))\n")
        throw ExitCode(error.exitCode.rawValue)
    }
}

/// Runs `request` as the thin `wellclient` does (the same output and statuses).
func runAgentRequest(_ request: AgentRequest) async throws {
    if let failure = await request.run(environment: ProcessEnvironment.current) {
        throw ExitCode(failure.exitCode.rawValue)
    }
}
