import Foundation
import Glibc
import Testing
import WellDBus
import WellControl
import WellTestSupport

/// The double start the desktop expects: XDG autostart and the systemd unit both start
/// `wellclient agent` at login, and D-Bus activation may add a third. Whichever comes second
/// finds the bus name taken and must end quietly with status 0 (one line on stderr), or the
/// unit is marked failed and `Restart=on-failure` starts it again and again.
@Suite("A second agent", .serialized, .timeLimit(.minutes(3)))
struct AgentSecondStartTests {
    static let unitPath = InstallTemplateTests.repositoryRoot + "/desktop/wellclient-agent.service"
    static let expectedStandardError = "wellclient agent: another agent is already running (it owns cc.wellcloud.WellClient); nothing to do\n"

    /// A real first agent (`--demo --port 0`, no config needed) owning the name on a private
    /// bus; runs `body` with the binary and the environment that reaches that bus.
    static func withFirstAgent(_ body: (String, [String: String]) async throws -> Void) async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let home = try TemporaryHome(label: "second-agent")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])
        let first = try await SpawnedProcess.spawn(
            binary, arguments: ["agent", "--demo", "--port", "0"], environment: environment,
            stderr: .file(home.root + "/first-agent.log"))
        defer { first.kill() }
        let peer = try await DBusConnection.connect(address: bus.address)
        var owner: String?
        try await eventually("the first agent owning the name", timeout: .seconds(30)) {
            owner = try await peer.getNameOwner(ControlInterface.busName)
            return owner != nil
        }
        let firstOwner = try #require(owner, "the first agent never owned the name")
        try await body(binary, environment)
        // The second start changed nothing: the first agent still owns the name and runs.
        #expect(try await peer.getNameOwner(ControlInterface.busName) == firstOwner)
        #expect(await first.waitForExit(timeout: .milliseconds(1)) == nil, "the first agent must still run")
        await peer.close()
    }

    @Test(
        "exits 0 with exactly the one line on stderr and nothing on stdout (with and without --demo)",
        arguments: [["agent"], ["agent", "--demo", "--port", "0"]])
    func quietExitZero(_ arguments: [String]) async throws {
        try await Self.withFirstAgent { binary, environment in
            let second = try await ToolRun.run(binary, arguments, environment: environment)
            #expect(second.exitCode == 0, "\(second)")
            #expect(second.standardOutput == "", "\(second)")
            #expect(second.standardError == Self.expectedStandardError, "\(second)")
        }
    }

    @Test("under the shipped unit's Restart=/SuccessExitStatus= a second start is neither failed nor restarted")
    func notAFailureForTheUnit() async throws {
        let rules = try SystemdServiceRules(unitText: String(contentsOfFile: Self.unitPath, encoding: .utf8))
        // The rules can tell a failure: the exit 1 the agent used to end with is one, and restarted.
        #expect(rules.outcome(of: .exited(1)) == .init(failed: true, restarted: true))
        // Run what the unit runs (its ExecStart= words after the program).
        #expect(rules.execStart.first?.hasSuffix("/wellclient") == true, "\(rules.execStart)")
        let arguments = Array(rules.execStart.dropFirst())
        #expect(arguments == ["agent"])
        try await Self.withFirstAgent { binary, environment in
            let second = try await ToolRun.run(binary, arguments, environment: environment)
            let code = try #require(second.exitCode, "died from a signal: \(second)")
            #expect(
                rules.outcome(of: .exited(code)) == .init(failed: false, restarted: false),
                "exit \(code) under Restart=\(rules.restart), SuccessExitStatus=\(rules.successStatuses.sorted()): \(second)")
        }
    }

    @Test("the rules model: clean signals, SuccessExitStatus, RestartPreventExitStatus, Restart= kinds")
    func rulesModel() throws {
        let unit = """
            [Unit]
            Restart=always
            [Service]
            Restart=on-failure
            SuccessExitStatus=75 SIGUSR1
            RestartPreventExitStatus=78
            """
        let rules = try SystemdServiceRules(unitText: unit)
        #expect(rules.outcome(of: .exited(0)) == .init(failed: false, restarted: false))
        #expect(rules.outcome(of: .exited(75)) == .init(failed: false, restarted: false))
        #expect(rules.outcome(of: .signalled(SIGUSR1)) == .init(failed: false, restarted: false))
        #expect(rules.outcome(of: .signalled(SIGTERM)) == .init(failed: false, restarted: false))
        #expect(rules.outcome(of: .signalled(SIGKILL)) == .init(failed: true, restarted: true))
        #expect(rules.outcome(of: .exited(78)) == .init(failed: true, restarted: false))
        #expect(rules.outcome(of: .exited(1)) == .init(failed: true, restarted: true))
        let always = try SystemdServiceRules(unitText: "[Service]\nRestart=always\n")
        #expect(always.outcome(of: .exited(0)) == .init(failed: false, restarted: true))
        let abnormal = try SystemdServiceRules(unitText: "[Service]\nRestart=on-abnormal\n")
        #expect(abnormal.outcome(of: .exited(1)) == .init(failed: true, restarted: false))
        #expect(abnormal.outcome(of: .signalled(SIGSEGV)) == .init(failed: true, restarted: true))
        #expect(throws: SystemdServiceRules.ParseError.self) { try SystemdServiceRules(unitText: "[Service]\nSuccessExitStatus=TEMPFAIL\n") }
    }
}
