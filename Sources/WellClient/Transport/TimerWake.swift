import Synchronization

/// A sleep that another task can end early: the event channel's timer sleeps until the
/// watchdog's next deadline, and whatever brings that deadline closer (the heart-beats agreed in
/// `CONNECTED`, a `SUBSCRIBE` whose receipt is awaited) or asks for action now (a link check's
/// kick) calls ``wake()``, so the timer need not look on a fixed period.
///
/// One task sleeps at a time. A ``wake()`` while nobody sleeps is kept and ends the next
/// ``sleep(until:)`` at once, so a wake between two sleeps is never lost.
final class TimerWake: Sendable {
    private struct State {
        /// A wake came while nobody slept.
        var pending = false
        /// The current sleep, ended early by cancelling it.
        var sleeper: Task<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    /// Whether a task sleeps now (tests wait for it before they wake it).
    var isSleeping: Bool { self.state.withLock { $0.sleeper != nil } }

    /// Ends the current sleep now, or the next one as soon as it starts.
    func wake() {
        let sleeper = self.state.withLock { state -> Task<Void, Never>? in
            guard let sleeper = state.sleeper else {
                state.pending = true
                return nil
            }
            state.sleeper = nil
            return sleeper
        }
        sleeper?.cancel()
    }

    /// Sleeps until `deadline` or a ``wake()``, whichever comes first.
    /// - Throws: `CancellationError` when the calling task is cancelled (the sleep ends then too).
    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let sleeper = Task<Void, Never> { try? await Task.sleep(until: deadline, clock: .continuous) }
        let woken = self.state.withLock { state -> Bool in
            if state.pending {
                state.pending = false
                return true
            }
            state.sleeper = sleeper
            return false
        }
        if woken { sleeper.cancel() }
        await withTaskCancellationHandler {
            await sleeper.value
        } onCancel: {
            sleeper.cancel()
        }
        self.state.withLock { state in
            if state.sleeper == sleeper { state.sleeper = nil }
        }
        try Task.checkCancellation()
    }
}
