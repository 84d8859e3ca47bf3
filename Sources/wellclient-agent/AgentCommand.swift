import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WellDesktopSupport
import WellAgent
import WellSimulator
import WellCommandLine

/// `wellclient agent [--config PATH] [--demo [--port N]] [--bus-address ADDR] [--verbose]`:
/// the background service that owns `cc.wellcloud.WellClient` on the session bus.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the desktop agent: log in, serve the D-Bus control interface, show call notifications.",
        discussion: """
            Reads $XDG_CONFIG_HOME/wellclient/config.toml (see `wellclient setup`). With --demo it runs the \
            embedded CTI simulator on 127.0.0.1:5088 and logs in as the demo agent 5001 on extension 8001. \
            Stops on SIGTERM/SIGINT/SIGHUP (a closed terminal): logs out when no call is up, otherwise keeps the session for recovery.
            """)

    @Option(help: "Config file to read instead of $XDG_CONFIG_HOME/wellclient/config.toml.")
    var config: String?

    @Flag(help: "Run the embedded simulator and log in as the demo agent (no config file needed).")
    var demo = false

    @Option(help: "Port of the demo simulator (with --demo); 0 picks a free one.")
    var port = 5088

    @Option(help: "D-Bus address to use instead of DBUS_SESSION_BUS_ADDRESS.")
    var busAddress: String?

    @Flag(help: "Log debug messages.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0…65535") }
        if let busAddress, busAddress.isEmpty { throw ValidationError("--bus-address must not be empty") }
    }

    func run() async throws {
        // One event loop thread for the agent's few connections (REST, the event WebSocket, the
        // panel's server once opened) instead of one per core: NIO's singleton group reads this
        // on first use, which comes later. NIO_SINGLETON_GROUP_LOOP_COUNT still wins when set.
        if ProcessEnvironment.current["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil { NIOSingletons.groupLoopCountSuggestion = 1 }
        var logger = Logger(label: "wellclient.agent")
        logger.logLevel = self.verbose ? .debug : .info
        let verbose = self.verbose
        let options = AgentOptions(
            configPath: self.config, demo: self.demo, demoPort: self.port, busAddress: self.busAddress,
            startDemoServer: { port in
                // The embedded demo server's own messages (e.g. Hummingbird's about the
                // connections it cuts when the demo stops) are for --verbose only.
                var simulatorLogger = Logger(label: "wellclient.sim")
                simulatorLogger.logLevel = verbose ? .debug : .critical
                let simulator = CTISimulator(configuration: SimulatorConfiguration(port: port, logger: simulatorLogger))
                let url = try await simulator.start()
                return DemoServer(
                    url: url, pageURL: URL(string: url.absoluteString + DemoCRMPage.path),
                    wrapUpSeconds: simulator.configuration.tenant.wrapUpSeconds, stop: { await simulator.stop() })
            })
        let agent = AgentService(options: options, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                // The agent returns only when it is done (stopped, or another agent owns the name):
                // that is the end of the process, not a service that died, so the group shuts down
                // gracefully instead of failing with "finished unexpectedly".
                services: [.init(service: agent, successTerminationBehavior: .gracefullyShutdownGroup)],
                // SIGHUP too: a terminal that closes must not kill the agent before it logs out.
                gracefulShutdownSignals: [.sigterm, .sigint, .sighup], logger: logger))
        do {
            try await group.run()
        } catch let failure as AgentFailure {
            StandardError.write("wellclient agent: \(failure)\n")
            throw ExitCode(1)
        }
        if await agent.exit == .alreadyRunning {
            // The double start the desktop expects (autostart and the systemd unit both start
            // one at login): one line on stderr, exit 0, so the unit is not marked failed.
            StandardError.write("wellclient agent: \(AgentExit.alreadyRunningMessage)\n")
        }
    }
}
