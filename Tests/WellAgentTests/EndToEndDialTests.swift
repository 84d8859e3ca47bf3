import Foundation
import Testing
import WellControl
import WellSimulator
import WellTestSupport

/// The real binaries end to end: `wellclient dial` on a private bus whose only service file
/// starts `wellclient agent` (D-Bus activation), the agent logging in to an in-process simulator.
@Suite("End to end: dial through D-Bus activation")
struct EndToEndDialTests {
    @Test func dialStartsTheAgentAndPlacesTheCall() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let home = try TemporaryHome(label: "e2e-dial")
        defer { home.remove() }
        try await SimulatorHarness.with { sim in
            let bus = try await PrivateBus.start()
            defer { bus.stop() }
            let configPath = home.configHome + "/wellclient/config.toml"
            try FileManager.default.createDirectory(atPath: home.configHome + "/wellclient", withIntermediateDirectories: true)
            let config = EndToEndSignalTests.config(sim.baseURL, namespace: sim.namespace)
            #expect(FileManager.default.createFile(atPath: configPath, contents: Data(config.utf8), attributes: [.posixPermissions: 0o600]))
            // The activated agent inherits the daemon's environment: pin it to the temporary home.
            let pinned = home.environment().map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            try bus.installService(name: "cc.wellcloud.WellClient", exec: "/usr/bin/env \(pinned) \(binary) agent --config \(configPath)")

            let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])
            let dial = try await ToolRun.run(binary, ["dial", "tel:+86 (10) 8002"], environment: environment)
            #expect(dial.exitCode == 0, "\(dial)")
            #expect(dial.standardOutput.contains("dialled 86108002"), "\(dial)")

            // The simulator saw makeCall from the agent's extension to the normalised number.
            let state = String(describing: await sim.simulator.state())
            #expect(state.contains("86108002"), "the simulator has no party 86108002: \(state.prefix(600))")
            let status = try await ToolRun.run(binary, ["status", "--json"], environment: environment)
            #expect(status.standardOutput.contains("\"callingDevice\":\"8001@\(sim.namespace)\""), "\(status)")

            // A bad URI is refused before the bus is asked, and places no second call.
            let bad = try await ToolRun.run(binary, ["dial", "tel:1-800-FLOWERS"], environment: environment)
            #expect(bad.exitCode == 64, "\(bad)")
            let hangup = try await ToolRun.run(binary, ["hangup"], environment: environment)
            #expect(hangup.exitCode == 0, "\(hangup)")
        }
    }

    @Test("a thin client finding the address of a demo bus that has ended says no agent runs (exit 69), and places no call")
    func staleDemoBusAddress() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let home = try TemporaryHome(label: "e2e-stale-bus")
        defer { home.remove() }
        // What a demo agent killed with SIGKILL leaves: the file naming a bus nobody serves.
        let bus = try await PrivateBus.start()
        let file = BusAddressFile(environment: home.environment())
        try file.write(bus.address)
        bus.stop()
        for arguments in [["dial", "8002"], ["status"]] {
            let run = try await ToolRun.run(binary, arguments, environment: home.environment())
            #expect(run.exitCode == 69, "\(run)")
            #expect(
                run.standardError.contains("no agent is running: the demo agent that left its bus address in \(file.path) has ended"),
                "\(run)")
            #expect(!run.standardOutput.contains("dialled"), "\(run)")
        }
    }
}
