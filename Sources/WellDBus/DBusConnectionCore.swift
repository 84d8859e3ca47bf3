import CDBus
import Glibc
import Synchronization

/// The thread-safe half of a connection: a job queue into the owner thread, the signal
/// subscribers, the queue of incoming method calls and the disconnection state.
///
/// Threading rule: **every libdbus call on the connection runs on its owner thread**
/// (``DBusLoop``). Other threads only build/validate standalone messages (a message not yet
/// handed to the connection belongs to whoever holds it), append closures to `jobs` under
/// the mutex and write the wake-up eventfd.
final class DBusConnectionCore: Sendable {
    typealias Job = @Sendable (DBusLoop) -> Void

    private struct JobQueue {
        var items: [Job] = []
        var accepting = true
    }

    private struct Disconnection {
        var reason: DBusDisconnectReason?
        var waiters: [CheckedContinuation<DBusDisconnectReason, Never>] = []
    }

    private struct Subscribers {
        var next = 0
        var streams: [Int: AsyncStream<DBusSignal>.Continuation] = [:]
    }

    private let jobs = Mutex(JobQueue())
    private let disconnection = Mutex(Disconnection())
    private let subscribers = Mutex(Subscribers())
    private let callIDs = Atomic<UInt64>(0)
    private let serving = Atomic<Bool>(false)
    /// Self-pipe: the owner thread polls `wakeFD`; a byte written to `wakeWriteFD` wakes it.
    let wakeFD: Int32
    private let wakeWriteFD: Int32

    let incomingCalls: AsyncStream<DBusIncomingCall>
    let incomingContinuation: AsyncStream<DBusIncomingCall>.Continuation

    /// Set once by the owner thread before ``DBusConnection/connect(address:)`` returns.
    let uniqueNameStorage = Mutex<String>("")

    init() throws(DBusError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw DBusError.failed("pipe failed: errno \(errno)") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeFD = fds[0]
        wakeWriteFD = fds[1]
        (incomingCalls, incomingContinuation) = AsyncStream.makeStream(
            of: DBusIncomingCall.self, bufferingPolicy: .bufferingOldest(4096))
    }

    // MARK: Jobs

    /// Queues a job for the owner thread. Returns false once the connection is closed.
    @discardableResult
    func enqueue(_ job: @escaping Job) -> Bool {
        jobs.withLock { queue in
            guard queue.accepting else { return false }
            queue.items.append(job)
            var one: UInt8 = 1
            _ = write(wakeWriteFD, &one, 1) // a full pipe (EAGAIN) already means "wake up"
            return true
        }
    }

    /// Takes every queued job (owner thread).
    func takeJobs() -> [Job] {
        jobs.withLock { queue in
            let items = queue.items
            queue.items.removeAll()
            return items
        }
    }

    /// Stops accepting jobs and returns those still queued (owner thread, at teardown).
    func stopAcceptingJobs() -> [Job] {
        jobs.withLock { queue in
            queue.accepting = false
            let items = queue.items
            queue.items.removeAll()
            return items
        }
    }

    func drainWakeFD() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeFD, &buffer, buffer.count) > 0 {}
    }

    /// Called after ``stopAcceptingJobs()``: nobody writes any more.
    func closeWakeFD() {
        close(wakeFD)
        close(wakeWriteFD)
    }

    func nextCallID() -> UInt64 { callIDs.add(1, ordering: .relaxed).newValue }

    // MARK: Serving

    func beginServing() -> Bool { serving.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
    func endServing() { serving.store(false, ordering: .releasing) }

    // MARK: Signals

    func subscribe(bufferingNewest limit: Int) -> AsyncStream<DBusSignal> {
        let (stream, continuation) = AsyncStream.makeStream(of: DBusSignal.self, bufferingPolicy: .bufferingNewest(limit))
        let id: Int? = subscribers.withLock { subs in
            guard disconnectReason == nil else { return nil }
            subs.next += 1
            subs.streams[subs.next] = continuation
            return subs.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    func publish(_ signal: DBusSignal) {
        let targets = subscribers.withLock { Array($0.streams.values) }
        for continuation in targets { continuation.yield(signal) }
    }

    // MARK: Disconnection

    var disconnectReason: DBusDisconnectReason? { disconnection.withLock { $0.reason } }

    func waitForDisconnection() async -> DBusDisconnectReason {
        await withCheckedContinuation { continuation in
            let reason: DBusDisconnectReason? = disconnection.withLock { state in
                if let reason = state.reason { return reason }
                state.waiters.append(continuation)
                return nil
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }

    /// Records the end of the connection and wakes everyone waiting on it (owner thread).
    func markDisconnected(_ reason: DBusDisconnectReason) {
        let waiters: [CheckedContinuation<DBusDisconnectReason, Never>] = disconnection.withLock { state in
            guard state.reason == nil else { return [] }
            state.reason = reason
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: reason) }
        let streams = subscribers.withLock { subs in
            defer { subs.streams.removeAll() }
            return Array(subs.streams.values)
        }
        for stream in streams { stream.finish() }
        incomingContinuation.finish()
    }
}

/// A method call waiting for its handler; the reply token answers it exactly once.
struct DBusIncomingCall: Sendable {
    let call: DBusMethodCall
    let method: DBusMethod
    let handler: DBusMethodHandler
    let token: DBusReplyToken
}

/// The exported-object handler type.
public typealias DBusMethodHandler = @Sendable (DBusMethodCall) async -> DBusMethodResult

/// Holds the incoming call message until the reply is sent (the reply needs its serial and sender).
final class DBusReplyToken: Sendable {
    let message: DBusMessageBox
    let expectsReply: Bool

    init(message: DBusMessageBox, expectsReply: Bool) {
        self.message = message
        self.expectsReply = expectsReply
    }
}
