import Foundation
import Synchronization
import Testing
import WellDBus
import WellControl
import WellAgent
import WellProtocol
import WellSimulator
import WellTestSupport

/// Everything one agent test needs, hermetic: a private bus, optionally the dbusmock
/// notification daemon, the simulator in-process, a temporary HOME/XDG tree with a config file,
/// the agent under test running in-process, and a separate D-Bus connection acting as a client.
struct AgentHarness: Sendable {
    let bus: PrivateBus
    let mock: NotificationMock?
    let sim: SimulatorHarness
    let home: TemporaryHome
    let agent: AgentService
    let peer: DBusConnection
    let control: NotificationMockControl
    let printed: Printed

    /// Lines the agent printed for the person at the terminal.
    final class Printed: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// The config file for the simulator at `url` (agent 5001 / 8001, password in the file).
    static func config(url: URL, calls: String = "", agent: String = "") -> String {
        """
        [server]
        url = "\(url.absoluteString)"
        [agent]
        jobNumber = "5001"
        domain = "demo.cc"
        extension = "8001"
        password = "123456"
        \(agent)
        [calls]
        \(calls)
        """
    }

    /// Runs `body` with a started agent; stops everything afterwards.
    /// - Parameters:
    ///   - capabilities: the mock's capabilities, nil = no notification server.
    ///   - configText: the config file to write (given the simulator URL); nil = none.
    ///   - waitForLogin: wait until Status says logged in before `body`.
    ///   - simulator: the simulator's configuration.
    ///   - beforeAgent: runs once the simulator is up, before the agent starts (e.g. to log the
    ///     agent in elsewhere first).
    ///   - onBus: runs once the private bus is up, before the agent starts (e.g. to start a
    ///     panel's StatusNotifierWatcher).
    static func run(
        capabilities: String? = NotificationMock.capabilitiesWithActions,
        configText: @Sendable (URL) -> String? = { config(url: $0) },
        waitForLogin: Bool = true,
        options adjust: @Sendable (inout AgentOptions) -> Void = { _ in },
        simulator: SimulatorConfiguration = .testing(),
        beforeAgent: @Sendable (SimulatorHarness) async throws -> Void = { _ in },
        onBus: @Sendable (PrivateBus) async throws -> Void = { _ in },
        _ body: @Sendable (AgentHarness) async throws -> Void
    ) async throws {
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        try await onBus(bus)
        let mock = try await capabilities.asyncMap { try await NotificationMock.start(busAddress: bus.address, capabilities: $0) }
        defer { mock?.stop() }
        let home = try TemporaryHome(label: "agent")
        defer { home.remove() }
        let sim = try await SimulatorHarness.start(simulator)
        do {
            try await beforeAgent(sim)
        } catch {
            await sim.stop()
            throw error
        }
        if let text = configText(sim.baseURL) {
            try writePrivate(text, to: home.configHome + "/wellclient/config.toml")
        }
        let printed = Printed()
        var options = AgentOptions(
            environment: home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address]), busAddress: bus.address,
            loginWait: .seconds(15), promptTimeout: .seconds(20), loginRetryDelay: .milliseconds(200),
            print: { printed.append($0) })
        adjust(&options)
        let agent = AgentService(options: options)
        let peer = try await DBusConnection.connect(address: bus.address)
        let harness = AgentHarness(
            bus: bus, mock: mock, sim: sim, home: home, agent: agent, peer: peer,
            control: NotificationMockControl(connection: peer), printed: printed)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await agent.run() }
                #expect(await agent.waitUntilReady() == "ready")
                if waitForLogin { try await harness.waitForStatus { $0["login"] == "loggedIn" } }
                try await body(harness)
                await agent.shutdown()
                try await group.waitForAll()
            }
        } catch {
            agent.stop()
            await peer.close()
            await sim.stop()
            throw error
        }
        await peer.close()
        await sim.stop()
    }

    static func writePrivate(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    // MARK: - talking to the agent

    /// Calls a method of `cc.wellcloud.WellClient1` (or `interface`) on the agent.
    @discardableResult
    func call(_ member: String, _ arguments: [DBusValue] = [], interface: String = ControlInterface.interface) async throws -> [DBusValue] {
        try await peer.call(
            destination: ControlInterface.busName, path: ControlInterface.objectPath, interface: interface,
            member: member, arguments: arguments, timeout: .seconds(30))
    }

    /// Calls a method and returns the D-Bus error it fails with (nil when it succeeds).
    func callError(_ member: String, _ arguments: [DBusValue] = [], interface: String = ControlInterface.interface) async -> DBusError? {
        do {
            try await call(member, arguments, interface: interface)
            return nil
        } catch let error as DBusError {
            return error
        } catch {
            return DBusError(name: "test.Unexpected", message: "\(error)")
        }
    }

    /// `Status` parsed.
    func status() async throws -> JSONValue {
        let text = try #require(try await call("Status").first?.string)
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// `Status` text.
    func statusText() async throws -> String {
        try #require(try await call("Status").first?.string)
    }

    /// Waits until `Status` satisfies `predicate` (the failure names the last status seen).
    func waitForStatus(fileID: String = #fileID, line: Int = #line, _ predicate: (JSONValue) -> Bool) async throws {
        var last: JSONValue = .null
        try await eventually("Status to match", lastSeen: { AgentJSONText.string(last) }, fileID: fileID, line: line) {
            last = try await status()
            return predicate(last)
        }
    }

    /// Waits until the mock recorded a Notify matching `predicate`; returns the last such one.
    func notify(fileID: String = #fileID, line: Int = #line, where predicate: (RecordedNotify) -> Bool) async throws -> RecordedNotify {
        var found: RecordedNotify?
        var shown: [String] = []
        try await eventually("a matching Notify", lastSeen: { "summaries \(shown)" }, fileID: fileID, line: line) {
            let all = try await control.calls("Notify").compactMap(RecordedNotify.init)
            shown = all.map(\.summary)
            found = all.last(where: predicate)
            return found != nil
        }
        return try #require(found)
    }

    /// The simulator's calls.
    func simulatorCalls() async -> [JSONValue] {
        await sim.simulator.state()["calls"]?.arrayValue ?? []
    }

    /// The state of `number`'s party in the simulator's only call involving it.
    func simulatorPartyState(_ number: String) async -> String? {
        for call in await simulatorCalls() {
            for party in call["parties"]?.arrayValue ?? [] where party["device"]?.stringValue?.hasPrefix(number) == true {
                return party["state"]?.stringValue
            }
        }
        return nil
    }
}

enum AgentJSONText {
    static func string(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
