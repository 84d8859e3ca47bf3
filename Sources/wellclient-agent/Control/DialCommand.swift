import ArgumentParser
#if canImport(Glibc)
    import Glibc
#endif
import WellAgent
import WellCommandLine
import WellControl
import WellDesktopSupport
import WellNumbers
import WellThinCommands

/// `wellclient dial URI|NUMBER`: the `tel:`/`callto:` handler's `Exec` (`%u`); `wellclient dial
/// --selection`: the number in the desktop's primary selection (a keyboard shortcut's command).
struct DialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial",
        abstract: "Dial a number or a tel:/callto: URI (or the selected text) from the agent's extension.",
        discussion: """
            The running agent checks and dials it over D-Bus (D-Bus activation starts an \
            installed agent): tel: URIs keep only their digits, letters in a URI are refused, a \
            bare string is reduced to its digits; an invalid number exits 64 and places no call. \
            The agent applies the dial plan; the number it sent is printed. \
            When standard error is not a terminal (a browser ran the handler), a failure is also \
            shown as a desktop notification. With --selection the text selected with the mouse in \
            any application (the primary selection: wl-paste under Wayland, xclip or xsel under \
            X11) is dialled by the bare-string rule: every non-digit is dropped.
            """
    )

    @Argument(help: "A number, or a tel:/callto: URI such as 'tel:+86-10-8002'.")
    var target: String?

    @Flag(help: "Dial the selected text (the primary selection) instead; bind this to a keyboard shortcut.")
    var selection = false

    func validate() throws {
        if selection, target != nil { throw ValidationError("give a number or --selection, not both") }
        if !selection, target == nil { throw ValidationError("give a number or tel: URI to dial, or --selection") }
    }

    func run() async throws {
        let environment = ProcessEnvironment.current
        var input = target ?? ""
        var failure: AgentControlFailure?
        do throws(AgentControlFailure) {
            var number = input
            if selection {
                do throws(PrimarySelection.Failure) {
                    input = try await PrimarySelection.read(environment: environment)
                } catch {
                    throw AgentControlFailure(message: "\(error); no call placed", exitCode: error.kind == .empty ? .usage : .unavailable)
                }
                // The selection is text, not a link: its digits (and a leading +) alone go to the agent.
                do {
                    number = try DialTarget.parseText(input).shown
                } catch {
                    throw AgentControlFailure(message: "the selection holds no number to dial: \(error); no call placed", exitCode: .usage)
                }
            }
            failure = await AgentRequest.dial(number).run(environment: environment)
        } catch {
            StandardError.write("wellclient: \(TerminalText.printable(error.message))\n")
            failure = error
        }
        guard let failure else { return }
        // Launched by a click or a shortcut: nobody reads stderr, so say it where the user
        // looks. From a terminal the message above is enough.
        if isatty(STDERR_FILENO) == 0 {
            // The notice reads its number by the tel: rules: give it a selection's digits only.
            let shown = selection ? ((try? DialTarget.parseText(input))?.shown ?? "") : input
            await DialFailureNotice.post(input: shown, reason: failure.message, environment: environment)
        }
        throw ExitCode(failure.exitCode.rawValue)
    }
}
