import Testing
@testable import WellClient

/// The event channel's timer sleeps until the watchdog's next deadline, however far; what has to
/// happen sooner wakes it. Every sleep here is an hour long, so a test that ends at all shows that
/// the wake (or the cancellation) ended the sleep.
@Suite("TimerWake: a sleep that inputs end early", .timeLimit(.minutes(1)))
struct TimerWakeTests {
    static func anHourFromNow() -> ContinuousClock.Instant { ContinuousClock.now.advanced(by: .seconds(3600)) }

    @Test("a wake while the timer sleeps ends the sleep")
    func wakeDuringSleep() async throws {
        let timer = TimerWake()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await timer.sleep(until: Self.anHourFromNow()) }
            while !timer.isSleeping { await Task.yield() }
            timer.wake()
            try await group.next()
        }
        #expect(!timer.isSleeping)
    }

    @Test("a wake before the sleep is kept: the next sleep returns at once")
    func wakeBeforeSleepIsKept() async throws {
        let timer = TimerWake()
        timer.wake()
        try await timer.sleep(until: Self.anHourFromNow())
    }

    @Test("cancelling the sleeping task ends the sleep with CancellationError")
    func cancellation() async throws {
        let timer = TimerWake()
        let task = Task { try await timer.sleep(until: Self.anHourFromNow()) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
