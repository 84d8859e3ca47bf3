import Subprocess
import Synchronization
import WellThreads

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A program that runs beside us until it ends or is stopped (a test's agent, broker or
/// browser; a detached screen-pop opener), started through swift-subprocess like every other
/// child (see ``ChildProcess``).
///
/// swift-subprocess keeps the child inside one `run` call; this handle lives in that call's
/// body, so the child is reaped by the library, and signals go to a process that cannot have
/// been reaped yet (the pid cannot be reused while the body runs).
package final class RunningChild: Sendable {
    /// Where a standard stream goes.
    package enum Output: Sendable {
        /// /dev/null.
        case discard
        /// Appended to this file (created 0600 when missing).
        case file(String)
        /// A pipe whose non-blocking read end is ``RunningChild/stdoutFD`` (standard output only).
        case pipe
    }

    /// How a child ended.
    package enum Exit: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this code.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        package var description: String {
            switch self {
            case .exited(let code): "exited \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    private struct State {
        var exit: Exit?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    /// The child's process id (valid until ``exit`` is set).
    package let pid: pid_t
    /// The read end of standard output when started with `stdout: .pipe` (non-blocking; closed
    /// by the caller or when the handle goes away).
    package let stdoutFD: Int32?
    private let signals: AsyncStream<Int32>.Continuation
    private let signalStream: AsyncStream<Int32>
    private let state = Mutex(State())

    /// The handle once the child runs (set inside the run's body, read after it).
    private final class Started: Sendable {
        let child = Mutex<RunningChild?>(nil)
    }

    private init(pid: pid_t, stdoutFD: Int32?) {
        self.pid = pid
        self.stdoutFD = stdoutFD
        (self.signalStream, self.signals) = AsyncStream.makeStream(of: Int32.self)
    }

    deinit {
        if let stdoutFD { close(stdoutFD) }
    }

    /// Starts `path` with exactly `environment`, stdin from /dev/null.
    /// - Throws: ``ChildProcess/Failure`` when a file cannot be opened or the program cannot start.
    package static func start(
        path: String, arguments: [String], environment: [String: String],
        stdout: Output = .discard, stderr: Output = .discard
    ) async throws(ChildProcess.Failure) -> RunningChild {
        if case .pipe = stderr { throw ChildProcess.Failure(description: "only standard output can be a pipe") }
        var readEnd: Int32?
        let outDescriptor = try Self.descriptor(for: stdout, readEnd: &readEnd)
        let errDescriptor: Int32
        do {
            var unused: Int32?
            errDescriptor = try Self.descriptor(for: stderr, readEnd: &unused)
        } catch {
            if let readEnd { close(readEnd) }
            close(outDescriptor)
            throw error
        }
        let out: FileDescriptorOutput = .fileDescriptor(FileDescriptor(rawValue: outDescriptor), closeAfterSpawningProcess: true)
        let err: FileDescriptorOutput = .fileDescriptor(FileDescriptor(rawValue: errDescriptor), closeAfterSpawningProcess: true)
        let configuration = ChildProcess.configuration(path: path, arguments: arguments, environment: environment, workingDirectory: nil)
        let pipeReadEnd = readEnd
        let result: Result<RunningChild, ChildProcess.Failure> = await withCheckedContinuation { continuation in
            Task.detached {
                let started = Started()
                do {
                    let result = try await Subprocess.run(configuration, input: .none, output: out, error: err) { execution in
                        let child = RunningChild(pid: execution.processIdentifier.value, stdoutFD: pipeReadEnd)
                        started.child.withLock { $0 = child }
                        continuation.resume(returning: .success(child))
                        await child.serve(execution)
                    }
                    started.child.withLock { $0 }?.finish(result.terminationStatus)
                } catch {
                    if let child = started.child.withLock({ $0 }) {
                        // Started, then the library failed to monitor it: report it as killed.
                        child.finish(.signaled(SIGKILL))
                    } else {
                        if let pipeReadEnd { close(pipeReadEnd) }
                        continuation.resume(returning: .failure(ChildProcess.Failure(description: ChildProcess.describe(error, path: path, limit: 0))))
                    }
                }
            }
        }
        return try result.get()
    }

    /// How the child ended, or `nil` while it runs.
    package var exit: Exit? { self.state.withLock { $0.exit } }

    /// Sends `signal` (e.g. SIGTERM) without waiting; nothing once it has ended.
    package func send(_ signal: Int32) {
        guard self.exit == nil else { return }
        self.signals.yield(signal)
    }

    /// SIGKILL without waiting (see ``stop()`` to wait).
    package func kill() { self.send(SIGKILL) }

    /// SIGKILL, then waits until the child has been reaped.
    package func stop() async {
        self.kill()
        _ = await self.waitForExit()
    }

    /// Waits until the child has ended and returns how; `nil` only when the waiting task is
    /// cancelled first.
    @discardableResult
    package func waitForExit() async -> Exit? {
        let id = self.state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = self.state.withLock { state in
                    if state.exit != nil || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
        return self.exit
    }

    /// Waits at most `timeout` for the child to end: how it ended, or `nil` when it still runs.
    package func waitForExit(timeout: Duration) async -> Exit? {
        await withTaskGroup(of: Exit?.self) { group in
            group.addTask { await self.waitForExit() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? self.exit
        }
    }

    // MARK: - inside the run

    /// Forwards requested signals until the child has ended (its pidfd turns readable).
    private func serve<I, O, E>(_ execution: Execution<I, O, E>) async {
        let descriptor = execution.processIdentifier.processDescriptor
        let pid = self.pid
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await signal in self.signalStream {
                    try? execution.send(signal: Signal(rawValue: signal))
                }
            }
            group.addTask {
                await DetachedThread.run(name: "child-\(pid)") { Self.awaitEnd(pid: pid, descriptor: descriptor) }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Blocks until `pid` has ended, without reaping it (swift-subprocess reaps).
    private static func awaitEnd(pid: pid_t, descriptor: Int32) {
        if descriptor >= 0 {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while poll(&entry, 1, -1) < 0 && errno == EINTR {}
            return
        }
        // No pidfd: ask whether it has ended (WNOWAIT leaves it to be reaped), every 10 ms.
        var info = siginfo_t()
        while true {
            info.si_signo = 0
            let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            if result < 0 && errno != EINTR { return }
            if result == 0 && info.si_signo != 0 { return }
            usleep(10_000)
        }
    }

    private func finish(_ termination: TerminationStatus) {
        let exit: Exit =
            switch termination {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signalled(signal)
            }
        let waiters = self.state.withLock { state in
            state.exit = exit
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        self.signals.finish()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: - streams

    /// The descriptor a stream goes to (closed in this process once the child has it); for a
    /// pipe, `readEnd` gets the non-blocking read end.
    private static func descriptor(for output: Output, readEnd: inout Int32?) throws(ChildProcess.Failure) -> Int32 {
        let descriptor: Int32
        switch output {
        case .discard:
            descriptor = open("/dev/null", O_WRONLY | O_CLOEXEC)
        case .file(let path):
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        case .pipe:
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                throw ChildProcess.Failure(description: "pipe: \(String(cString: strerror(errno)))")
            }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
            readEnd = ends[0]
            descriptor = ends[1]
        }
        guard descriptor >= 0 else {
            throw ChildProcess.Failure(description: "cannot open \(output): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }
}
