import Foundation
import Glibc
import Testing
import WellDesktopSupport
import WellTestSupport

/// The product's one spawner (swift-subprocess underneath): what a finished child leaves, how
/// an overrunning or chatty child is stopped, and the long-running handle the tests and the
/// screen pop use.
struct ChildProcessTests {
    static let shell = "/bin/sh"
    static let environment = ["PATH": "/usr/bin:/bin"]

    /// Whether `pid` still exists (a zombie counts: it has not been reaped).
    static func exists(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 }

    @Test("output, error output, input, working directory and the exit code come back")
    func collectsWhatAChildLeaves() async throws {
        let outcome = try await ChildProcess.run(
            path: Self.shell, arguments: ["-c", "read line; echo \"out:$line:$(pwd)\"; echo err >&2; exit 3"],
            environment: Self.environment, input: "typed\n", workingDirectory: "/tmp", errors: .capture)
        #expect(String(decoding: outcome.output, as: UTF8.self) == "out:typed:/tmp\n")
        #expect(String(decoding: outcome.errorOutput, as: UTF8.self) == "err\n")
        #expect(outcome.status == 3)
        #expect(outcome.signal == nil)
    }

    @Test("a child ended by a signal reports it, as 128 + the signal")
    func signalledChild() async throws {
        let outcome = try await ChildProcess.run(path: Self.shell, arguments: ["-c", "kill -TERM $$"], environment: Self.environment)
        #expect(outcome.signal == SIGTERM)
        #expect(outcome.status == 128 + SIGTERM)
    }

    @Test("a child that overruns its time is killed and reaped before the call throws")
    func overrunningChildIsKilled() async throws {
        let home = try TemporaryHome(label: "spawn-timeout")
        defer { home.remove() }
        let pidFile = home.root + "/pid"
        await #expect(throws: ChildProcess.Failure.self) {
            try await ChildProcess.run(
                path: Self.shell, arguments: ["-c", "echo $$ > '\(pidFile)'; exec sleep 30"],
                environment: Self.environment, timeout: .milliseconds(500))
        }
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Self.exists(pid), "the sleeping child \(pid) must be gone")
    }

    @Test("a child that prints more than the limit is stopped with a clear error")
    func chattyChildIsRefused() async throws {
        let error = await #expect(throws: ChildProcess.Failure.self) {
            // A deadline far off: on a loaded machine the default 10 s could end the run first.
            try await ChildProcess.run(path: "/usr/bin/yes", arguments: [], environment: Self.environment, limit: 1024, timeout: .seconds(120))
        }
        #expect(error?.description.contains("printed more than 1024 bytes") == true, "\(String(describing: error))")
    }

    @Test("a program that is not there is a clear error, not a crash")
    func missingProgram() async throws {
        let error = await #expect(throws: ChildProcess.Failure.self) {
            try await ChildProcess.run(path: "/nonexistent/tool", arguments: [], environment: Self.environment)
        }
        #expect(error?.description.contains("/nonexistent/tool") == true)
        await #expect(throws: ChildProcess.Failure.self) {
            try await RunningChild.start(path: "/nonexistent/tool", arguments: [], environment: Self.environment)
        }
    }

    @Test("a running child: no blocked or ignored signals, its line on a pipe, SIGTERM ends it, the exit is reported once it ends")
    func runningChild() async throws {
        let child = try await RunningChild.start(
            path: Self.shell, arguments: ["-c", "echo ready; exec sleep 30"], environment: Self.environment, stdout: .pipe)
        // This test process ignores SIGPIPE (the networking stack's rule) and the agent blocks
        // SIGTERM in its threads; none of that may reach a child.
        let status = try String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8)
        let masks = status.split(separator: "\n").filter { $0.hasPrefix("SigBlk:") || $0.hasPrefix("SigIgn:") }
        #expect(masks.count == 2)
        // Bits 0–30 are signals 1–31 (above them, the C library keeps real-time signals of its own).
        for mask in masks {
            let value = try #require(mask.split(separator: "\t").last.flatMap { UInt64($0, radix: 16) })
            #expect(value & 0x7FFF_FFFF == 0, "\(mask)")
        }
        let process = try #require(child.stdoutFD)
        var line: [UInt8] = []
        try await eventually("the child's line") {
            var byte: UInt8 = 0
            while read(process, &byte, 1) == 1 { line.append(byte) }
            return line.last == UInt8(ascii: "\n")
        }
        #expect(String(decoding: line, as: UTF8.self) == "ready\n")
        #expect(child.exit == nil)
        #expect(await child.waitForExit(timeout: .milliseconds(1)) == nil, "still running")
        child.send(SIGTERM)
        #expect(await child.waitForExit(timeout: .seconds(20)) == .signalled(SIGTERM))
        #expect(!Self.exists(child.pid), "reaped")
        child.kill() // after the end: nothing happens
    }

    @Test("a child that exits by itself is seen at once; stop() on a running one returns after it is reaped")
    func exitAndStop() async throws {
        let quick = try await RunningChild.start(path: Self.shell, arguments: ["-c", "exit 7"], environment: Self.environment)
        #expect(await quick.waitForExit() == .exited(7))
        let slow = try await RunningChild.start(path: "/bin/sleep", arguments: ["30"], environment: Self.environment)
        await slow.stop()
        #expect(slow.exit == .signalled(SIGKILL))
        #expect(!Self.exists(slow.pid))
    }
}
