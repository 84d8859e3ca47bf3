import WellCommandLine
import WellControl

extension AgentRequest {
    /// Performs the request on the agent of `environment` and prints its lines; a failure is
    /// printed as `wellclient: message` on standard error.
    /// - Parameter mode: how the call travels (the thin `wellclient` blocks its main thread:
    ///   one call, no threads).
    /// - Returns: `nil` on success, else the failure (its ``AgentControlFailure/exitCode`` is
    ///   the status to end with).
    public nonisolated(nonsending) func run(
        environment: [String: String], mode: AgentControlClient.CallMode = .concurrent
    ) async -> AgentControlFailure? {
        do {
            for line in try await self.perform(on: AgentControlClient(environment: environment, mode: mode)) {
                StandardOutput.write(line + "\n")
            }
            return nil
        } catch {
            StandardError.write("wellclient: \(TerminalText.printable(error.message))\n")
            return error
        }
    }
}
