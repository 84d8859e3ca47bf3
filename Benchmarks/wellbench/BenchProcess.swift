import Foundation
import Glibc

/// A child process for the agent benchmarks (`dbus-daemon`, `wellclient agent`, `wellclient dial`),
/// started with `posix_spawn` (empty signal mask, default dispositions) and reaped with `waitpid`.
final class BenchProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    /// Read end of the stdout pipe, when started with `pipeStdout`.
    let stdoutFD: Int32?

    private init(pid: pid_t, stdoutFD: Int32?) {
        self.pid = pid
        self.stdoutFD = stdoutFD
    }

    /// Starts `path` with exactly `environment`; stderr (and stdout unless piped) go to `logPath`.
    static func spawn(_ path: String, _ arguments: [String], environment: [String: String],
                      logPath: String = "/dev/null", pipeStdout: Bool = false) throws -> BenchProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var fds: [Int32] = [-1, -1]
        if pipeStdout {
            guard pipe(&fds) == 0 else { throw Failure(description: "pipe: errno \(errno)") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
        posix_spawn_file_actions_addopen(&actions, 2, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        if fds[1] >= 0 { close(fds[1]) }
        guard status == 0 else {
            if fds[0] >= 0 { close(fds[0]) }
            throw Failure(description: "cannot start \(path): \(String(cString: strerror(status)))")
        }
        return BenchProcess(pid: pid, stdoutFD: fds[0] >= 0 ? fds[0] : nil)
    }

    /// The first line of piped stdout (blocking; the caller expects it promptly).
    func readLine() throws -> String {
        guard let fd = stdoutFD else { throw Failure(description: "stdout is not piped") }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Polls for the exit (every 200 µs, so the moment is seen promptly); returns the exit status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if result < 0 && errno != EINTR { throw Failure(description: "waitpid: errno \(errno)") }
            try await Task.sleep(for: .microseconds(200))
        }
        throw Failure(description: "process \(pid) did not exit within \(timeout)")
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`; reaps it.
    func stop(grace: Duration = .seconds(5)) async {
        _ = Glibc.kill(pid, SIGTERM)
        if (try? await waitForExit(timeout: grace)) == nil {
            _ = Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        if let stdoutFD { close(stdoutFD) }
    }

    /// Resident memory (`VmRSS` of `/proc/PID/status`) in MiB.
    func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return .nan }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
            return (kilobytes ?? .nan) / 1024
        }
        return .nan
    }
}

/// A private session-type `dbus-daemon` in a temporary directory (only that directory's
/// service dir, anyone may own any name), as the desktop tests use.
struct BenchBus {
    let address: String
    let directory: String
    let process: BenchProcess

    static func start() throws -> BenchBus {
        var template = Array("/tmp/wellbench-bus-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchProcess.Failure(description: "mkdtemp: errno \(errno)")
        }
        let directory = String(cString: made)
        let config = """
            <busconfig>
              <type>session</type>
              <listen>unix:dir=\(directory)</listen>
              <auth>EXTERNAL</auth>
              <servicedir>\(directory)</servicedir>
              <policy context="default"><allow send_destination="*"/><allow eavesdrop="true"/><allow own="*"/></policy>
            </busconfig>
            """
        try config.write(toFile: directory + "/session.conf", atomically: true, encoding: .utf8)
        let process = try BenchProcess.spawn(
            "/usr/bin/dbus-daemon", ["--nofork", "--nopidfile", "--print-address=1", "--config-file=\(directory)/session.conf"],
            environment: ["PATH": "/usr/bin:/bin"], logPath: directory + "/dbus-daemon.log", pipeStdout: true)
        let address = try process.readLine().trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty else { throw BenchProcess.Failure(description: "dbus-daemon printed no address") }
        return BenchBus(address: address, directory: directory, process: process)
    }

    func stop() async {
        await process.stop(grace: .milliseconds(200))
        try? FileManager.default.removeItem(atPath: directory)
    }
}
