import Testing
import WellTestSupport

/// The test clock the reconnect rules run on: time moves only when advanced.
@Suite(.timeLimit(.minutes(1)))
struct ManualClockTests {
    @Test func nowMovesOnlyWhenAdvanced() {
        let clock = ManualClock()
        let start = clock.now
        #expect(clock.now == start)
        clock.advance(by: .seconds(30))
        #expect(start.duration(to: clock.now) == .seconds(30))
        clock.advance(to: start.advanced(by: .seconds(10)))
        #expect(start.duration(to: clock.now) == .seconds(30), "it never goes back")
    }

    @Test func aSleeperReturnsOnceTheClockReachesItsDeadline() async throws {
        let clock = ManualClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        async let slept: Void = clock.sleep(until: deadline, tolerance: nil)
        clock.advance(by: .seconds(5))
        try await slept
        #expect(clock.now == deadline)
    }

    @Test func aCancelledSleeperThrows() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(3600)), tolerance: nil) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
