#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import WellThreads

/// A helper program started with `posix_spawn` (never through a shell): the screen-pop opener
/// (`xdg-open`) and the `passwordCommand`.
///
/// Nothing here waits forever: ``output(path:arguments:environment:limit:timeout:)`` kills the
/// child (SIGKILL) when it overruns its time, and ``detach(path:arguments:environment:reapWithin:)``
/// reaps the child on a background thread that gives up (and kills it) after a limit.
package enum ChildProcess {
    /// Why a child could not be run.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// The absolute path of `name` (or `name` itself when it contains a `/`) on `PATH`.
    package static func locate(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Starts `path` with stdin from /dev/null, and stdout / stderr each either to /dev/null
    /// or to the given descriptor. Returns the pid.
    private static func spawn(
        path: String, arguments: [String], environment: [String: String], stdoutFD: Int32?,
        stderrFD: Int32? = nil
    ) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, source) in [(Int32(1), stdoutFD), (Int32(2), stderrFD)] {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A fresh signal mask and default dispositions: the agent may block SIGTERM/SIGINT.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        var result: Int32 = 0
        // ETXTBSY: a script just written may still be open in a child forked meanwhile by
        // another thread; that child execs or exits soon, so retry briefly.
        for attempt in 0..<50 {
            result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
                (envp + [nil]).withUnsafeBufferPointer { envBuffer in
                    posix_spawn(
                        &pid, path, &actions, &attributes,
                        UnsafeMutablePointer(mutating: argvBuffer.baseAddress!),
                        UnsafeMutablePointer(mutating: envBuffer.baseAddress!))
                }
            }
            guard result == ETXTBSY, attempt < 49 else { break }
            usleep(20_000)
        }
        guard result == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Runs `path` and returns its standard output (at most `limit` bytes) and exit status.
    /// Blocks the calling thread; run it off the cooperative pool (see ``runOffPool(_:)``).
    package static func output(
        path: String, arguments: [String], environment: [String: String],
        limit: Int = 64 * 1024, timeout: Duration = .seconds(10)
    ) throws(Failure) -> (status: Int32, output: [UInt8]) {
        let result = try run(path: path, arguments: arguments, environment: environment, captureErrors: false, limit: limit, timeout: timeout)
        return (result.status, result.output)
    }

    /// Runs `path` and returns its exit status, standard output and (when `captureErrors`)
    /// standard error, each cut at `limit` bytes; a child that prints more than `limit` or
    /// overruns `timeout` is killed. Blocks the calling thread.
    static func run(
        path: String, arguments: [String], environment: [String: String], captureErrors: Bool,
        limit: Int = 64 * 1024, timeout: Duration = .seconds(10)
    )
        throws(Failure) -> (status: Int32, output: [UInt8], errorOutput: [UInt8])
    {
        var pipes: [[Int32]] = []
        defer { pipes.forEach { close($0[0]) } }
        for _ in 0..<(captureErrors ? 2 : 1) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else {
                pipes.forEach { close($0[1]) }
                throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
            }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            pipes.append(fds)
        }
        let pid: pid_t
        do {
            pid = try spawn(
                path: path, arguments: arguments, environment: environment, stdoutFD: pipes[0][1],
                stderrFD: captureErrors ? pipes[1][1] : nil)
        } catch {
            pipes.forEach { close($0[1]) }
            throw error
        }
        pipes.forEach { close($0[1]) }
        let deadline = ContinuousClock.now + timeout
        var collected: [[UInt8]] = Array(repeating: [], count: pipes.count)
        var open = Array(repeating: true, count: pipes.count)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var overflowed = false
        var timedOut = false
        while open.contains(true) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                timedOut = true
                break
            }
            var pollers = pipes.indices.map { pollfd(fd: open[$0] ? pipes[$0][0] : -1, events: Int16(POLLIN), revents: 0) }
            let millis = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&pollers, nfds_t(pollers.count), millis)
            if ready <= 0 { continue }
            for index in pipes.indices where open[index] && pollers[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(pipes[index][0], $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    open[index] = false
                    continue
                }
                collected[index].append(contentsOf: buffer[0..<count])
                if collected[index].count > limit { overflowed = true }
            }
            if overflowed { break }
        }
        if overflowed || timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { throw Failure(description: "\(path) did not finish within \(timeout)") }
        let exited = (status & 0x7f) == 0
        return (
            exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), Array(collected[0].prefix(limit)),
            captureErrors ? Array(collected[1].prefix(limit)) : []
        )
    }

    /// Starts `path` and returns at once; a background thread reaps it, killing it after `reapWithin`.
    package static func detach(
        path: String, arguments: [String], environment: [String: String],
        reapWithin: Duration = .seconds(60)
    ) throws(Failure) {
        let pid = try spawn(path: path, arguments: arguments, environment: environment, stdoutFD: nil)
        let reaper: @Sendable () -> Void = {
            let deadline = ContinuousClock.now + reapWithin
            var status: Int32 = 0
            while true {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid || (result < 0 && errno != EINTR) { return }
                if ContinuousClock.now >= deadline {
                    kill(pid, SIGKILL)
                    _ = waitpid(pid, &status, 0)
                    return
                }
                usleep(100_000)
            }
        }
        do {
            try DetachedThread.start(name: "reap-\(pid)", reaper)
        } catch {
            reaper()
        }
    }

    /// Runs blocking `work` on its own thread and resumes with its result.
    package static func runOffPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await DetachedThread.run(name: "child-process", work)
    }
}
