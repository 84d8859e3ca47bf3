import ArgumentParser
import WellDesktopSupport
import WellCommandLine

/// The full command line (`wellclient-agent`, which the thin `wellclient` becomes for every
/// command it does not run itself): every subcommand hangs off this root, named `wellclient`
/// as users type it.
@main
struct WellClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wellclient",
        abstract: "Click-to-call agent for the wellClient CTI platform.",
        version: ProductVersion.current,
        subcommands: [
            AgentCommand.self, SimCommand.self,
            DialCommand.self, AnswerCommand.self, HangUpCommand.self, HoldCommand.self, RetrieveCommand.self,
            SingleStepTransferCommand.self, SingleStepConferenceCommand.self, ConsultCommand.self,
            ConferenceCommand.self, TransferCommand.self, CancelConsultCommand.self,
            StatusCommand.self, ModeCommand.self, CallDataCommand.self, PanelCommand.self, HistoryCommand.self,
            ConsoleCommand.self,
            SetupCommand.self, InstallCommand.self, UninstallCommand.self,
            DialFailureNoticeCommand.self,
        ]
    )
}
