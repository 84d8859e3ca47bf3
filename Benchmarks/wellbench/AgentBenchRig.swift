import Foundation
import Logging
import WellDBus
import WellProtocol
import WellSimulator
import WellTestSupport

/// The set-up the agent benchmarks share: the simulator and a notification server in this
/// process, a private `dbus-daemon`, a child `wellclient agent` in a temporary HOME, logged in,
/// and a tap on the agent's event topic.
struct AgentBenchRig {
    let simulator: CTISimulator
    /// The environment the agent runs in (and the commands under test get).
    let environment: [String: String]
    let agent: SpawnedProcess
    let session: AgentSession
    let tap: EventTap
    let notifications: BenchNotificationServer

    /// Starts everything, runs `body` once the agent is logged in, then stops everything and
    /// removes the temporary HOME.
    static func run(wellclient: String, _ body: (AgentBenchRig) async throws -> Void) async throws {
        var simulatorConfiguration = SimulatorConfiguration.testing()
        simulatorConfiguration.logger.logLevel = .critical
        simulatorConfiguration.vanishedAgentTimeout = .seconds(3600)
        let simulator = CTISimulator(configuration: simulatorConfiguration)
        let base = try await simulator.start()
        let root = try AgentBenchmarks.temporaryRoot()
        let bus = try await PrivateBus.start()
        let notifications = try await BenchNotificationServer.start(busAddress: bus.address)
        let configPath = root + "/config/wellclient/config.toml"
        try AgentBenchmarks.writeConfig(to: configPath, url: base, namespace: simulatorConfiguration.tenant.namespace)
        let environment = [
            "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config", "XDG_STATE_HOME": root + "/state",
            "XDG_DATA_HOME": root + "/data", "XDG_CACHE_HOME": root + "/cache", "XDG_RUNTIME_DIR": root + "/runtime",
            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DBUS_SESSION_BUS_ADDRESS": bus.address,
        ]
        let agent = try await SpawnedProcess.spawn(
            wellclient, arguments: ["agent", "--config", configPath], environment: environment,
            stdout: .file(root + "/agent.log"), stderr: .file(root + "/agent.log"))
        let control = try await DBusConnection.connect(address: bus.address)
        let session = AgentSession(control: control)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await notifications.run() }
            defer { group.cancelAll() }
            try await session.waitFor(timeout: .seconds(30)) { $0["login"] == "loggedIn" }
            let tap = try await EventTap.open(simulator.webSocketURL!, destination: EventTopic.agent(loginId: "5001@demo.cc").destination)
            try await body(
                AgentBenchRig(
                    simulator: simulator, environment: environment, agent: agent, session: session, tap: tap, notifications: notifications))
            await tap.close()
            await notifications.close()
        }
        await agent.terminate(grace: .seconds(5))
        await control.close()
        bus.stop()
        await simulator.stop()
        try? FileManager.default.removeItem(atPath: root)
    }
}
