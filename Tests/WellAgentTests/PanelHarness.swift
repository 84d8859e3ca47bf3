import Foundation
import Testing
import WellProtocol
import WellTestSupport

/// The panel end to end: the agent (in-process, on a private bus, logged in to the simulator),
/// its panel's URL as `wellclient panel --print-url` prints it, and optionally Debian's
/// headless Chromium showing that URL.
struct PanelHarness: Sendable {
    let agent: AgentHarness
    /// The URL with the token, from the command.
    let url: String
    /// The panel's port.
    let port: Int

    /// The config file with extra `[agent]` keys and a `[panel]` table.
    static func config(url: URL, agent: String = "notReadyReasons = [\"Break\", \"Lunch\"]", panel: String = "") -> String {
        AgentHarness.config(url: url, agent: agent) + "\n[panel]\n" + panel + "\n"
    }

    /// Runs `body` with a logged-in agent whose panel was asked for through the CLI.
    static func run(panel: String = "", _ body: @Sendable (PanelHarness) async throws -> Void) async throws {
        try await AgentHarness.run(configText: { config(url: $0, panel: panel) }) { agent in
            let url = try await printURL(agent)
            let port = try #require(Int(url.dropFirst("http://127.0.0.1:".count).prefix { $0.isNumber }))
            try await body(PanelHarness(agent: agent, url: url, port: port))
        }
    }

    /// `wellclient panel --print-url` against the agent's bus; its last line.
    static func printURL(_ agent: AgentHarness) async throws -> String {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let run = try await ToolRun.run(
            binary, ["panel", "--print-url"], environment: agent.home.environment(["DBUS_SESSION_BUS_ADDRESS": agent.bus.address]))
        #expect(run.succeeded, "\(run)")
        let last = run.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.wholeMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+\/#[0-9a-f]{64}/) != nil, "not a panel URL: \(run.standardOutput)")
        return last
    }

    var token: String { String(url.split(separator: "#").last ?? "") }

    /// `POST /api/action` as the page sends it.
    func action(_ method: String, _ arguments: [JSONValue]) async throws -> LoopbackHTTP.Reply {
        let body = String(decoding: try JSONEncoder().encode(JSONValue.object(["method": .string(method), "args": .array(arguments)])), as: UTF8.self)
        return try await LoopbackHTTP.request(
            port: port, "POST", "/api/action",
            headers: [
                ("Host", "127.0.0.1:\(port)"), ("Origin", "http://127.0.0.1:\(port)"), ("Content-Type", "application/json"),
                ("Authorization", "Bearer \(token)"),
            ], body: body)
    }

    // MARK: - the simulator

    /// Waits for the simulator's call to `number` (a party whose device starts with it).
    func simulatorCall(to number: String) async throws -> JSONValue {
        try await agent.simulatorCall(to: number)
    }

    /// Waits until the simulator's party for `number` is in `state` (`Connect`, `Hold`, …).
    func waitForParty(_ number: String, _ state: String?) async throws {
        var seen: String?
        try await eventually("the simulator's party \(number) to be \(state ?? "gone")", lastSeen: { seen }) {
            seen = await agent.simulatorPartyState(number)
            return seen == state
        }
    }

    /// Waits until the simulator has no call, then until the agent has none.
    func waitForNoCalls() async throws {
        try await eventually("the simulator to have no call") { await agent.simulatorCalls().isEmpty }
        try await agent.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == true }
    }

    /// Lets the agent's 2 s dial guard pass before the next dial (pacing, not a proof of anything).
    func paceForNextDial() async throws {
        try await Task.sleep(for: .milliseconds(2100))
    }
}
