import Synchronization

/// A one-shot signal: ``open()`` once, ``wait(timeout:)`` from anywhere (before or after).
final class Latch: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Whether ``open()`` was called.
    var isOpen: Bool { self.state.withLock { $0.isOpen } }

    /// Opens the latch and wakes every waiter.
    func open() {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            guard !state.isOpen else { return [] }
            state.isOpen = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Waits until the latch opens (`true`) or the task is cancelled (`false`).
    func wait() async -> Bool {
        let id = self.state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let resumeNow: Bool? = self.state.withLock { state in
                    if state.isOpen { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let resumeNow { continuation.resume(returning: resumeNow) }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
    }

    /// Waits until the latch opens (`true`) or `timeout` passes (`false`).
    func wait(timeout: Duration) async -> Bool {
        if self.isOpen { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

/// Runs `work` until it finishes or `stop` opens (then `work` is cancelled).
func runUntil(_ work: @escaping @Sendable () async -> Void, until stop: Latch) async {
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await work() }
        group.addTask { _ = await stop.wait() }
        _ = await group.next()
        group.cancelAll()
    }
}
