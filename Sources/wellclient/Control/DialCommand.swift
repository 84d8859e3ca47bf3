import ArgumentParser
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
            (D-Bus activation starts an installed agent). The agent applies the dial plan.
            """
    )

    @Argument(help: "A number, or a tel:/callto: URI such as 'tel:+86-10-8002'.")
    var target: String

    func run() async throws {
        try await runAgentCommand {
            let parsed: DialTarget
            do {
                parsed = try DialTarget.parse(target)
            } catch {
                throw AgentCallError(message: "\(error); no call placed", exitCode: .usage)
            }
            let reply = try await AgentBus().call("Dial", [.string(target)])
            let callId = reply.first?.string ?? ""
            print("dialled \(parsed.digits)" + (callId.isEmpty ? "" : " (call \(callId))"))
        }
    }
}
