import Synchronization

/// Fans values out to any number of `AsyncStream` subscribers; each subscriber has its own
/// unbounded buffer (a ``BroadcastInbox``), so a slow consumer never delays the others.
///
/// The streams are `AsyncStream(unfolding:)` over the inbox rather than continuation-fed
/// streams: publishing is one short lock per subscriber in code specialised for `Value`, and a
/// consumer takes everything buffered in one step, then serves it without touching the lock
/// the publisher uses.
final class Broadcast<Value: Sendable>: Sendable {
    private struct State {
        var subscribers: [Int: BroadcastInbox<Value>] = [:] {
            didSet { self.list = Array(self.subscribers.values) }
        }
        /// The same inboxes as an array, rebuilt only when subscribers change, so that
        /// ``publish(_:)`` copies a reference instead of allocating per value.
        var list: [BroadcastInbox<Value>] = []
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    init() {}

    /// A new stream receiving every value published from now on. Dropping the stream (or
    /// cancelling the task iterating it) unsubscribes it.
    func subscribe() -> AsyncStream<Value> {
        let inbox = BroadcastInbox<Value>()
        let id = self.state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = inbox
            return state.nextID
        }
        guard let id else {
            inbox.finish()
            return AsyncStream(unfolding: { await inbox.next() })
        }
        let unsubscribe: @Sendable () -> Void = { [weak self] in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        let subscription = Subscription(unsubscribe)
        // As a continuation-fed stream does: a cancelled consumer still gets what was buffered
        // before, then `nil`, and is unsubscribed at once.
        return AsyncStream(
            unfolding: { await inbox.next(keeping: subscription) },
            onCancel: {
                inbox.finish()
                unsubscribe()
            })
    }

    /// How many streams are subscribed right now.
    var subscriberCount: Int { self.state.withLock { $0.subscribers.count } }

    /// Delivers `value` to every subscriber.
    func publish(_ value: Value) {
        let subscribers = self.state.withLock { $0.list }
        for subscriber in subscribers { subscriber.append(value) }
    }

    /// Delivers `values`, in order, to every subscriber: one step per subscriber for the batch.
    func publish(contentsOf values: [Value]) {
        guard !values.isEmpty else { return }
        let subscribers = self.state.withLock { $0.list }
        for subscriber in subscribers { subscriber.append(contentsOf: values) }
    }

    /// Ends every stream (each still delivers what it buffered, then ends).
    func finish() {
        let subscribers = self.state.withLock { state -> [BroadcastInbox<Value>] in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return state.list
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Unsubscribes when the stream lets go of it (the stream ended, was cancelled or dropped).
    private final class Subscription: Sendable {
        let onEnd: @Sendable () -> Void
        init(_ onEnd: @escaping @Sendable () -> Void) { self.onEnd = onEnd }
        deinit { self.onEnd() }
    }
}

/// One subscriber's unbounded, ordered buffer: any number of publishers append; one consumer
/// (the `AsyncStream` iterating it) takes values in order.
final class BroadcastInbox<Value: Sendable>: Sendable {
    private struct Shared {
        /// Published and not yet taken by the consumer.
        var pending: [Value] = []
        /// The consumer, suspended because nothing was pending.
        var waiter: UnsafeContinuation<Value?, Never>?
        /// No value is accepted any more.
        var closed = false
    }

    /// What a consumer about to wait finds under the lock.
    private enum Step {
        case value(Value)
        case end
        case wait
    }

    /// What the consumer took from `pending` and has not returned yet (only the consumer
    /// touches it, so its lock is never contended).
    private struct Taken {
        var values: [Value] = []
        var next = 0
    }

    private let shared = Mutex(Shared())
    private let taken = Mutex(Taken())

    /// Buffers `value`, or hands it straight to a waiting consumer (which then has nothing
    /// older pending: it only waits when both buffers are empty).
    func append(_ value: Value) {
        let waiter = self.shared.withLock { shared -> UnsafeContinuation<Value?, Never>? in
            guard !shared.closed else { return nil }
            if let waiter = shared.waiter {
                shared.waiter = nil
                return waiter
            }
            shared.pending.append(value)
            return nil
        }
        waiter?.resume(returning: value)
    }

    /// Buffers `values` (not empty) after everything pending, or hands the first straight to a
    /// waiting consumer and buffers the rest (it only waits when nothing older is pending).
    func append(contentsOf values: [Value]) {
        let waiter = self.shared.withLock { shared -> UnsafeContinuation<Value?, Never>? in
            guard !shared.closed else { return nil }
            if let waiter = shared.waiter {
                shared.waiter = nil
                shared.pending.append(contentsOf: values.dropFirst())
                return waiter
            }
            if shared.pending.isEmpty {
                shared.pending = values
            } else {
                shared.pending.append(contentsOf: values)
            }
            return nil
        }
        waiter?.resume(returning: values[0])
    }

    /// No more values: the consumer gets what is buffered, then `nil`.
    func finish() {
        let waiter = self.shared.withLock { shared -> UnsafeContinuation<Value?, Never>? in
            shared.closed = true
            defer { shared.waiter = nil }
            return shared.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next value in order, or `nil` once finished and drained. `subscription` is only
    /// kept alive by the caller's closure; it is unused here.
    func next(keeping subscription: AnyObject) async -> Value? {
        await self.next()
    }

    /// The next value in order, or `nil` once finished and drained (one consumer at a time).
    func next() async -> Value? {
        if let value = self.takeLocal() { return value }
        // Everything pending moves to the consumer's side in one step.
        let refill = self.shared.withLock { shared -> [Value]? in
            guard !shared.pending.isEmpty else { return nil }
            defer { shared.pending = [] }
            return shared.pending
        }
        if let refill { return self.store(refill) }
        return await withUnsafeContinuation { (continuation: UnsafeContinuation<Value?, Never>) in
            let step = self.shared.withLock { shared -> Step in
                if !shared.pending.isEmpty {
                    // Published between the check above and now.
                    let values = shared.pending
                    shared.pending = []
                    return .value(self.store(values))
                }
                if shared.closed { return .end }
                shared.waiter = continuation
                return .wait
            }
            switch step {
            case .value(let value): continuation.resume(returning: value)
            case .end: continuation.resume(returning: nil)
            case .wait: break
            }
        }
    }

    /// Keeps `values` on the consumer's side and returns the first (`values` is not empty).
    private func store(_ values: [Value]) -> Value {
        self.taken.withLock { taken in
            taken.values = values
            taken.next = 1
            return values[0]
        }
    }

    private func takeLocal() -> Value? {
        self.taken.withLock { taken -> Value? in
            guard taken.next < taken.values.count else {
                if !taken.values.isEmpty { taken.values = [] }
                return nil
            }
            defer { taken.next += 1 }
            return taken.values[taken.next]
        }
    }
}
