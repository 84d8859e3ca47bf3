import ArgumentParser

/// `wellclient sim …`: run the embedded CTI simulator, or drive a running one.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the embedded CTI simulator (default) or drive a running one.",
        discussion: """
            `wellclient sim` (or `sim serve`) serves TPI login, the CSTA REST API and STOMP over \
            WebSocket on one port until SIGINT/SIGTERM. The other subcommands talk to a running \
            simulator's control API.
            """,
        subcommands: [
            SimServeCommand.self, SimRingCommand.self, SimOutsideCommand.Answer.self, SimOutsideCommand.Hangup.self,
            SimOutsideCommand.Busy.self, SimFaultCommand.self, SimStateCommand.self,
        ],
        defaultSubcommand: SimServeCommand.self
    )
}
