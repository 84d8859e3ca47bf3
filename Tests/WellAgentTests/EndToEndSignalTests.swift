import Foundation
import Glibc
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

/// `wellclient agent` as systemd stops it (SIGTERM) or a closing terminal does (SIGHUP): a real
/// signal to the real binary, which goes through
/// the service group's graceful shutdown (the in-process tests call `shutdown()` directly and
/// miss what a signal does to the rest of the process: it also closes the WebSocket at once).
@Suite("End to end: the agent process on SIGTERM and SIGHUP", .serialized, .timeLimit(.minutes(3)))
struct EndToEndSignalTests {
    /// A config for agent 5001 on 8001 at `url`, notifications off.
    static func config(_ url: URL, namespace: String) -> String {
        TestAgentConfig.text(url: url.absoluteString, namespace: namespace)
    }

    /// Agent 5001's mode at the simulator (nil: not known there).
    static func mode(_ sim: SimulatorHarness) async -> String? {
        let agents = await sim.simulator.state()["agents"]?.arrayValue ?? []
        return agents.first { $0["agentId"]?.stringValue == "5001@\(sim.namespace)" }?["agentMode"]?.stringValue
    }

    /// Starts the agent binary on a private bus with its config at the simulator; runs `body`
    /// with the process, the path of its log (stderr) and a way to read its `status --json`.
    static func withAgent(
        _ sim: SimulatorHarness,
        _ body: (SpawnedProcess, String, @escaping @Sendable () async throws -> String) async throws -> Void
    ) async throws {
        try await withAgentOnBus(sim) { agent, log, _, status in try await body(agent, log, status) }
    }

    /// ``withAgent(_:_:)`` that also hands over the private bus (for a peer such as a panel's
    /// watcher): the process, the path of its log, the bus.
    static func withAgentAndBus(_ sim: SimulatorHarness, _ body: (SpawnedProcess, String, PrivateBus) async throws -> Void) async throws {
        try await withAgentOnBus(sim) { agent, log, bus, _ in try await body(agent, log, bus) }
    }

    private static func withAgentOnBus(
        _ sim: SimulatorHarness,
        _ body: (SpawnedProcess, String, PrivateBus, @escaping @Sendable () async throws -> String) async throws -> Void
    ) async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let home = try TemporaryHome(label: "e2e-sigterm")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let configPath = home.configHome + "/wellclient/config.toml"
        try FileManager.default.createDirectory(atPath: home.configHome + "/wellclient", withIntermediateDirectories: true)
        #expect(
            FileManager.default.createFile(
                atPath: configPath, contents: Data(config(sim.baseURL, namespace: sim.namespace).utf8),
                attributes: [.posixPermissions: 0o600]))
        let log = home.root + "/agent.log"
        let agent = try await SpawnedProcess.spawn(
            binary, arguments: ["agent", "--config", configPath],
            environment: home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address]), stderr: .file(log))
        defer { agent.kill() }
        let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])
        try await body(agent, log, bus) { try await ToolRun.run(binary, ["status", "--json"], environment: environment).standardOutput }
    }

    static func logText(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test(
        "SIGTERM or SIGHUP with no call: the agent logs out at the server (not 'logout failed', no 10 s wait) and exits 0",
        arguments: [SIGTERM, SIGHUP])
    func sigtermLogsOut(_ signal: Int32) async throws {
        try await SimulatorHarness.with { sim in
            try await Self.withAgent(sim) { agent, log, _ in
                try await eventually("agent 5001 logged in at the simulator") { await Self.mode(sim) == "Ready" }
                try await eventually("the agent's own log saying it is logged in") { Self.logText(log).contains("logged in as") }
                let signalled = ContinuousClock.now
                agent.send(signal)
                let exit = await agent.waitForExit(timeout: .seconds(60))
                let took = ContinuousClock.now - signalled
                print("signal \(signal) → exit: \(exit.map { "\($0)" } ?? "still running") after \(took)")
                #expect(exit == .exited(0), "\(Self.logText(log).suffix(1500))")
                let text = Self.logText(log)
                #expect(text.contains("stopping: loggedOut"), "\(text.suffix(1500))")
                #expect(!text.contains("logout on exit failed"), "\(text.suffix(1500))")
                // Logged out at the server, not merely vanished (a vanished agent stays logged in).
                let mode = await Self.mode(sim)
                #expect(mode == nil || mode == "Logout", "mode at the server: \(mode ?? "-")")
                // The logout did not sit out the 10 s wait for an agentLoggedOff that could not
                // come (a bound far from the figure printed above, not a speed claim).
                #expect(took < .seconds(8), "signal \(signal) took \(took) to end the agent")
            }
        }
    }

    @Test("SIGTERM with a call up: the session is kept for recovery at the server and the agent exits 0")
    func sigtermWithACallKeepsTheSession() async throws {
        try await SimulatorHarness.with { sim in
            try await Self.withAgent(sim) { agent, log, status in
                try await eventually("agent 5001 logged in at the simulator") { await Self.mode(sim) == "Ready" }
                try await eventually("the agent's own log saying it is logged in") { Self.logText(log).contains("logged in as") }
                let callId = try await sim.simulator.ring("8001", from: "13800138000")
                try await eventually("the ringing call in the agent's Status") { (try? await status())?.contains(callId) == true }
                agent.send(SIGTERM)
                let exit = await agent.waitForExit(timeout: .seconds(60))
                #expect(exit == .exited(0), "\(Self.logText(log).suffix(1500))")
                let text = Self.logText(log)
                #expect(text.contains("stopping: keptForRecovery"), "\(text.suffix(1500))")
                let mode = await Self.mode(sim)
                #expect(mode != nil && mode != "Logout", "mode at the server: \(mode ?? "-")")
                let calls = await sim.simulator.state()["calls"]?.arrayValue ?? []
                #expect(calls.count == 1)
            }
        }
    }
}
