import Testing
@testable import WellClient

struct EventDeduplicatorTests {
    /// Feeds serials in order; returns which were reported as duplicates.
    private func feed(_ dedup: inout EventDeduplicator, _ serials: [Int?]) -> [Bool] {
        serials.map { dedup.isDuplicate($0) }
    }

    @Test func repeatsWithinTheWindowAreDuplicates() {
        var dedup = EventDeduplicator()
        #expect(feed(&dedup, [10, 11, 10, 11, nil, nil]) == [false, false, true, true, false, false])
    }

    @Test func aLowerSerialAfterARestartIsNew() {
        var dedup = EventDeduplicator()
        let first = feed(&dedup, Array(5000..<5010))
        #expect(first.allSatisfy { !$0 })
        #expect(feed(&dedup, [1, 2, 1]) == [false, false, true])
    }

    @Test func onlyTheLastThousandAreRemembered() {
        var dedup = EventDeduplicator(capacity: 1000)
        let first = feed(&dedup, Array(0..<1000))
        #expect(first.allSatisfy { !$0 })
        // 0 is remembered; 1000 evicts 0; 0 is then new again (evicting 1); 999 is still remembered.
        #expect(feed(&dedup, [0, 1000, 0, 999, 1]) == [true, false, false, true, false])
    }
}
