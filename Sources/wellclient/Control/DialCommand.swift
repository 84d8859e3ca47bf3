import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import WellClient
import WellNumbers
import WellDesktopSupport
import WellControl
import WellAgent

/// `wellclient dial URI|NUMBER`: the `tel:`/`callto:` handler's `Exec` (`%u`).
struct DialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial",
        abstract: "Dial a number or a tel:/callto: URI from the agent's extension.",
        discussion: """
            The running agent checks and dials it over D-Bus (D-Bus activation starts an \
            installed agent): tel: URIs keep only their digits, letters in a URI are refused, a \
            bare string is reduced to its digits; an invalid number exits 64 and places no call. \
            The agent applies the dial plan; the number it sent is printed. \
            When standard error is not a terminal (a browser ran the handler), a failure is also \
            shown as a desktop notification.
            """
    )

    @Argument(help: "A number, or a tel:/callto: URI such as 'tel:+86-10-8002'.")
    var target: String

    func run() async throws {
        try await runAgentCommand {
            do {
                let placed = try await AgentControlClient().dial(target)
                print("dialled \(TerminalText.printable(placed.dialled))"
                      + (placed.callId.isEmpty ? "" : " (call \(TerminalText.printable(placed.callId)))"))
            } catch let error as AgentControlFailure {
                // Launched by a click (xdg-open from a browser): nobody reads stderr, so say it
                // where the user looks. From a terminal the message below is enough.
                if isatty(STDERR_FILENO) == 0 {
                    await DialFailureNotice.post(input: target, reason: error.message, environment: ProcessInfo.processInfo.environment)
                }
                throw error
            }
        }
    }
}
