import Foundation
import Glibc
import Logging
import WellControl
import WellDBus
import WellProtocol
import WellSimulator
import WellTestSupport

/// The thin path (issue 16): what a one-call command costs from spawn to effect, each figure
/// beside its baseline measured in the same run, as medians of several runs with min and max.
///
/// - `wellclient dial` (the thin binary) and `wellclient-agent dial` (the full command line, what
///   `wellclient` was before it was split), spawn → the simulator's first event of the call and
///   spawn → exit, beside the same `Dial` sent by this process over an open D-Bus connection
///   (the call's own cost: D-Bus, the agent, makeCall to the simulator) and the makeCall round trip
///   alone (HTTP to the in-process simulator).
/// - `wellclient status --json` beside `dbus-send --print-reply … org.freedesktop.DBus.Peer.Ping`
///   to the same agent, and beside `wellclient-agent status --json`.
/// - `wellclient --version` beside a Swift hello-world built in the same configuration
///   (`wellbench-hello`: linked as `wellclient` is; `wellbench-hello-dynamic`: as SwiftPM links by
///   default) and `/bin/true`.
struct ThinCommandBenchmarks {
    let wellclient: String
    let dials: Int
    let runs: Int

    /// A sibling of `wellclient` (the full command line, the hello-worlds), when built.
    func sibling(_ name: String) -> String? {
        let path = (wellclient as NSString).deletingLastPathComponent + "/" + name
        return access(path, X_OK) == 0 ? path : nil
    }

    func run() async throws {
        try await AgentBenchRig.run(wellclient: wellclient) { rig in
            try await measureDials(tap: rig.tap, session: rig.session, environment: rig.environment)
            try measureStatus(environment: rig.environment)
            try measureVersion(environment: rig.environment)
        }
    }

    // MARK: - dial

    /// How one dial is started: the thin and the full binary by `posix_spawn` and `waitpid`
    /// (as the status and `--version` figures), the thin one also through the tests'
    /// `SpawnedProcess` (swift-subprocess: the harness's own cost shows beside the other), and
    /// `Dial` over this process's open D-Bus connection.
    enum DialWay: CaseIterable {
        case thin, thinSubprocess, full, dbus
    }

    private func measureDials(tap: EventTap, session: AgentSession, environment: [String: String]) async throws {
        let clock = ContinuousClock()
        var toServer: [DialWay: [Double]] = [:]
        var toExit: [DialWay: [Double]] = [:]
        let full = sibling("wellclient-agent")
        let log = (environment["HOME"] ?? "/tmp") + "/dial.log"
        // Interleaved, so that the machine's load falls on every way alike.
        for _ in 0..<dials {
            for way in DialWay.allCases {
                let before = tap.count
                var start = clock.now
                var exited: ContinuousClock.Instant?
                switch way {
                case .thin, .full:
                    guard let binary = way == .thin ? wellclient : full else { continue }
                    let arguments = ["dial", AgentBenchmarks.caller]
                    let (spawned, reaped) = try await Task.detached { try Self.spawnAndReap(binary, arguments, environment: environment) }.value
                    start = spawned
                    exited = reaped
                case .thinSubprocess:
                    let dial = try await SpawnedProcess.spawn(
                        wellclient, arguments: ["dial", AgentBenchmarks.caller], environment: environment, stdout: .file(log), stderr: .file(log))
                    let status = await dial.waitForExit()
                    exited = clock.now
                    guard status == .exited(0) else { throw BenchFailure(description: "\(wellclient) dial: \(String(describing: status))") }
                case .dbus:
                    _ = try await session.control.call(
                        destination: ControlInterface.busName, path: ControlInterface.objectPath,
                        interface: ControlInterface.interface, member: ControlMethod.placeCall.name,
                        arguments: [.string(AgentBenchmarks.caller)])
                    exited = clock.now
                }
                try await tap.waitFor(before + 1)
                toServer[way, default: []].append(Figures.milliseconds(tap.arrivals[before] - start))
                if let exited { toExit[way, default: []].append(Figures.milliseconds(exited - start)) }
                try await session.hangUpDialledCall()
                // The agent refuses a second dial within 2 s of the last makeCall (docs/numbers.md §5).
                let next = tap.arrivals[before] + .milliseconds(2100)
                if clock.now < next { try await Task.sleep(until: next, clock: clock) }
            }
        }
        let latency = try await MakeCallLatency(cycles: 200, dialGuard: .milliseconds(10)).run()
        let dbus = toServer[.dbus] ?? []
        Figures.compare("dial: wellclient spawn → server sees makeCall", toServer[.thin] ?? [], "Dial over an open D-Bus connection", dbus)
        Figures.compare("dial: wellclient spawn → server sees makeCall", toServer[.thin] ?? [], "makeCall round trip alone", latency.samples)
        Figures.compare("dial: wellclient-agent (full) spawn → makeCall", toServer[.full] ?? [], "Dial over an open D-Bus connection", dbus)
        Figures.compare("dial: wellclient spawn → exit", toExit[.thin] ?? [], "Dial reply over open D-Bus", toExit[.dbus] ?? [])
        Figures.compare(
            "dial: wellclient through SpawnedProcess → makeCall", toServer[.thinSubprocess] ?? [], "the same by posix_spawn", toServer[.thin] ?? [])
        Figures.compare(
            "dial: wellclient through SpawnedProcess → exit", toExit[.thinSubprocess] ?? [], "the same by posix_spawn", toExit[.thin] ?? [])
        Figures.compare("dial: wellclient-agent (full) spawn → exit", toExit[.full] ?? [], "wellclient spawn → exit", toExit[.thin] ?? [])
    }

    // MARK: - status and --version

    private func measureStatus(environment: [String: String]) throws {
        let ping = [
            "--session", "--print-reply", "--dest=\(ControlInterface.busName)", ControlInterface.objectPath,
            "org.freedesktop.DBus.Peer.Ping",
        ]
        // The same Status call from dbus-send: what the agent's answer costs beyond a Ping.
        let status = [
            "--session", "--print-reply", "--dest=\(ControlInterface.busName)", ControlInterface.objectPath,
            "\(ControlInterface.interface).\(ControlMethod.status.name)",
        ]
        var commands: [(String, [String])] = [(wellclient, ["status", "--json"]), ("/usr/bin/dbus-send", ping), ("/usr/bin/dbus-send", status)]
        if let full = sibling("wellclient-agent") { commands.append((full, ["status", "--json"])) }
        let times = try Self.interleaved(commands, runs: runs, environment: environment)
        Figures.compare("wellclient status --json", times[0], "dbus-send --print-reply Peer.Ping", times[1])
        Figures.compare("wellclient status --json", times[0], "dbus-send --print-reply Status", times[2])
        Figures.compare("dbus-send --print-reply Status", times[2], "dbus-send --print-reply Peer.Ping", times[1])
        if times.count > 3 { Figures.compare("wellclient-agent (full) status --json", times[3], "wellclient status --json", times[0]) }
    }

    private func measureVersion(environment: [String: String]) throws {
        var commands: [(String, [String])] = [(wellclient, ["--version"]), ("/bin/true", [])]
        let hellos = ["wellbench-hello", "wellbench-hello-dynamic"].compactMap { sibling($0) }
        commands += hellos.map { ($0, []) }
        if let full = sibling("wellclient-agent") { commands.append((full, ["--version"])) }
        let times = try Self.interleaved(commands, runs: runs, environment: environment)
        for (index, hello) in hellos.enumerated() {
            Figures.compare("wellclient --version", times[0], (hello as NSString).lastPathComponent, times[2 + index])
        }
        Figures.compare("wellclient --version", times[0], "/bin/true", times[1])
        if commands.count > 2 + hellos.count {
            Figures.compare("wellclient-agent (full) --version", times[2 + hellos.count], "wellclient --version", times[0])
        }
    }

    /// Each command run `runs` times, taking turns; the wall time of each run (spawn → reaped), in ms.
    static func interleaved(_ commands: [(String, [String])], runs: Int, environment: [String: String]) throws -> [[Double]] {
        var times = Array(repeating: [Double](), count: commands.count)
        for command in commands { _ = try timedRun(command.0, command.1, environment: environment) } // warm the page cache
        for _ in 0..<runs {
            for (index, command) in commands.enumerated() {
                times[index].append(try timedRun(command.0, command.1, environment: environment))
            }
        }
        return times
    }

    /// Runs `path` with `arguments` (output to /dev/null) and returns the time from `posix_spawn`
    /// to its exit being reaped, in ms. Throws when it does not exit 0.
    static func timedRun(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Double {
        let (start, end) = try spawnAndReap(path, arguments, environment: environment)
        return Figures.milliseconds(end - start)
    }

    /// Runs `path` with `arguments` (output to /dev/null), blocking this thread until it exits.
    /// - Returns: the instants just before `posix_spawn` and just after its exit was reaped.
    /// - Throws: when it cannot start or does not exit 0.
    static func spawnAndReap(
        _ path: String, _ arguments: [String], environment: [String: String]
    ) throws -> (start: ContinuousClock.Instant, end: ContinuousClock.Instant) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { throw BenchFailure(description: "cannot start \(path)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let end = clock.now
        guard status == 0 else { throw BenchFailure(description: "\(path) \(arguments.joined(separator: " ")) ended with wait status \(status)") }
        return (start, end)
    }
}

extension Figures {
    /// `median (min–max)` of `values` in ms.
    static func spread(_ values: [Double]) -> String {
        let sorted = values.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "no runs" }
        return String(format: "%.2f ms (%.2f–%.2f)", sorted[sorted.count / 2], first, last)
    }

    /// Prints a figure beside its baseline and their ratio (of the medians), with the run count.
    static func compare(_ name: String, _ values: [Double], _ baselineName: String, _ baseline: [Double]) {
        let median = values.sorted().dropFirst(values.count / 2).first ?? .nan
        let baseMedian = baseline.sorted().dropFirst(baseline.count / 2).first ?? .nan
        Self.line(name, "\(spread(values)), n=\(values.count)")
        Self.line("  vs \(baselineName)", "\(spread(baseline)), n=\(baseline.count)  ratio \(String(format: "%.2f×", median / baseMedian))")
    }
}
