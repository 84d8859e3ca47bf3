import Foundation
import Glibc
import Synchronization

/// A helper process for tests, started with `posix_spawn` (empty signal mask, default
/// dispositions, so it can always be killed) and stopped with SIGKILL + `waitpid`.
/// Never `Foundation.Process.terminate()`: from async code its SIGTERM can be blocked.
public final class SpawnedProcess: Sendable {
    public enum Output: Sendable {
        /// Discard (/dev/null).
        case discard
        /// Append to this file.
        case file(String)
        /// A pipe the caller reads from (``SpawnedProcess/stdoutFD``).
        case pipe
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    /// Read end of the stdout pipe when started with `stdout: .pipe` (non-blocking).
    public let stdoutFD: Int32?
    private let reaped = Mutex(false)

    private init(pid: pid_t, stdoutFD: Int32?) {
        self.pid = pid
        self.stdoutFD = stdoutFD
    }

    deinit { kill() }

    /// Starts `executable` (absolute path) with exactly `environment`.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String: String],
        stdout: Output = .discard, stderr: Output = .discard
    ) throws -> SpawnedProcess {
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
        var pipeFDs: [Int32] = [-1, -1]
        func redirect(_ output: Output, to fd: Int32) throws {
            switch output {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            case .pipe:
                guard pipe(&pipeFDs) == 0 else { throw SpawnError(description: "pipe failed: errno \(errno)") }
                for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], fd)
            }
        }
        try redirect(stdout, to: 1)
        try redirect(stderr, to: 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        if pipeFDs[1] >= 0 { close(pipeFDs[1]) }
        guard status == 0 else {
            if pipeFDs[0] >= 0 { close(pipeFDs[0]) }
            throw SpawnError(description: "posix_spawn \(executable) failed: \(String(cString: strerror(status)))")
        }
        if pipeFDs[0] >= 0 {
            _ = fcntl(pipeFDs[0], F_SETFL, fcntl(pipeFDs[0], F_GETFL) | O_NONBLOCK)
        }
        return SpawnedProcess(pid: pid, stdoutFD: pipeFDs[0] >= 0 ? pipeFDs[0] : nil)
    }

    /// Reads stdout (pipe mode) until the first newline and returns the line without it.
    public func readLine(timeout: Duration = .seconds(20)) async throws -> String {
        guard let fd = stdoutFD else { throw SpawnError(description: "stdout is not a pipe") }
        var bytes: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 512)
        while ContinuousClock.now < deadline {
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                bytes += buffer[0..<count]
                if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                    return String(decoding: bytes[..<newline], as: UTF8.self)
                }
            } else if count == 0 {
                throw SpawnError(description: "process \(pid) closed stdout before a line")
            } else if errno == EAGAIN || errno == EINTR {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw SpawnError(description: "read failed: errno \(errno)")
            }
        }
        throw SpawnError(description: "timed out waiting for a line from process \(pid)")
    }

    /// Sends `signal` (e.g. SIGTERM) without waiting.
    public func send(_ signal: Int32) {
        let done = reaped.withLock { $0 }
        if !done { _ = Glibc.kill(pid, signal) }
    }

    /// How a process ended.
    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        public var description: String {
            switch self {
            case .exited(let code): "exited \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// Polls (every `pollInterval`, never blocking a thread) until the process has ended, reaps it
    /// and returns how; nil when it is still running after `timeout` (then it is left running).
    /// A benchmark that times the exit polls more often.
    public func waitForExit(timeout: Duration = .seconds(30), pollInterval: Duration = .milliseconds(20)) async throws -> Exit? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped.withLock { $0 = true }
                if let stdoutFD { close(stdoutFD) }
                let low = status & 0x7f
                return low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low)
            }
            if result < 0 && errno != EINTR { throw SpawnError(description: "waitpid failed: errno \(errno)") }
            try await Task.sleep(for: pollInterval)
        }
        return nil
    }

    /// SIGTERM, then SIGKILL if it has not ended within `grace`; reaps it either way.
    public func terminate(grace: Duration) async {
        send(SIGTERM)
        _ = try? await waitForExit(timeout: grace)
        kill() // a no-op when it has been reaped
    }

    /// SIGKILL and reap (idempotent). Closes the stdout pipe.
    public func kill() {
        let first = reaped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let stdoutFD { close(stdoutFD) }
    }
}
