import Synchronization

/// What an event channel's reader hands to the client, in the order the server sent it.
enum InboundItem: Sendable {
    /// A `MESSAGE` whose body decoded into an event.
    case event(WellEvent)
    /// A `MESSAGE` whose body is not an event (`reason` says why): logged and dropped.
    case malformed(reason: String)
    /// The `RECEIPT` of an event barrier: everything before it has been applied once it is handled.
    case receipt(id: String)
    /// The subscription is in place (its `RECEIPT`, or the grace period passed without one).
    case subscribed
}

/// The hand-off from an event channel's reader to the client: ordered, batched and bounded.
///
/// The reader ``push(_:)``es what each WebSocket message held and reads on; the consumer
/// ``take()``s everything queued in one step, so the client is entered once per batch rather
/// than once per event, and while it works the next batch builds up. The reader waits while
/// ``limit`` items are queued, so a client that falls behind slows the reader down instead of
/// letting the queue grow. ``finish(_:)`` ends the queue: the consumer still gets everything
/// queued before it, then the end. Cancelling either side's task wakes it.
final class InboundQueue: Sendable {
    /// Why the queue ended, for the consumer after the last batch.
    enum End: Sendable {
        /// The producer is done (a replay ran out).
        case finished
        /// The connection ended with `error`.
        case failed(any Error)
    }

    private struct State {
        var items: [InboundItem] = []
        /// The consumer, waiting because nothing was queued.
        var consumer: UnsafeContinuation<Void, Never>?
        /// The producer, waiting because the queue was full.
        var producer: UnsafeContinuation<Void, Never>?
        var end: End?
        /// A side's task was cancelled: nobody waits any more.
        var cancelled = false
    }

    /// How many items may be queued before the producer waits.
    let limit: Int
    private let state = Mutex(State())

    /// A queue holding at most `limit` items before the producer waits (about 1,000 decoded
    /// events hold a few MiB at most).
    init(limit: Int = 1024) {
        self.limit = max(1, limit)
    }

    /// Queues `items` (in order, after everything queued before) and wakes the consumer; then
    /// waits while the queue is full. Ignored once the queue has ended.
    func push(_ items: [InboundItem]) async {
        guard !items.isEmpty else { return }
        let (consumer, full) = self.state.withLock { state -> (UnsafeContinuation<Void, Never>?, Bool) in
            guard state.end == nil, !state.cancelled else { return (nil, false) }
            if state.items.isEmpty {
                state.items = items
            } else {
                state.items.append(contentsOf: items)
            }
            defer { state.consumer = nil }
            return (state.consumer, state.items.count >= self.limit)
        }
        consumer?.resume()
        if full { await self.waitForRoom() }
    }

    /// Queues `items` as the last ones and ends the queue with `end`; the consumer gets them,
    /// then the end. Only the first end counts.
    func finish(_ end: End, after items: [InboundItem] = []) {
        let waiters = self.state.withLock { state -> [UnsafeContinuation<Void, Never>] in
            guard state.end == nil else { return [] }
            state.items.append(contentsOf: items)
            state.end = end
            defer {
                state.consumer = nil
                state.producer = nil
            }
            return [state.consumer, state.producer].compactMap { $0 }
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Everything queued, in order, waiting until something is; `nil` after the last batch
    /// once the queue ended with ``End/finished``.
    /// - Throws: the error of ``End/failed(_:)`` after the last batch; `CancellationError`
    ///   when the task is cancelled (what is queued then is not delivered).
    func take() async throws -> [InboundItem]? {
        while true {
            try Task.checkCancellation()
            enum Step {
                case items([InboundItem], UnsafeContinuation<Void, Never>?)
                case end(End)
                case cancelled
                case wait
            }
            let step = self.state.withLock { state -> Step in
                if state.cancelled { return .cancelled }
                if !state.items.isEmpty {
                    defer {
                        state.items = []
                        state.producer = nil
                    }
                    return .items(state.items, state.producer)
                }
                if let end = state.end { return .end(end) }
                return .wait
            }
            switch step {
            case .items(let items, let producer):
                producer?.resume()
                return items
            case .end(.finished):
                return nil
            case .end(.failed(let error)):
                throw error
            case .cancelled:
                throw CancellationError()
            case .wait:
                await self.wait(asConsumer: true)
            }
        }
    }

    /// Waits until the consumer took the queued items (or the queue ended, or cancellation).
    private func waitForRoom() async {
        await self.wait(asConsumer: false)
    }

    /// Parks the consumer or the producer until the other side (or cancellation) wakes it.
    /// Returns at once when there is already something to do.
    private func wait(asConsumer: Bool) async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let parked = self.state.withLock { state -> Bool in
                    if state.cancelled || state.end != nil { return false }
                    if asConsumer {
                        guard state.items.isEmpty else { return false }
                        state.consumer = continuation
                    } else {
                        guard state.items.count >= self.limit else { return false }
                        state.producer = continuation
                    }
                    return true
                }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            let waiters = self.state.withLock { state -> [UnsafeContinuation<Void, Never>] in
                state.cancelled = true
                defer {
                    state.consumer = nil
                    state.producer = nil
                }
                return [state.consumer, state.producer].compactMap { $0 }
            }
            for waiter in waiters { waiter.resume() }
        }
    }
}
