import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellAgent
import WellControl
import WellDesktopSupport
import WellThinCommands

/// `wellclient panel [--print-url]`: opens the softphone panel the agent serves on loopback.
struct PanelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "Open the softphone panel (the agent serves it on 127.0.0.1).",
        discussion: """
            Asks the agent for the panel's URL (the agent starts the panel on the first request) \
            and opens it: as an app window when a Chromium-based browser is installed \
            (chromium, google-chrome, brave, edge, vivaldi: --app), otherwise with xdg-open. \
            The URL carries this agent run's secret token; it is handed to the browser through \
            a private file (mode 0600 in the user's runtime folder), never on a command line \
            other users could read. --print-url prints the URL as the last line instead.
            """
    )

    @Flag(help: "Print the panel's URL (with its token) instead of opening it.")
    var printURL = false

    func run() async throws {
        if printURL {
            try await runAgentRequest(.panelURL)
            return
        }
        try await runAgentCommand {
            let url = try await AgentControlClient().panelURL()
            let environment = ProcessInfo.processInfo.environment
            let file = PanelLaunchFile(environment: environment)
            do {
                try file.write(url: url)
                try await PanelOpener.open(file: file.path, environment: environment)
            } catch {
                throw AgentControlFailure(message: "cannot open the panel: \(error)", exitCode: .unavailable)
            }
            print("opened the panel")
        }
    }
}
