import ArgumentParser

/// The one `wellclient` binary: every subcommand hangs off this root.
@main
struct WellClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wellclient",
        abstract: "Click-to-call agent for the wellClient CTI platform.",
        subcommands: [AgentCommand.self, SetupCommand.self, InstallCommand.self, UninstallCommand.self, SimCommand.self]
    )
}
