import Foundation
import Logging
import Synchronization
import Testing
@testable import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// Everything one ``WellClient`` published, in order, readable while the test runs.
final class EventLog: Sendable {
    private let storage = Mutex<[WellEvent]>([])

    func append(_ event: WellEvent) { self.storage.withLock { $0.append(event) } }

    /// Every event so far.
    var all: [WellEvent] { self.storage.withLock { $0 } }

    /// Names of the server events so far (client-produced events left out).
    var serverNames: [String] { self.all.filter(\.isServerEvent).map(\.name) }

    /// Waits (bounded) until `predicate` holds for the log; returns the log. The bound is
    /// generous: the whole suite runs in parallel on two cores, and a wait that succeeds takes
    /// only as long as the event does.
    @discardableResult
    func wait(
        for what: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: ([WellEvent]) -> Bool
    ) async throws -> [WellEvent] {
        var events: [WellEvent] = []
        try await eventually(what, timeout: timeout, pollInterval: .milliseconds(5), lastSeen: { "received \(events.map(\.name))" }) {
            events = self.all
            return predicate(events)
        }
        return events
    }

    /// Waits until an event named `name` arrived (at least `count` of them); returns the last.
    @discardableResult
    func wait(forEvent name: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws -> WellEvent {
        let events = try await self.wait(for: "\(count)× \(name)", timeout: timeout) { $0.filter { $0.name == name }.count >= count }
        return events.last { $0.name == name }!
    }
}

/// A client running against the simulator, with its event log.
struct ClientUnderTest: Sendable {
    let client: WellClient
    let log: EventLog
    let job: String
    let extensionNumber: String
    let namespace: String

    var agentId: String { "\(self.job)@\(self.namespace)" }
    var device: String { "\(self.extensionNumber)@\(self.namespace)" }

    /// Logs in (the client waits until its service runs).
    func login(decide: (@Sendable (WellClientError) async -> Bool)? = nil) async throws {
        try await self.client.login(decide: decide)
    }

    /// Applies every event the server sent so far (RECEIPT round trip).
    func settle() async throws { try await self.client.eventBarrier(timeout: .seconds(5)) }
}

/// Builds clients against a ``SimulatorHarness`` and runs them as structured children.
enum ClientHarness {
    /// A configuration for `job`/`ext` on the simulator with short, test-friendly timings.
    static func configuration(
        _ sim: SimulatorHarness, job: String, ext: String, mode: WellClientConfiguration.AgentMode = .ready,
        loginMode: WellClientConfiguration.LoginMode = .force, password: String = "123456"
    ) -> WellClientConfiguration {
        var logLevel = Logger.Level.critical
        if ProcessInfo.processInfo.environment["WELLCLIENT_TEST_LOG"] != nil { logLevel = .debug }
        return WellClientConfiguration(
            server: .init(url: sim.baseURL),
            agent: .init(
                jobNumber: job, domain: sim.namespace, extensionNumber: ext, password: password,
                loginMode: loginMode, initialMode: mode),
            requestTimeout: .seconds(30), connectTimeout: .seconds(30), loginEventTimeout: .seconds(30),
            heartbeatInterval: .seconds(30), stompHeartBeat: .seconds(10),
            reconnect: ReconnectPolicy(initialDelay: .milliseconds(50), maxDelay: .milliseconds(200), jitter: 0, downNotice: .seconds(30)),
            dialGuardInterval: .zero, logLevel: logLevel)
    }

    /// Runs one client per configuration (service + event log) around `body`, then shuts them down.
    static func with<T: Sendable>(
        _ configurations: [WellClientConfiguration], _ body: @Sendable ([ClientUnderTest]) async throws -> T
    ) async throws -> T {
        var clients: [ClientUnderTest] = []
        var streams: [(AsyncStream<WellEvent>, EventLog)] = []
        for configuration in configurations {
            var logger = Logger(label: "wellclient.test.\(configuration.agent.jobNumber)")
            logger.logLevel = configuration.logLevel
            let client = try WellClient(configuration: configuration, logger: logger)
            let log = EventLog()
            streams.append((client.events(), log))
            clients.append(
                ClientUnderTest(
                    client: client, log: log, job: configuration.agent.jobNumber, extensionNumber: configuration.agent.extensionNumber,
                    namespace: configuration.agent.domain))
        }
        let all = clients
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            for item in all { group.addTask { try await item.client.run() } }
            for (stream, log) in streams { group.addTask { for await event in stream { log.append(event) } } }
            do {
                let result = try await body(all)
                for item in all { await item.client.shutdown() }
                try await group.waitForAll()
                return result
            } catch {
                for item in all { await item.client.shutdown() }
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// A simulator plus logged-in clients for `agents` (job, extension), in `mode`.
    static func withLoggedIn<T: Sendable>(
        _ agents: [(String, String)], mode: WellClientConfiguration.AgentMode = .ready,
        simulator: SimulatorConfiguration = .testing(),
        _ body: @Sendable (SimulatorHarness, [ClientUnderTest]) async throws -> T
    ) async throws -> T {
        try await SimulatorHarness.with(simulator) { sim in
            let configurations = agents.map { Self.configuration(sim, job: $0.0, ext: $0.1, mode: mode) }
            return try await Self.with(configurations) { clients in
                for client in clients { try await client.login() }
                return try await body(sim, clients)
            }
        }
    }
}
