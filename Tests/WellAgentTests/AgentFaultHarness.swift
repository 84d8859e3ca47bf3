import Foundation
import Logging
import Synchronization
import Testing
import WellClient
import WellDBus
import WellAgent
import WellProtocol
import WellSimulator
import WellTestSupport

/// The knobs fault tests need on top of ``AgentHarness``: the simulator's configuration, the
/// client core's timings, a captured agent log, an optional private *system* bus, and a
/// simulator that can be restarted on the same port (``restartSimulator(keepingCalls:)``).
///
/// The ``AgentHarness`` it builds is the usual one (its `sim` is the first simulator; after a
/// restart use ``simulator``).
final class AgentFaultRig: Sendable {
    let harness: AgentHarness
    let log: CapturedLog
    let systemBus: PrivateBus?
    private let current: Mutex<CTISimulator>
    private let retired = Mutex<[CTISimulator]>([])

    private init(harness: AgentHarness, log: CapturedLog, systemBus: PrivateBus?) {
        self.harness = harness
        self.log = log
        self.systemBus = systemBus
        self.current = Mutex(harness.sim.simulator)
    }

    /// The simulator serving now.
    var simulator: CTISimulator { current.withLock { $0 } }

    /// Client timings for fault tests: quick reconnects, 5 s requests.
    static let quickClient: @Sendable (inout WellClientConfiguration) -> Void = { configuration in
        configuration.requestTimeout = .seconds(5)
        configuration.connectTimeout = .seconds(5)
        configuration.loginEventTimeout = .seconds(5)
        configuration.reconnect = ReconnectPolicy(
            initialDelay: .milliseconds(100), maxDelay: .milliseconds(500), jitter: 0,
            downNotice: .seconds(30))
    }

    /// Runs `body` with a started, logged-in agent (see ``AgentHarness/run``).
    static func run(
        simulator configuration: SimulatorConfiguration = .testing(),
        capabilities: String? = NotificationMock.capabilitiesWithActions,
        withSystemBus: Bool = false,
        extraEnvironment: [String: String] = [:],
        client: @escaping @Sendable (inout WellClientConfiguration) -> Void = quickClient,
        waitForLogin: Bool = true,
        _ body: @Sendable (AgentFaultRig) async throws -> Void
    ) async throws {
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let systemBus = withSystemBus ? try await PrivateBus.start() : nil
        defer { systemBus?.stop() }
        let mock = try await capabilities.asyncMap { try await NotificationMock.start(busAddress: bus.address, capabilities: $0) }
        defer { mock?.stop() }
        let home = try TemporaryHome(label: "agent-fault")
        defer { home.remove() }
        let sim = try await SimulatorHarness.start(configuration)
        try AgentHarness.writePrivate(AgentHarness.config(url: sim.baseURL), to: home.configHome + "/wellclient/config.toml")
        let printed = AgentHarness.Printed()
        let log = CapturedLog()
        var environment = ["DBUS_SESSION_BUS_ADDRESS": bus.address]
        if let systemBus { environment["DBUS_SYSTEM_BUS_ADDRESS"] = systemBus.address }
        environment.merge(extraEnvironment) { $1 }
        let options = AgentOptions(
            environment: home.environment(environment), busAddress: bus.address,
            loginWait: .seconds(15), promptTimeout: .seconds(20), loginRetryDelay: .milliseconds(200),
            print: { printed.append($0) }, clientOverrides: client)
        let agent = AgentService(options: options, logger: log.logger(label: "wellclient.agent"))
        let peer = try await DBusConnection.connect(address: bus.address)
        let harness = AgentHarness(
            bus: bus, mock: mock, sim: sim, home: home, agent: agent, peer: peer,
            control: NotificationMockControl(connection: peer), printed: printed)
        let rig = AgentFaultRig(harness: harness, log: log, systemBus: systemBus)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await agent.run() }
                #expect(await agent.waitUntilReady() == "ready")
                if waitForLogin { try await harness.waitForStatus { $0["login"] == "loggedIn" } }
                try await body(rig)
                await agent.shutdown()
                try await group.waitForAll()
            }
        } catch {
            agent.stop()
            await peer.close()
            await rig.stopSimulators()
            throw error
        }
        await peer.close()
        await rig.stopSimulators()
    }

    private func stopSimulators() async {
        await simulator.stop()
        for old in retired.withLock({ $0 }) { await old.stop() }
    }

    /// Stops the simulator and starts a new one on the same port: the TPI sessions and the
    /// WebSockets are gone; with `keepingCalls` the call model (agents, calls) survives, as when
    /// the CTI server restarts while the PBX keeps its calls. `down` is how long no server
    /// listens in between (the client's reconnect attempts are refused meanwhile). Returns the
    /// new simulator.
    @discardableResult
    func restartSimulator(keepingCalls: Bool, down: Duration = .zero) async throws -> CTISimulator {
        let old = simulator
        await old.stop()
        retired.withLock { $0.append(old) }
        if down > .zero { try await Task.sleep(for: down) }
        // The port was just freed; binding it again can race the old listener's close. Each
        // attempt is a fresh simulator (one whose server ended is not started twice).
        var attempt = 0
        var next: CTISimulator
        while true {
            next = await old.successor(keepingCalls: keepingCalls)
            do {
                try await next.start()
                break
            } catch {
                attempt += 1
                if attempt > 50 { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        current.withLock { $0 = next }
        return next
    }

    // MARK: - looking at the simulator and the agent

    /// The simulator's calls now.
    func simulatorCalls() async -> [JSONValue] {
        await simulator.state()["calls"]?.arrayValue ?? []
    }

    /// The agent 5001's mode in the simulator (nil when unknown).
    func simulatorAgentMode() async -> String? {
        let agents = await simulator.state()["agents"]?.arrayValue ?? []
        return agents.first { $0["agentId"]?.stringValue == "5001@demo.cc" }?["agentMode"]?.stringValue
    }

    /// The state of `number`'s party in the simulator's call involving it.
    func simulatorPartyState(_ number: String) async -> String? {
        for call in await simulatorCalls() {
            for party in call["parties"]?.arrayValue ?? [] where party["device"]?.stringValue?.hasPrefix(number) == true {
                return party["state"]?.stringValue
            }
        }
        return nil
    }

    /// Open WebSockets at the simulator.
    func webSockets() async -> Int {
        await simulator.state()["webSockets"]?.intValue ?? -1
    }

    /// Waits for `Status` to satisfy `predicate`; the failure names `what`, the last status seen
    /// and the end of the agent's log.
    func waitForStatus(
        _ what: String, timeout: Duration = .seconds(20), fileID: String = #fileID, line: Int = #line,
        _ predicate: @escaping (JSONValue) -> Bool
    ) async throws {
        var last: JSONValue = .null
        try await eventually(
            "Status showing \(what)", timeout: timeout,
            lastSeen: { "\(AgentJSONText.string(last))\nagent log:\n\(log.lines.suffix(40).joined(separator: "\n"))" },
            fileID: fileID, line: line
        ) {
            last = try await harness.status()
            return predicate(last)
        }
    }

    /// Lines of the agent's log containing `text`.
    func logLines(containing text: String) -> [String] {
        log.lines.filter { $0.contains(text) }
    }
}
