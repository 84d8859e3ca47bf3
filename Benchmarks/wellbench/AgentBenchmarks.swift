import Foundation
import Logging
import WellDBus
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport

/// The desktop agent as a user runs it (issue #4 "Performance"): a child `wellclient agent`
/// process on a private `dbus-daemon`, the simulator and a notification server in this process.
///
/// - `dial` latency: from spawning `wellclient dial` to the simulator's first event of the new
///   call on the agent's topic (the simulator pushes it while handling makeCall), and to the
///   command's exit.
/// - event → Notify: from the `delivered` frame arriving on a tap of the agent's topic to the
///   notification server receiving the ringing `Notify` (and from the in-process `ring` call).
/// - resident memory (`VmRSS`) of the agent: idle, then along 1,000 answered inbound calls;
///   idle RSS / PSS / USS beside a Swift hello-world's, and where the agent's pages are.
struct AgentBenchmarks {
    let wellclient: String
    let dials: Int
    let notifies: Int
    let calls: Int

    static let caller = "13800138000"

    /// `WELLBENCH_WELLCLIENT`, else `wellclient` next to this executable (`swift build -c release --product wellclient`).
    static func locateWellclient(environment: [String: String]) -> String? {
        if let path = environment["WELLBENCH_WELLCLIENT"], access(path, X_OK) == 0 { return path }
        guard let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let candidate = (me as NSString).deletingLastPathComponent + "/wellclient"
        return access(candidate, X_OK) == 0 ? candidate : nil
    }

    func run() async throws {
        try await AgentBenchRig.run(wellclient: wellclient) { rig in
            try await Task.sleep(for: .seconds(1))
            let idle = Self.residentMiB(pid: rig.agent.pid)
            Figures.line("agent RSS idle (logged in, child process)", String(format: "%.1f MiB", idle))
            Figures.line("  of which anonymous / file-backed, threads", Self.residentSplit(pid: rig.agent.pid))
            Figures.line("  proportional (PSS) / unique to it (USS)", Self.sharingSplit(pid: rig.agent.pid))
            try await Self.measureIdleMemory(agent: rig.agent, wellclient: wellclient)

            if dials > 0 { try await measureDials(tap: rig.tap, session: rig.session, environment: rig.environment) }
            if notifies > 0 {
                try await measureNotify(tap: rig.tap, simulator: rig.simulator, session: rig.session, notifications: rig.notifications)
            }
            if calls > 0 {
                try await measureMemory(
                    agent: rig.agent, simulator: rig.simulator, session: rig.session, notifications: rig.notifications, idle: idle)
            }
        }
    }

    // MARK: - measurements

    private func measureDials(tap: EventTap, session: AgentSession, environment: [String: String]) async throws {
        let dialLog = (environment["HOME"] ?? "/tmp") + "/dial.log"
        let clock = ContinuousClock()
        var toServer: [Double] = []
        var toExit: [Double] = []
        var failures = 0
        for _ in 0..<dials {
            let before = tap.count
            let start = clock.now
            let dial = try await SpawnedProcess.spawn(
                wellclient, arguments: ["dial", Self.caller], environment: environment,
                stdout: .file(dialLog), stderr: .file(dialLog))
            // The spawner wakes on the child's pidfd, so the moment of exit is seen at once.
            let status = await dial.waitForExit()
            let exited = clock.now
            guard status == .exited(0) else {
                failures += 1
                let said = (try? String(contentsOfFile: dialLog, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
                if failures <= 3 { Figures.say("  wellclient dial \(status.map { "\($0)" } ?? "still running after 30 s"): \(said)") }
                try await Task.sleep(for: .milliseconds(2100))
                continue
            }
            try await tap.waitFor(before + 1)
            toServer.append(Figures.milliseconds(tap.arrivals[before] - start))
            toExit.append(Figures.milliseconds(exited - start))
            try await session.hangUpDialledCall()
            // The agent refuses a second dial within 2 s (docs/numbers.md §5).
            let next = start + .milliseconds(2050)
            if clock.now < next { try await Task.sleep(until: next, clock: clock) }
        }
        toServer.sort()
        toExit.sort()
        Figures.line("dial runs (wellclient dial → running agent)", "\(toServer.count) ok, \(failures) failed")
        Figures.line("dial: spawn → simulator's first call event p50", String(format: "%.2f ms", Figures.percentile(toServer, 50)))
        Figures.line("dial: spawn → simulator's first call event p95", String(format: "%.2f ms", Figures.percentile(toServer, 95)))
        Figures.line("dial: spawn → command exit p50", String(format: "%.2f ms", Figures.percentile(toExit, 50)))
        Figures.line("dial: spawn → command exit p95", String(format: "%.2f ms", Figures.percentile(toExit, 95)))
    }

    private func measureNotify(
        tap: EventTap, simulator: CTISimulator, session: AgentSession,
        notifications: BenchNotificationServer
    ) async throws {
        var fromEvent: [Double] = []
        var fromRing: [Double] = []
        for _ in 0..<notifies {
            let tapBefore = tap.count
            let notifyBefore = notifications.received.count
            let start = ContinuousClock.now
            try await simulator.ring("8001", from: Self.caller)
            let delivered = try await tap.arrival(after: tapBefore) { $0.contains("\"delivered\"") }
            let notify = try await notifications.waitForNotify(after: notifyBefore, category: "call.incoming")
            fromEvent.append(Figures.milliseconds(notify - delivered))
            fromRing.append(Figures.milliseconds(notify - start))
            try await simulator.hangup(from: Self.caller)
            _ = try await notifications.waitForNotify(after: notifyBefore, category: "call.unanswered")
            try await session.waitFor { $0["calls"]?.arrayValue?.isEmpty == true }
        }
        fromEvent.sort()
        fromRing.sort()
        Figures.line("event → Notify runs (inbound ring, missed)", "\(fromEvent.count)")
        Figures.line("delivered frame on the wire → Notify received p50", String(format: "%.2f ms", Figures.percentile(fromEvent, 50)))
        Figures.line("delivered frame on the wire → Notify received p95", String(format: "%.2f ms", Figures.percentile(fromEvent, 95)))
        Figures.line("simulator ring() → Notify received p50", String(format: "%.2f ms", Figures.percentile(fromRing, 50)))
    }

    private func measureMemory(
        agent: SpawnedProcess, simulator: CTISimulator, session: AgentSession,
        notifications: BenchNotificationServer, idle: Double
    ) async throws {
        let step = max(1, calls / 4)
        var samples: [(Int, Double)] = []
        for index in 1...calls {
            let notifyBefore = notifications.received.count
            try await simulator.ring("8001", from: Self.caller)
            _ = try await notifications.waitForNotify(after: notifyBefore, category: "call.incoming")
            _ = try await session.control.call(
                destination: ControlInterface.busName, path: ControlInterface.objectPath,
                interface: ControlInterface.interface, member: "Answer", arguments: [.string("")])
            try await simulator.hangup(from: Self.caller)
            try await session.waitFor { $0["calls"]?.arrayValue?.isEmpty == true }
            if index % step == 0 || index == calls { samples.append((index, Self.residentMiB(pid: agent.pid))) }
        }
        try await Task.sleep(for: .seconds(2))
        let settled = Self.residentMiB(pid: agent.pid)
        Figures.line(
            "agent RSS after \(calls) answered calls (+ the runs above)",
            samples.map { String(format: "%d: %.1f", $0.0, $0.1) }.joined(separator: ", ") + " MiB")
        Figures.line("agent RSS 2 s later", String(format: "%.1f MiB (idle was %.1f MiB)", settled, idle))
        if let first = samples.first, let last = samples.last {
            Figures.line("agent RSS growth from call \(first.0) to \(last.0)", String(format: "%+.1f MiB", last.1 - first.1))
        }
    }

    /// The idle agent's RSS / PSS / USS beside a Swift hello-world's (built in the same
    /// configuration, running at the same time), sampled several times; then where the agent's
    /// pages are: the largest mappings and the sum per origin (binary, Swift runtime,
    /// Foundation and ICU, libnotify and GLib, …).
    static func measureIdleMemory(agent: SpawnedProcess, wellclient: String) async throws {
        let samples = 5
        let interval: Duration = .milliseconds(400)
        let agentSamples = try await ProcessMemory.sample(pid: agent.pid, count: samples, interval: interval)
        Figures.say("  idle memory, median (min–max) of \(samples) samples, MiB:  RSS / PSS / USS / file-backed RSS")
        func say(_ name: String, _ taken: [ProcessMemory]) {
            Figures.line(
                "  " + name,
                [\ProcessMemory.rss, \.pss, \.uss, \.fileRSS].map { path in ProcessMemory.spread(taken) { $0[keyPath: path] } }
                    .joined(separator: " / "))
        }
        say("agent (wellclient agent, idle, logged in)", agentSamples)
        let agentWakeups = try await Self.wakeupsPerSecond(pid: agent.pid)
        Figures.line("  agent idle wake-ups (all threads)", String(format: "%.1f/s", agentWakeups))
        let hello = Self.locateSibling("wellbench-hello-idle", environmentKey: "WELLBENCH_HELLO")
        if let hello {
            let process = try await SpawnedProcess.spawn(hello, arguments: [], environment: ["PATH": "/usr/bin:/bin"], stdout: .pipe)
            _ = try await process.readLine()
            let helloSamples = try await ProcessMemory.sample(pid: process.pid, count: samples, interval: interval)
            let helloWakeups = try await Self.wakeupsPerSecond(pid: process.pid)
            await process.terminate(grace: .seconds(2))
            Figures.line("    vs Swift hello-world waiting for a signal", String(format: "%.1f/s", helloWakeups))
            say("Swift hello-world (same build configuration)", helloSamples)
            let median = { (taken: [ProcessMemory], value: KeyPath<ProcessMemory, Double>) in Figures.median(taken.map { $0[keyPath: value] }) }
            Figures.line(
                "  agent / hello-world: RSS, PSS, USS",
                String(
                    format: "%.1f×, %.1f×, %.1f×", median(agentSamples, \.rss) / median(helloSamples, \.rss),
                    median(agentSamples, \.pss) / median(helloSamples, \.pss), median(agentSamples, \.uss) / median(helloSamples, \.uss)))
        } else {
            Figures.say("  no hello-world next to wellbench (swift build -c release --product wellbench-hello-idle) and no WELLBENCH_HELLO")
        }
        // The floor while Foundation is linked as shared libraries (GRDB needs it): a hello-world
        // that loads full Foundation, by origin, so that the agent's groups can be read against it.
        if let floor = Self.locateSibling("wellbench-hello-foundation", environmentKey: "WELLBENCH_HELLO_FOUNDATION") {
            let process = try await SpawnedProcess.spawn(floor, arguments: [], environment: ["PATH": "/usr/bin:/bin"], stdout: .pipe)
            _ = try await process.readLine()
            let floorSamples = try await ProcessMemory.sample(pid: process.pid, count: samples, interval: interval)
            await process.terminate(grace: .seconds(2))
            say("hello-world + full Foundation (the floor)", floorSamples)
            if let last = floorSamples.last {
                let groups = last.byOrigin(executable: floor).filter { $0.rss >= 64 }
                Figures.line("    by origin, RSS", groups.map { $0.name + String(format: " %.1f", $0.rss / 1024) }.joined(separator: ", "))
            }
        } else {
            Figures.say("  no Foundation hello-world next to wellbench (swift build -c release --product wellbench-hello-foundation)")
        }
        guard let last = agentSamples.last else { return }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(agent.pid)/exe")) ?? wellclient
        Figures.say("  the agent's memory by origin (RSS / PSS / USS):")
        for group in last.byOrigin(executable: executable) where group.rss >= 64 {
            Figures.line("    " + group.name, ProcessMemory.row(group))
        }
        Figures.say("  the agent's largest mappings by RSS (RSS / PSS / USS):")
        for mapping in last.mappings.prefix(12) {
            Figures.line("    " + (mapping.name as NSString).lastPathComponent, ProcessMemory.row(mapping))
        }
    }

    /// How often `pid`'s threads were switched out (voluntarily or not) per second over
    /// `window`: an idle process that polls wakes up for nothing; one that waits does not.
    /// Counted per thread (a thread started in the window counts from zero; one that ended in
    /// it is not counted).
    static func wakeupsPerSecond(pid: pid_t, window: Duration = .seconds(3)) async throws -> Double {
        func switches() -> [String: Double] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            var counts: [String: Double] = [:]
            for task in tasks {
                guard let fields = Self.procFields("/proc/\(pid)/task/\(task)/status") else { continue }
                counts[task] = (fields["voluntary_ctxt_switches"] ?? 0) + (fields["nonvoluntary_ctxt_switches"] ?? 0)
            }
            return counts
        }
        let before = switches()
        try await Task.sleep(for: window)
        let after = switches()
        let total = after.reduce(0) { sum, entry in sum + max(0, entry.value - (before[entry.key] ?? 0)) }
        return total / Figures.seconds(window)
    }

    /// `environmentKey`'s path, else the executable `name` next to this one.
    static func locateSibling(_ name: String, environmentKey: String) -> String? {
        if let path = ProcessInfo.processInfo.environment[environmentKey], access(path, X_OK) == 0 { return path }
        guard let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let candidate = (me as NSString).deletingLastPathComponent + "/" + name
        return access(candidate, X_OK) == 0 ? candidate : nil
    }

    /// Resident memory (`VmRSS` of `/proc/<pid>/status`) in MiB; NaN when it cannot be read.
    static func residentMiB(pid: pid_t) -> Double {
        (procFields("/proc/\(pid)/status")?["VmRSS"] ?? .nan) / 1024
    }

    /// `RssAnon` and `RssFile` (+ `RssShmem`) of `/proc/<pid>/status`, and the thread count: what the
    /// process allocated versus the pages of its binary and libraries it has mapped.
    static func residentSplit(pid: pid_t) -> String {
        guard let fields = procFields("/proc/\(pid)/status") else { return "unknown" }
        let anonymous = (fields["RssAnon"] ?? 0) / 1024
        let file = ((fields["RssFile"] ?? 0) + (fields["RssShmem"] ?? 0)) / 1024
        return String(format: "%.1f / %.1f MiB, %d threads", anonymous, file, Int(fields["Threads"] ?? 0))
    }

    /// `Pss` and `Private_Clean` + `Private_Dirty` of `/proc/<pid>/smaps_rollup`: RSS counts every
    /// page of the binary and the libraries the agent touched, though the page cache holds them
    /// once for every process; PSS divides shared pages among the processes mapping them, USS
    /// counts the pages no other process maps (the agent's own binary text included).
    static func sharingSplit(pid: pid_t) -> String {
        guard let fields = procFields("/proc/\(pid)/smaps_rollup"), let pss = fields["Pss"] else { return "unknown" }
        let unique = (fields["Private_Clean"] ?? 0) + (fields["Private_Dirty"] ?? 0)
        return String(format: "%.1f / %.1f MiB", pss / 1024, unique / 1024)
    }

    /// The `Name:  value [kB]` lines of a `/proc` file, as numbers by name (nil: unreadable).
    static func procFields(_ path: String) -> [String: Double]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var fields: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            fields[String(parts[0])] = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Double($0) }
        }
        return fields
    }

    // MARK: - set-up

    static func temporaryRoot() throws -> String {
        var template = Array("/tmp/wellbench-agent-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchFailure(description: "mkdtemp: errno \(errno)")
        }
        let root = String(cString: made)
        for directory in ["home", "config/wellclient", "state", "data", "cache"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(
            atPath: root + "/runtime", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        return root
    }

    /// The agent's config for the simulator at `url`; `extra` is appended (more sections).
    static func writeConfig(to path: String, url: URL, namespace: String, extra: String = "") throws {
        // Notifications on: the benchmarks time them.
        let text = TestAgentConfig.text(url: url.absoluteString, namespace: namespace, notifications: true, extra: extra)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}

/// The benchmark's own D-Bus connection to the agent (`Status` polling).
struct AgentSession: Sendable {
    let control: DBusConnection

    func status() async throws -> JSONValue {
        let reply = try await control.call(
            destination: ControlInterface.busName, path: ControlInterface.objectPath,
            interface: ControlInterface.interface, member: "Status")
        return try JSONDecoder().decode(JSONValue.self, from: Data((reply.first?.string ?? "null").utf8))
    }

    /// Polls `Status` (every 2 ms; the agent may not own its name yet at first) until `condition` holds.
    func waitFor(timeout: Duration = .seconds(10), _ condition: (JSONValue) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = try? await status(), condition(status) { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw BenchFailure(description: "the agent's Status never matched: \((try? await status()).map { "\($0)" } ?? "no answer")")
    }

    /// Hangs up the call a dial placed and waits until the agent has no call. The dial's reply
    /// comes with makeCall's, and the call's first event may still be on its way to the agent:
    /// "hang up the only call" needs the call there, so this waits for it first.
    func hangUpDialledCall() async throws {
        try await waitFor { $0["calls"]?.arrayValue?.isEmpty == false }
        _ = try await control.call(
            destination: ControlInterface.busName, path: ControlInterface.objectPath,
            interface: ControlInterface.interface, member: "HangUp", arguments: [.string("")])
        try await waitFor { $0["calls"]?.arrayValue?.isEmpty == true }
    }
}

extension EventTap {
    /// Waits for the first message after index `after` whose text satisfies `matches`; returns when it arrived.
    func arrival(after: Int, _ matches: (String) -> Bool) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let messages = self.messages
            let arrivals = self.arrivals
            if messages.count > after {
                for index in after..<messages.count where matches(String(decoding: messages[index], as: UTF8.self)) {
                    return arrivals[index]
                }
            }
            try await Task.sleep(for: .microseconds(200))
        }
        throw BenchFailure(description: "no matching event on the tap")
    }
}

extension BenchNotificationServer {
    /// Waits for a Notify with `category` after index `after`; returns when it arrived.
    func waitForNotify(after: Int, category: String) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let all = received
            if all.count > after, let hit = all[after...].first(where: { $0.category == category }) { return hit.at }
            try await Task.sleep(for: .microseconds(200))
        }
        throw BenchFailure(description: "no Notify with category \(category)")
    }
}

/// A benchmark that could not take its measurement.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}
