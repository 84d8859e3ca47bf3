import Testing
@testable import WellClient
import WellTestSupport

struct ReconnectPolicyTests {
    @Test func backoffDoublesFromOneToThirtySeconds() {
        let policy = ReconnectPolicy.default
        #expect(policy.baseDelay(attempt: 1) == .seconds(1))
        #expect(policy.baseDelay(attempt: 2) == .seconds(2))
        #expect(policy.baseDelay(attempt: 5) == .seconds(16))
        #expect(policy.baseDelay(attempt: 6) == .seconds(30))
        #expect(policy.baseDelay(attempt: 100) == .seconds(30))
    }

    @Test func jitterStaysWithinTwentyPercent() {
        let policy = ReconnectPolicy.default
        var generator = SeededGenerator(seed: 0x5EED)
        for attempt in 1...10 {
            let base = policy.baseDelay(attempt: attempt).seconds
            for _ in 0..<50 {
                let seeded = policy.delay(attempt: attempt, using: &generator).seconds
                #expect(seeded >= base * 0.8 - 1e-9 && seeded <= base * 1.2 + 1e-9)
                let system = policy.delay(attempt: attempt).seconds
                #expect(system >= base * 0.8 - 1e-9 && system <= base * 1.2 + 1e-9)
            }
        }
    }

    @Test func foreverByDefaultAndLimitedWhenSet() {
        #expect(ReconnectPolicy.default.allowsAttempt(after: 1_000_000))
        let limited = ReconnectPolicy(maxAttempts: 3)
        #expect(limited.allowsAttempt(after: 2))
        #expect(!limited.allowsAttempt(after: 3))
    }
}
