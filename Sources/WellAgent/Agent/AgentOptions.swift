#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellControl
import WellDesktopSupport
import WellControl
import WellCommandLine

/// How `wellclient agent` was started (its flags and environment).
public struct AgentOptions: Sendable {
    /// The environment (XDG directories, `DBUS_SESSION_BUS_ADDRESS`, locale, `PATH`).
    public var environment: [String: String]
    /// `--config PATH`; nil = `$XDG_CONFIG_HOME/wellclient/config.toml`.
    public var configPath: String?
    /// `--demo`: run the embedded simulator and log in as the demo agent.
    public var demo: Bool
    /// `--port` of the demo simulator (0 = any free port).
    public var demoPort: Int
    /// `--bus-address ADDR`: use this bus instead of `DBUS_SESSION_BUS_ADDRESS`.
    public var busAddress: String?
    /// How long `Dial` and friends wait for a login in progress.
    public var loginWait: Duration
    /// How long a Call/Cancel or Log-in-here prompt waits for an answer.
    public var promptTimeout: Duration
    /// The first delay before retrying a login that failed for lack of a server (doubles up to 60 s).
    public var loginRetryDelay: Duration
    /// Starts the demo's CTI server on a port (`--demo`; the CLI passes the embedded simulator).
    public var startDemoServer: (@Sendable (_ port: Int) async throws -> DemoServer)?
    /// Where texts for the person at the terminal go (banner, notifications without a server).
    public var print: @Sendable (String) -> Void
    /// Adjusts the client core's configuration after it was read from the config file
    /// (timeouts, heart-beats, reconnect policy; for tests and benchmarks). Nil = as configured.
    public var clientOverrides: (@Sendable (inout WellClientConfiguration) -> Void)?

    /// Options with the product defaults.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, configPath: String? = nil,
        demo: Bool = false, demoPort: Int = 5088, busAddress: String? = nil,
        loginWait: Duration = .seconds(15), promptTimeout: Duration = .seconds(30),
        loginRetryDelay: Duration = .seconds(2),
        startDemoServer: (@Sendable (_ port: Int) async throws -> DemoServer)? = nil,
        print: @escaping @Sendable (String) -> Void = { text in
            StandardOutput.write(text + "\n")
        },
        clientOverrides: (@Sendable (inout WellClientConfiguration) -> Void)? = nil
    ) {
        self.environment = environment
        self.configPath = configPath
        self.demo = demo
        self.demoPort = demoPort
        self.busAddress = busAddress
        self.loginWait = loginWait
        self.promptTimeout = promptTimeout
        self.loginRetryDelay = loginRetryDelay
        self.startDemoServer = startDemoServer
        self.print = print
        self.clientOverrides = clientOverrides
    }

    /// The bus to use: `--bus-address`, else `DBUS_SESSION_BUS_ADDRESS`.
    var resolvedBusAddress: String? {
        if let busAddress, !busAddress.isEmpty { return busAddress }
        if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return address }
        return nil
    }

    /// Whether the bus comes from the environment (then libnotify sees the same bus).
    var usesEnvironmentBus: Bool { busAddress == nil || busAddress == environment["DBUS_SESSION_BUS_ADDRESS"] }
}

/// How a run of the agent ended (read ``AgentService/exit`` after ``AgentService/run()``).
public enum AgentExit: Sendable, Equatable {
    /// Stopped on request (SIGTERM/SIGINT, ``AgentService/stop()``): exit 0.
    case stopped
    /// Another agent owns the bus name: exit 0.
    case alreadyRunning

    /// What `wellclient agent` says (on stderr, its only output) when it ends with ``alreadyRunning``.
    public static let alreadyRunningMessage =
        "another agent is already running (it owns \(ControlInterface.busName)); nothing to do"
}

/// Why the agent could not keep running (exit non-zero, so systemd restarts it).
public struct AgentFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public var description: String

    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }

    /// The session bus went away.
    public static let busLost = AgentFailure("the D-Bus session bus went away")
}

/// The CTI server of `--demo`, running in this process.
public struct DemoServer: Sendable {
    /// Its base URL (`http://127.0.0.1:5088`).
    public var url: URL
    /// The demo CRM page it serves for click-to-call in a browser, when it serves one.
    public var pageURL: URL?
    /// Its tenant's after-call work length in seconds (0: none).
    public var wrapUpSeconds: Int
    /// Stops it.
    public var stop: @Sendable () async -> Void

    /// A running demo server.
    public init(url: URL, pageURL: URL? = nil, wrapUpSeconds: Int = 0, stop: @escaping @Sendable () async -> Void) {
        self.url = url
        self.pageURL = pageURL
        self.wrapUpSeconds = wrapUpSeconds
        self.stop = stop
    }
}
