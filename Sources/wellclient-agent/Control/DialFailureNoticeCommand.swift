import ArgumentParser
import WellAgent
import WellCommandLine
import WellThinCommands

/// `wellclient dial-failure-notice --exit-code N -- INPUT REASON` (hidden): what the thin
/// `wellclient` becomes after a failed `dial` that no terminal shows. It has printed the message
/// already; this posts the desktop notification and ends with the dial's status.
struct DialFailureNoticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: DialFailureNoticeArguments.command,
        abstract: "Tell a failed dial in a desktop notification (run by wellclient dial).",
        shouldDisplay: false)

    @Option(help: "The status to exit with.") var exitCode: Int32
    @Argument(help: "What was to be dialled.") var input: String
    @Argument(help: "Why it failed.") var reason: String

    func run() async throws {
        await DialFailureNotice.post(input: self.input, reason: self.reason, environment: ProcessEnvironment.current)
        throw ExitCode(self.exitCode)
    }
}
