import Foundation
import Glibc
import WellDesktopSupport

/// A helper process for tests (an agent, a broker, a browser), started by the product's one
/// spawner (``RunningChild``, on swift-subprocess: no shell, an empty signal mask and default
/// dispositions, so it can always be stopped). Never `Foundation.Process.terminate()`: from
/// async code its SIGTERM can be blocked.
public final class SpawnedProcess: Sendable {
    /// Where a standard stream goes.
    public enum Output: Sendable {
        /// Discard (/dev/null).
        case discard
        /// Append to this file.
        case file(String)
        /// A pipe the caller reads from (``SpawnedProcess/readLine(timeout:)``; stdout only).
        case pipe
    }

    /// Why a process could not be started or read.
    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// How a process ended.
    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this code.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        init(_ exit: RunningChild.Exit) {
            switch exit {
            case .exited(let code): self = .exited(code)
            case .signalled(let signal): self = .signalled(signal)
            }
        }

        public var description: String {
            switch self {
            case .exited(let code): "exited \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    private let child: RunningChild

    /// The process id.
    public var pid: pid_t { self.child.pid }

    private init(child: RunningChild) {
        self.child = child
    }

    deinit { self.child.kill() }

    /// Starts `executable` (absolute path) with exactly `environment`.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String: String],
        stdout: Output = .discard, stderr: Output = .discard
    ) async throws -> SpawnedProcess {
        do {
            let child = try await RunningChild.start(
                path: executable, arguments: arguments, environment: environment,
                stdout: Self.convert(stdout), stderr: Self.convert(stderr))
            return SpawnedProcess(child: child)
        } catch {
            throw SpawnError(description: error.description)
        }
    }

    private static func convert(_ output: Output) -> RunningChild.Output {
        switch output {
        case .discard: .discard
        case .file(let path): .file(path)
        case .pipe: .pipe
        }
    }

    /// Reads stdout (pipe mode) until the first newline and returns the line without it.
    public func readLine(timeout: Duration = .seconds(20)) async throws -> String {
        guard let fd = self.child.stdoutFD else { throw SpawnError(description: "stdout is not a pipe") }
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
                throw SpawnError(description: "process \(self.pid) closed stdout before a line")
            } else if errno == EAGAIN || errno == EINTR {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw SpawnError(description: "read failed: errno \(errno)")
            }
        }
        throw SpawnError(description: "timed out waiting for a line from process \(self.pid)")
    }

    /// Sends `signal` (e.g. SIGTERM) without waiting; nothing once the process has ended.
    public func send(_ signal: Int32) { self.child.send(signal) }

    /// How the process ended, or `nil` while it runs.
    public var exit: Exit? { self.child.exit.map(Exit.init) }

    /// Waits until the process has ended and returns how; `nil` when it is still running after
    /// `timeout` (then it is left running).
    public func waitForExit(timeout: Duration = .seconds(30)) async -> Exit? {
        await self.child.waitForExit(timeout: timeout).map(Exit.init)
    }

    /// SIGTERM, then SIGKILL if it has not ended within `grace`; returns once it has been reaped.
    public func terminate(grace: Duration) async {
        self.send(SIGTERM)
        if await self.waitForExit(timeout: grace) == nil { await self.child.stop() }
    }

    /// SIGKILL, and returns once the process has been reaped.
    public func stop() async { await self.child.stop() }

    /// SIGKILL without waiting (idempotent; see ``stop()`` to wait).
    public func kill() { self.child.kill() }
}
