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
import WellDesktop

/// `wellclient dial URI|NUMBER`: the `tel:`/`callto:` handler's `Exec` (`%u`).
struct DialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial",
        abstract: "Dial a number or a tel:/callto: URI from the agent's extension.",
        discussion: """
            The number is checked here first (PRODUCT.md §3: tel: URIs keep only their digits, \
            letters in a URI are refused, a bare string is reduced to its digits); an invalid \
            number exits 64 and places no call. Then the running agent dials it over D-Bus \
            (D-Bus activation starts an installed agent). The agent applies the dial plan. \
            When standard error is not a terminal (a browser ran the handler), a failure is also \
            shown as a desktop notification.
            """
    )

    @Argument(help: "A number, or a tel:/callto: URI such as 'tel:+86-10-8002'.")
    var target: String

    func run() async throws {
        try await runAgentCommand {
            do {
                let parsed: DialTarget
                do {
                    parsed = try DialTarget.parse(target)
                } catch {
                    throw AgentCallError(message: "\(error); no call placed", exitCode: .usage)
                }
                let reply = try await AgentBus().call("Dial", [.string(target)])
                let callId = reply.first?.string ?? ""
                print("dialled \(parsed.digits)" + (callId.isEmpty ? "" : " (call \(TerminalText.printable(callId)))"))
            } catch let error as AgentCallError {
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
