import Synchronization

/// A one-shot answer to a notification prompt: the first ``resolve(_:)`` wins; ``wait()``
/// returns it (nil when cancelled, dismissed or timed out).
final class PromptAnswer: Sendable {
    private struct State {
        var answer: String??
        var waiter: CheckedContinuation<String?, Never>?
    }

    private let state = Mutex(State())

    /// Delivers `answer` (nil = no answer) unless one was delivered already.
    func resolve(_ answer: String?) {
        let waiter: CheckedContinuation<String?, Never>? = state.withLock { state in
            guard state.answer == nil else { return nil }
            state.answer = .some(answer)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: answer)
    }

    /// Suspends until an answer arrives or the task is cancelled (then nil).
    func wait() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready: String?? = state.withLock { state in
                    if let answer = state.answer { return .some(answer) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            resolve(nil)
        }
    }

    /// Waits at most `timeout` for the answer.
    func wait(timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.resolve(nil)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
