import Foundation
import Glibc
import Testing
import WellCommandLine
import WellControl
import WellDBus
import WellTestSupport

/// The two binaries behind `wellclient`: the thin one users type, which runs the one-call
/// commands itself and links nothing heavy, and the full command line `wellclient-agent` it
/// becomes (exec in place) for everything else.
@Suite("Thin wellclient and the full command line", .serialized, .timeLimit(.minutes(3)))
struct ThinBinaryTests {
    static func binaries() throws -> (thin: String, full: String) {
        let thin = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let full = try #require(ToolRun.builtExecutable(named: "wellclient-agent"), "wellclient-agent is not built next to the tests")
        return (thin, full)
    }

    /// Swift modules (as symbol-name prefixes) the thin `wellclient` must not carry: the network
    /// stack, the servers, the history's database, the subprocess library, ArgumentParser,
    /// Foundation, the client and the agent.
    static let heavyModules = [
        "NIOCore", "Hummingbird", "GRDB", "AsyncHTTPClient", "Subprocess", "ArgumentParser", "FoundationEssentials",
        "WellClient", "WellAgent", "WellNotifications", "WellDesktopSupport", "WellProtocol",
    ]

    /// The shared libraries `binary` loads, by file name (ldd: the whole tree, not only NEEDED).
    static func loadedLibraries(_ binary: String) async throws -> [String] {
        let run = try await ToolRun.run("/usr/bin/ldd", [binary], environment: ["PATH": "/usr/bin:/bin"])
        #expect(run.succeeded, "\(run)")
        return run.standardOutput.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map { String($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// Whether `binary` (an ELF64 little-endian executable) asks for a dynamic loader: a
    /// `PT_INTERP` program header. A static executable has none and loads no shared library.
    static func hasProgramInterpreter(_ binary: String) throws -> Bool {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: binary)))
        #expect(bytes.count > 64 && bytes[0..<4] == [0x7F, 0x45, 0x4C, 0x46] && bytes[4] == 2 && bytes[5] == 1, "\(binary) is not ELF64 LE")
        func integer(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        let (headers, size, count) = (integer(0x20, 8), integer(0x36, 2), integer(0x38, 2))
        let programInterpreter = 3
        return (0..<count).contains { integer(headers + $0 * size, 4) == programInterpreter }
    }

    /// The modules of `modules` whose mangled symbols (`$s<length><name>`) appear in `binary`.
    static func modulesIn(_ binary: String, of modules: [String]) throws -> [String] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: binary))
        return modules.filter { module in bytes.range(of: Data("$s\(module.utf8.count)\(module)".utf8)) != nil }
    }

    @Test("wellclient is one static executable (no dynamic loader, no shared library) and carries no NIO, GRDB or ArgumentParser code")
    func thinLinksLittle() async throws {
        let (thin, full) = try Self.binaries()
        #expect(try Self.hasProgramInterpreter(thin) == false, "wellclient asks for a dynamic loader")
        let ldd = try await ToolRun.run("/usr/bin/ldd", [thin], environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C"])
        #expect(ldd.standardOutput.contains("not a dynamic executable") || ldd.standardError.contains("not a dynamic executable"), "\(ldd)")
        #expect(try Self.modulesIn(thin, of: Self.heavyModules) == [])
        // The same checks see them in the full command line: they can fail.
        #expect(try Self.hasProgramInterpreter(full))
        let fullLibraries = try await Self.loadedLibraries(full)
        #expect(fullLibraries.contains { $0.hasPrefix("libsqlite3") } && fullLibraries.contains { $0.hasPrefix("libFoundation.so") })
        #expect(Set(try Self.modulesIn(full, of: Self.heavyModules)).isSuperset(of: ["NIOCore", "GRDB", "ArgumentParser", "WellAgent"]))
    }

    @Test("wellclient-agent (the agent) loads neither libnotify nor the GLib stack: notifications go through libdbus")
    func agentLoadsNoGLib() async throws {
        let (_, full) = try Self.binaries()
        let libraries = try await Self.loadedLibraries(full)
        #expect(libraries.contains("libdbus-1.so.3"), "\(libraries)")
        let glib = libraries.filter { library in ["libnotify", "libglib-2.0", "libgio-2.0", "libgobject-2.0", "libgdk_pixbuf"].contains { library.hasPrefix($0) } }
        #expect(glib.isEmpty, "wellclient-agent loads \(glib)")
    }

    @Test("wellclient-browser-host is one static executable and carries no NIO, GRDB, subprocess or agent code")
    func browserHostLinksLittle() async throws {
        let host = try #require(ToolRun.builtExecutable(named: "wellclient-browser-host"), "wellclient-browser-host is not built")
        #expect(try Self.hasProgramInterpreter(host) == false, "the host asks for a dynamic loader")
        let modules = ["NIOCore", "Hummingbird", "GRDB", "AsyncHTTPClient", "Subprocess", "ArgumentParser", "WellClient", "WellAgent"]
        #expect(try Self.modulesIn(host, of: modules) == [])
    }

    @Test("wellclient agent is exec'd in place: the pid that was spawned owns the agent's bus name")
    func agentRunsInPlace() async throws {
        let (thin, full) = try Self.binaries()
        let home = try TemporaryHome(label: "thin-exec")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])
        let agent = try await SpawnedProcess.spawn(
            thin, arguments: ["agent", "--demo", "--port", "0"], environment: environment, stderr: .file(home.root + "/agent.log"))
        defer { agent.kill() }
        let peer = try await DBusConnection.connect(address: bus.address)
        try await eventually("the agent owning its name", timeout: .seconds(30)) {
            try await peer.getNameOwner(ControlInterface.busName) != nil
        }
        let pid = try await peer.call(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "GetConnectionUnixProcessID", arguments: [.string(ControlInterface.busName)]
        ).first?.uint32
        await peer.close()
        #expect(pid.map { pid_t($0) } == agent.pid, "the bus name belongs to pid \(String(describing: pid)), wellclient was \(agent.pid)")
        // The process is the full command line now, not a parent waiting on it.
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(agent.pid)/exe")
        #expect(exe == full, "\(exe)")
        agent.send(SIGTERM)
        #expect(await agent.waitForExit(timeout: .seconds(20)) == .exited(0))
    }

    @Test("without wellclient-agent beside it, a heavy command fails clearly (127) and the one-call commands still run")
    func missingFullCommandLine() async throws {
        let (thin, _) = try Self.binaries()
        let home = try TemporaryHome(label: "thin-alone")
        defer { home.remove() }
        let alone = home.root + "/bin/wellclient"
        try FileManager.default.createDirectory(atPath: home.root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: thin, toPath: alone)
        let environment = home.environment(["XDG_RUNTIME_DIR": home.root])
        for arguments in [["agent"], ["--help"], ["history"], ["dial", "--selection"]] {
            let run = try await ToolRun.run(alone, arguments, environment: environment)
            #expect(run.exitCode == 127, "\(arguments): \(run)")
            #expect(run.standardOutput == "", "\(arguments): \(run)")
            #expect(run.standardError.contains("\(home.root)/bin/wellclient-agent, which is missing"), "\(arguments): \(run)")
            #expect(run.standardError.hasPrefix("wellclient: `wellclient"), "\(arguments): \(run)")
        }
        let version = try await ToolRun.run(alone, ["--version"], environment: environment)
        #expect(version.exitCode == 0 && version.standardOutput == ProductVersion.current + "\n", "\(version)")
        // No bus here: the thin command says so itself, with its own status.
        let status = try await ToolRun.run(alone, ["status", "--json"], environment: environment)
        #expect(status.exitCode == AgentControlFailure.ExitStatus.unavailable.rawValue, "\(status)")
        #expect(status.standardError == "wellclient: \(AgentControlFailure.noBus.message)\n", "\(status)")
    }

    @Test("every subcommand's --help works through wellclient, and bad usage gets the full parser's message")
    func helpForEverySubcommand() async throws {
        let (thin, _) = try Self.binaries()
        let environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]
        let help = try await ToolRun.run(thin, ["--help"], environment: environment)
        #expect(help.succeeded, "\(help)")
        // The names: lines indented by two spaces under SUBCOMMANDS: (wrapped abstracts are indented further).
        let subcommands = help.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("SUBCOMMANDS:") }.dropFirst().prefix { !$0.isEmpty }
            .compactMap { $0.hasPrefix("  ") && !$0.hasPrefix("   ") ? $0.split(separator: " ").first.map(String.init) : nil }
        for expected in ["agent", "sim", "dial", "answer", "status", "mode", "call-data", "panel", "history", "install", "uninstall"] {
            #expect(subcommands.contains(expected), "\(expected) missing from \(subcommands)")
        }
        #expect(!subcommands.contains("dial-failure-notice"))
        for subcommand in subcommands {
            let run = try await ToolRun.run(thin, [subcommand, "--help"], environment: environment)
            #expect(run.succeeded, "\(subcommand) --help: \(run)")
            #expect(run.standardOutput.contains("USAGE: wellclient \(subcommand)"), "\(subcommand) --help: \(run)")
        }
        for (arguments, message) in [
            (["dial"], "give a number or tel: URI to dial, or --selection"), (["mode", "Busy"], "mode must be Ready or NotReady"),
            (["call-data", "set", "novalue"], "'novalue' is not key=value"), (["nosuchcommand"], "Unexpected argument 'nosuchcommand'"),
            (["history", "--limit", "-1"], "--limit must be at least 1, not -1"), (["history", "--since", "garbage"], "is not a date"),
        ] {
            let run = try await ToolRun.run(thin, arguments, environment: environment)
            #expect(run.exitCode == 64, "\(arguments): \(run)")
            #expect(run.standardError.contains(message), "\(arguments): \(run)")
        }
    }

    @Test("the thin and the full command line print the same and end the same for the same command")
    func thinAndFullAgree() async throws {
        let (thin, full) = try Self.binaries()
        let home = try TemporaryHome(label: "thin-agree")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let environment = home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])
        // No agent on the bus yet, and none to activate: the thin binary's one-shot call and the
        // full command line's connection tell it alike.
        for arguments in [["status", "--json"], ["dial", "8002"]] {
            let fromThin = try await ToolRun.run(thin, arguments, environment: environment)
            let fromFull = try await ToolRun.run(full, arguments, environment: environment)
            #expect(fromThin.exitCode == AgentControlFailure.ExitStatus.unavailable.rawValue, "\(arguments): \(fromThin)")
            #expect(fromThin.standardError.contains("the agent is not running and cannot be started by D-Bus activation"), "\(fromThin)")
            #expect(fromThin.exitCode == fromFull.exitCode && fromThin.standardError == fromFull.standardError, "\(fromThin) vs \(fromFull)")
            #expect(fromThin.standardOutput == "" && fromFull.standardOutput == "", "\(arguments)")
        }
        let agent = try await SpawnedProcess.spawn(
            thin, arguments: ["agent", "--demo", "--port", "0"], environment: environment, stderr: .file(home.root + "/agent.log"))
        defer { agent.kill() }
        let control = AgentControlClient(environment: environment)
        try await eventually("the demo agent logged in", timeout: .seconds(30)) {
            ((try? await control.status()) ?? "").contains(#""login":"loggedIn""#)
        }
        for arguments in [
            ["mode", "NotReady", "--reason", "1"], ["mode", "Ready"], ["answer"], ["hangup", "no-such-call"],
            ["call-data", "get", "--call", "no-such-call"], ["conference"], ["dial", "tel:1-800-FLOWERS"],
        ] {
            let fromThin = try await ToolRun.run(thin, arguments, environment: environment)
            let fromFull = try await ToolRun.run(full, arguments, environment: environment)
            #expect(fromThin.exitCode == fromFull.exitCode, "\(arguments): \(fromThin) vs \(fromFull)")
            #expect(fromThin.standardOutput == fromFull.standardOutput, "\(arguments): \(fromThin) vs \(fromFull)")
            #expect(fromThin.standardError == fromFull.standardError, "\(arguments): \(fromThin) vs \(fromFull)")
        }
        let mode = try await ToolRun.run(thin, ["mode", "Ready"], environment: environment)
        #expect(mode.exitCode == 0 && mode.standardOutput == "Ready\n", "\(mode)")
    }
}
