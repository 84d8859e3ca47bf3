import Testing
import WellTestSupport
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

    /// Seeded random serials (many repeats, negative values, collisions in the hash table,
    /// windows of every size from 1): the table agrees with a plain list of the last serials.
    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func agreesWithAPlainWindow(capacity: Int) {
        var generator = SeededGenerator(seed: 0xDED0 + UInt64(capacity))
        var dedup = EventDeduplicator(capacity: capacity)
        var window: [Int] = []
        for step in 0..<20_000 {
            let serial: Int? =
                switch generator.next() % 10 {
                case 0: nil
                case 1: Int(truncatingIfNeeded: generator.next()) // anywhere, negative too
                case 2: Int(generator.next() % 8) * 4096 // the same home slot modulo the table size
                default: Int(generator.next() % UInt64(capacity * 3 + 5)) - 2
                }
            var expected = false
            if let serial {
                expected = window.contains(serial)
                if !expected {
                    window.append(serial)
                    if window.count > capacity { window.removeFirst() }
                }
            }
            let got = dedup.isDuplicate(serial)
            #expect(got == expected, "step \(step), serial \(serial.map(String.init) ?? "nil")")
            if got != expected { return }
        }
    }
}
