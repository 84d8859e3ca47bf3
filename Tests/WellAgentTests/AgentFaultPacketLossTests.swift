import Foundation
import Testing
import WellProtocol
import WellTestSupport

/// The link to the server loses every packet (no close, no reset, nothing): the real `wellclient
/// agent` and `wellclient sim` in a private network namespace, the agent's traffic dropped by
/// nftables for a while. Unlike the simulator's `blackhole` fault (the server stops writing),
/// here the kernel drops both directions, so TCP itself goes silent: REST requests and the
/// WebSocket alike.
///
/// The simulator listens on every address of the namespace's loopback; the agent is configured
/// with `127.0.0.2`, the test controls the simulator on `127.0.0.1`, and only packets to or from
/// `127.0.0.2:5088` are dropped. Needs root (network namespace, nftables): skipped otherwise.
@Suite(
    "Agent faults: packets dropped in a network namespace", .serialized, .timeLimit(.minutes(3)),
    .enabled("needs a network namespace with nftables (root)") { await NetworkNamespace.probe() == nil })
struct AgentFaultPacketLossTests {
    static let port = 5088
    static let agentServer = "http://127.0.0.2:\(port)"
    static let controlServer = "http://127.0.0.1:\(port)"
    static let caller = "13800138000"

    /// Drops TCP to and from the agent's server address (both directions pass `input` on `lo`).
    static let dropRules = """
        table inet wellclient_fault {
            chain input {
                type filter hook input priority 0; policy accept;
                ip daddr 127.0.0.2 tcp dport \(port) drop
                ip saddr 127.0.0.2 tcp sport \(port) drop
            }
        }
        """

    static func config() -> String {
        TestAgentConfig.text(url: "\(agentServer)")
    }

    @Test("every packet dropped mid-call: a request times out, heart-beats find the loss, the agent reconnects and its calls match the server")
    func droppedPacketsMidCall() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let namespace = try await NetworkNamespace.create()
        defer { namespace.stop() }
        let home = try TemporaryHome(label: "packet-loss")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])

        let simulator = try await namespace.spawn(
            binary, arguments: ["sim", "--host", "0.0.0.0", "--port", "\(Self.port)", "--ring-ms", "300"],
            environment: environment, stdout: .pipe, stderr: .file(home.root + "/sim.log"))
        defer { simulator.kill() }
        let listening = try await simulator.readLine(timeout: .seconds(30))
        #expect(listening.contains("listening"), "\(listening)")

        let configPath = home.configHome + "/wellclient/config.toml"
        try AgentHarness.writePrivate(Self.config(), to: configPath)
        let log = home.root + "/agent.log"
        let agent = try await namespace.spawn(binary, arguments: ["agent", "--config", configPath], environment: environment, stderr: .file(log))
        defer { agent.kill() }

        let cli = CLI(binary: binary, environment: environment, namespace: namespace)
        try await cli.waitForStatus("the agent logged in, link up", log: log) { $0.login == "loggedIn" && $0.connection == "up" }

        // A connected inbound call.
        _ = try await cli.sim(["ring", "8001", "--from", Self.caller])
        try await cli.waitForStatus("the ringing call", log: log) { $0.calls.count == 1 }
        let answered = try await cli.run(["answer"])
        #expect(answered.succeeded, "\(answered)")
        try await cli.waitForStatus("the call connected", log: log) { $0.ownStates == ["Connect"] }

        // Cut: nothing reaches the server at 127.0.0.2 and nothing comes back.
        try await namespace.loadRules(Self.dropRules)
        let cut = ContinuousClock.now

        // While cut off, the caller hangs up (the simulator is still reachable on 127.0.0.1).
        _ = try await cli.sim(["hangup", "--from", Self.caller])

        // A request into the silence fails with a timeout instead of hanging.
        let modeStarted = ContinuousClock.now
        let mode = try await cli.run(["mode", "NotReady"])
        let modeTook = ContinuousClock.now - modeStarted
        #expect(mode.exitCode == 69, "\(mode)") // the server unavailable (EX_UNAVAILABLE), not a refusal
        #expect(mode.standardError.contains("timed out"), "\(mode)")
        #expect(modeTook < .seconds(30), "SetAgentMode into dropped packets took \(modeTook)")

        // The heart-beat watchdog notices the silent link (two 10 s periods) and Status says so.
        try await cli.waitForStatus("the link reported down", timeout: .seconds(60), log: log) { $0.connection == "down" }
        let detected = ContinuousClock.now - cut
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("no heart-beat from the server"))

        // Packets flow again: the agent reconnects by itself and resynchronises.
        try await namespace.deleteTable("inet", "wellclient_fault")
        let restoredAt = ContinuousClock.now
        try await cli.waitForStatus("the link up again", timeout: .seconds(90), log: log) { $0.connection == "up" && $0.login == "loggedIn" }
        let reconnected = ContinuousClock.now - restoredAt
        print("packets dropped: SetAgentMode failed after \(modeTook); loss detected after \(detected); up again \(reconnected) after the drop ended")

        // The call that ended during the outage is gone from the agent, as at the server.
        try await cli.waitForStatus("no call left after the resync", log: log) { $0.calls.isEmpty }
        let state = try await cli.sim(["state"])
        let calls = try JSONDecoder().decode(JSONValue.self, from: Data(state.standardOutput.utf8))["calls"]?.arrayValue
        #expect(calls?.isEmpty == true, "\(state.standardOutput.prefix(800))")

        // The agent's mode agrees with the server's (the timed-out request may or may not have
        // reached it late: TCP retransmits once the path is open again).
        let serverMode = try JSONDecoder().decode(JSONValue.self, from: Data(state.standardOutput.utf8))["agents"]?.arrayValue?
            .first { $0["agentId"]?.stringValue == "5001@demo.cc" }?["agentMode"]?.stringValue
        try await cli.waitForStatus("the agent's mode matching the server's", log: log) { status in
            guard let serverMode else { return false }
            return status.mode == serverMode || serverMode == "Unknown"
        }

        // And the link carries calls again.
        _ = try await cli.sim(["ring", "8001", "--from", "13900139000"])
        try await cli.waitForStatus("a new call after the outage", log: log) { $0.calls.count == 1 }
        let hungUp = try await cli.run(["hangup"])
        #expect(hungUp.succeeded, "\(hungUp)")
        try await cli.waitForStatus("the new call ended", log: log) { $0.calls.isEmpty }
    }

    /// The thin clients (`wellclient …` over D-Bus) and the simulator's control CLI.
    struct CLI {
        let binary: String
        let environment: [String: String]
        let namespace: NetworkNamespace

        func run(_ arguments: [String]) async throws -> ToolRun {
            try await ToolRun.run(binary, arguments, environment: environment)
        }

        /// `wellclient sim …` on the namespace's 127.0.0.1 (never dropped).
        func sim(_ arguments: [String]) async throws -> ToolRun {
            let result = try await namespace.run(
                binary, ["sim"] + arguments + ["--server", AgentFaultPacketLossTests.controlServer],
                environment: environment)
            #expect(result.succeeded, "\(result)")
            return result
        }

        /// Polls `status --json` until `condition` holds; the failure names `what`, the last status
        /// and the end of the agent's log.
        func waitForStatus(
            _ what: String, timeout: Duration = .seconds(30), log: String, fileID: String = #fileID, line: Int = #line,
            _ condition: (AgentStatusView) -> Bool
        ) async throws {
            var last = ""
            try await eventually(
                what, timeout: timeout, pollInterval: .milliseconds(200),
                lastSeen: { "\(last.prefix(1200)); agent log: \(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(2000))" },
                fileID: fileID, line: line
            ) {
                let result = try await run(["status", "--json"])
                last = result.standardOutput
                guard result.succeeded, let status = AgentStatusView(json: last) else { return false }
                return condition(status)
            }
        }
    }

    /// The parts of the agent's `Status` JSON these checks read.
    struct AgentStatusView {
        let login: String?
        let connection: String?
        let mode: String?
        let calls: [JSONValue]
        /// The agent's own party state in each call.
        var ownStates: [String] {
            calls.compactMap { call in
                call["parties"]?.arrayValue?.first { $0["isOwn"]?.boolValue == true }?["state"]?.stringValue
            }
        }

        init?(json: String) {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { return nil }
            login = value["login"]?.stringValue
            connection = value["server"]?["connection"]?.stringValue
            mode = value["agent"]?["mode"]?.stringValue
            calls = value["calls"]?.arrayValue ?? []
        }
    }
}
