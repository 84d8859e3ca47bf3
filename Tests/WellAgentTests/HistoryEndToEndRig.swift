import Foundation
import Glibc
import Synchronization
import Testing
import WellHistory
import WellProtocol
import WellSimulator
import WellTestSupport

/// The call history end to end: the real `wellclient agent` process on a private bus, logged in
/// as 5001 on 8001 at the in-process simulator, with a temporary `XDG_DATA_HOME`; the real
/// `wellclient` thin commands drive it and `wellclient history --json` reads the file.
final class HistoryRig: Sendable {
    let sim: SimulatorHarness
    let home: TemporaryHome
    let bus: PrivateBus
    let binary: String
    let configPath: String
    private let process = Mutex<SpawnedProcess?>(nil)
    private let starts = Mutex(0)

    /// The history file.
    var historyPath: String { home.dataHome + "/wellclient/history.sqlite" }
    /// The environment of the agent and of every command.
    var environment: [String: String] { home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address]) }
    /// The log (standard error) of the agent's `n`th start (1-based).
    func logPath(_ n: Int) -> String { home.root + "/agent-\(n).log" }
    /// Every start's log, joined.
    var log: String {
        (1...max(1, starts.withLock { $0 })).map { (try? String(contentsOfFile: logPath($0), encoding: .utf8)) ?? "" }.joined()
    }

    private init(sim: SimulatorHarness, home: TemporaryHome, bus: PrivateBus, binary: String, configPath: String) {
        self.sim = sim
        self.home = home
        self.bus = bus
        self.binary = binary
        self.configPath = configPath
    }

    /// Runs `body` with a rig whose agent is started and logged in (unless `start` is false);
    /// `history` is the `[history]` table's body; `prepare` runs before the agent starts.
    static func run(
        history: String = "", start: Bool = true, prepare: @Sendable (HistoryRig) async throws -> Void = { _ in },
        _ body: @Sendable (HistoryRig) async throws -> Void
    ) async throws {
        try await SimulatorHarness.with { sim in
            let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
            let home = try TemporaryHome(label: "history-e2e")
            defer { home.remove() }
            let bus = try await PrivateBus.start()
            defer { bus.stop() }
            let configPath = home.configHome + "/wellclient/config.toml"
            try FileManager.default.createDirectory(atPath: home.configHome + "/wellclient", withIntermediateDirectories: true)
            let config = TestAgentConfig.text(url: sim.baseURL.absoluteString, namespace: sim.namespace, extra: "[history]\n\(history)\n")
            #expect(FileManager.default.createFile(atPath: configPath, contents: Data(config.utf8), attributes: [.posixPermissions: 0o600]))
            let rig = HistoryRig(sim: sim, home: home, bus: bus, binary: binary, configPath: configPath)
            defer { rig.process.withLock { $0?.kill() } }
            try await prepare(rig)
            if start { try await rig.startAgent() }
            try await body(rig)
        }
    }

    /// Starts the agent process and waits until it is logged in with the link up.
    func startAgent() async throws {
        let n = starts.withLock {
            $0 += 1
            return $0
        }
        let agent = try await SpawnedProcess.spawn(
            binary, arguments: ["agent", "--config", configPath], environment: environment, stderr: .file(logPath(n)))
        process.withLock { $0 = agent }
        try await eventually("the agent logged in with the link up", lastSeen: { self.log.suffix(800).description }) {
            guard let status = try? await self.status() else { return false }
            return status["login"] == "loggedIn" && status["server"]?["connection"] == "up"
        }
    }

    /// Stops the agent with SIGTERM and waits for it to exit 0.
    func stopAgent() async throws {
        guard let agent = process.withLock({ $0 }) else { return }
        agent.send(SIGTERM)
        let exit = await agent.waitForExit(timeout: .seconds(60))
        #expect(exit == .exited(0), "\(log.suffix(1500))")
        process.withLock { $0 = nil }
    }

    /// Runs `wellclient arguments…`; expects exit status 0 unless `expectSuccess` is false.
    @discardableResult
    func wellclient(_ arguments: [String], expectSuccess: Bool = true) async throws -> ToolRun {
        let run = try await ToolRun.run(binary, arguments, environment: environment)
        if expectSuccess {
            #expect(run.exitCode == 0, "wellclient \(arguments.joined(separator: " ")): \(run.standardError)")
        }
        return run
    }

    /// `status --json`, decoded.
    func status() async throws -> JSONValue {
        let run = try await ToolRun.run(binary, ["status", "--json"], environment: environment)
        guard run.exitCode == 0 else { throw HarnessError(description: "status: \(run.standardError)") }
        return try JSONDecoder().decode(JSONValue.self, from: Data(run.standardOutput.utf8))
    }

    /// `history --json [extra]`: one parsed object per line (every line must parse).
    func history(_ extra: [String] = []) async throws -> [JSONValue] {
        let run = try await wellclient(["history", "--json", "--limit", "1000"] + extra)
        return try run.standardOutput.split(separator: "\n").map { line in
            try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        }
    }

    /// Waits until `history --json` lists `count` calls; returns them.
    func waitForHistory(_ count: Int, fileID: String = #fileID, line: Int = #line) async throws -> [JSONValue] {
        let seen = Mutex<[JSONValue]>([])
        try await eventually("\(count) calls in the history", lastSeen: { "\(seen.withLock { $0 })" }) {
            let rows = (try? await self.history()) ?? []
            seen.withLock { $0 = rows }
            return rows.count >= count
        }
        let rows = seen.withLock { $0 }
        #expect(rows.count == count, "\(rows)")
        return rows
    }

    /// Our own leg's state in the only call of `Status` (nil without exactly one call).
    func ownState() async -> String? {
        guard let status = try? await self.status(), let calls = status["calls"]?.arrayValue, calls.count == 1 else { return nil }
        return calls[0]["parties"]?.arrayValue?.first { $0["isOwn"] == true }?["state"]?.stringValue
    }

    /// Waits until our leg is in `state`.
    func waitForOwnState(_ state: String) async throws {
        try await eventually("our leg \(state)") { await self.ownState() == state }
    }

    /// Waits until the only call's other party (the far end) is in `state`.
    func waitForFarEnd(_ state: String) async throws {
        try await eventually("the far end \(state)") {
            guard let status = try? await self.status(), let calls = status["calls"]?.arrayValue, calls.count == 1 else { return false }
            return calls[0]["parties"]?.arrayValue?.contains { $0["isOwn"] == false && $0["state"]?.stringValue == state } == true
        }
    }

    /// Waits until the agent shows no call.
    func waitForNoCall() async throws {
        try await eventually("no call in Status") { (try? await self.status())?["calls"]?.arrayValue?.isEmpty == true }
    }

    /// The `missedCalls` of `Status`.
    func missedInStatus() async throws -> Int? {
        try await status()["missedCalls"]?.intValue
    }
}
