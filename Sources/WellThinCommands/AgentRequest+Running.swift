import WellCommandLine
import WellControl

extension AgentRequest {
    /// Performs the request on the agent of `environment` and prints its lines; a failure is
    /// printed as `wellclient: message` on standard error.
    /// - Returns: `nil` on success, else the failure (its ``AgentControlFailure/exitCode`` is
    ///   the status to end with).
    public func run(environment: [String: String]) async -> AgentControlFailure? {
        do {
            for line in try await self.perform(on: AgentControlClient(environment: environment)) {
                StandardOutput.write(line + "\n")
            }
            return nil
        } catch {
            StandardError.write("wellclient: \(TerminalText.printable(error.message))\n")
            return error
        }
    }
}
