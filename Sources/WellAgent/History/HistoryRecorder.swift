import Logging
import WellHistory

/// The agent's writer of the call history: rows go through a queue that one task drains in
/// order, so event handling only enqueues (``enqueue(_:)`` never suspends) and a slow disk never
/// delays a notification. A failed write is logged and dropped; it never stops the agent.
/// After each write that ended a call or removed calls, `onChange` runs (on the writer task, before the next
/// job), so whatever shows the history (the tray's recent calls, the panel) reads it afresh.
final class HistoryRecorder: Sendable {
    /// The store the rows go to (also read directly for the D-Bus methods).
    let store: HistoryStore
    private let continuation: AsyncStream<Job>.Continuation
    private let drained: Task<Void, Never>

    enum Job: Sendable {
        case write(HistoryTracker.Write)
        case prune(keepDays: Int, maxCalls: Int)
    }

    /// Starts the writer task on `store`.
    init(store: HistoryStore, logger: Logger, onChange: @escaping @Sendable () async -> Void = {}) {
        self.store = store
        let (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
        self.continuation = continuation
        self.drained = Task {
            for await job in jobs {
                var changed = false
                do {
                    switch job {
                    case .write(.save(let row)): changed = try await store.save(row) && row.outcome != nil
                    case .write(.closeAsUnknown(let callId)): changed = try await store.closeAsUnknown(callId)
                    case .prune(let days, let max):
                        let removed = try await store.prune(keepDays: days, maxCalls: max)
                        if removed > 0 { logger.info("history: pruned \(removed) calls (keepDays \(days), maxCalls \(max))") }
                        changed = removed > 0
                    }
                } catch {
                    logger.warning("history: write failed: \(error)")
                }
                if changed { await onChange() }
            }
        }
    }

    /// Queues writes (returns at once).
    func enqueue(_ writes: [HistoryTracker.Write]) {
        for write in writes { self.continuation.yield(.write(write)) }
    }

    /// Queues a prune (returns at once).
    func prune(keepDays: Int, maxCalls: Int) {
        self.continuation.yield(.prune(keepDays: keepDays, maxCalls: maxCalls))
    }

    /// Waits until everything queued so far is written. Nothing may be queued afterwards.
    func close() async {
        self.continuation.finish()
        await self.drained.value
    }
}
