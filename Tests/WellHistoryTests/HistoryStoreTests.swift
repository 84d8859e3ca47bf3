import DesktopTestSupport
import Foundation
import Testing
import WellHistory

/// The store against a real SQLite file in a temporary folder.
@Suite struct HistoryStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func call(_ id: String, at offset: Double, outcome: CallOutcome?, placedHere: Bool = false, seen: Bool = true) -> HistoryCall {
        HistoryCall(
            callId: id, direction: placedHere ? .outbound : .inbound, placedHere: placedHere, number: "13800138000", queue: nil,
            startedAt: t0.addingTimeInterval(offset), answeredAt: outcome == .answered ? t0.addingTimeInterval(offset + 5) : nil,
            endedAt: outcome == nil ? nil : t0.addingTimeInterval(offset + 65), outcome: outcome, seen: seen)
    }

    static func withStore(_ body: (HistoryStore, TemporaryHome) async throws -> Void) async throws {
        let home = try TemporaryHome(label: "history")
        defer { home.remove() }
        let store = try HistoryStore(path: home.dataHome + "/wellclient/history.sqlite")
        try await body(store, home)
    }

    @Test func fileIsPrivateAndInWALMode() async throws {
        try await Self.withStore { store, home in
            try await store.save(Self.call("c1", at: 0, outcome: .answered))
            let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let folder = try FileManager.default.attributesOfItem(atPath: home.dataHome + "/wellclient")
            #expect((folder[.posixPermissions] as? Int) == 0o700)
            #expect(FileManager.default.fileExists(atPath: store.path + "-wal"))
            let wal = try FileManager.default.attributesOfItem(atPath: store.path + "-wal")
            #expect((wal[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func newestFirstWithLimitAndSince() async throws {
        try await Self.withStore { store, _ in
            for i in 0..<10 { try await store.save(Self.call("c\(i)", at: Double(i) * 100, outcome: .answered)) }
            try await store.save(Self.call("open", at: 2_000, outcome: nil))
            let recent = try await store.recent(limit: 3)
            #expect(recent.map(\.callId) == ["c9", "c8", "c7"])
            let since = try await store.recent(limit: 50, since: Self.t0.addingTimeInterval(750))
            #expect(since.map(\.callId) == ["c9", "c8"])
            #expect(recent[0].durationSeconds == 60)
        }
    }

    @Test func anEndedCallIsNeverWrittenAgain() async throws {
        try await Self.withStore { store, _ in
            var open = Self.call("c1", at: 0, outcome: nil)
            #expect(try await store.save(open))
            open.answeredAt = Self.t0.addingTimeInterval(3)
            #expect(try await store.save(open))
            var ended = open
            ended.endedAt = Self.t0.addingTimeInterval(30)
            ended.outcome = .answered
            #expect(try await store.save(ended))
            var again = ended
            again.outcome = .missed
            again.endedAt = Self.t0.addingTimeInterval(99)
            #expect(try await !store.save(again))
            let rows = try await store.recent(limit: 10)
            #expect(rows.count == 1)
            #expect(rows[0].outcome == .answered)
            #expect(rows[0].durationSeconds == 27)
        }
    }

    @Test func missedCountSurvivesReopenAndClearsWhenSeen() async throws {
        let home = try TemporaryHome(label: "history")
        defer { home.remove() }
        let path = home.dataHome + "/wellclient/history.sqlite"
        do {
            let store = try HistoryStore(path: path)
            try await store.save(Self.call("m1", at: 0, outcome: .missed, seen: false))
            try await store.save(Self.call("m2", at: 10, outcome: .missed, seen: false))
            try await store.save(Self.call("a1", at: 20, outcome: .answered))
            #expect(try await store.missedCount() == 2)
            try store.close()
        }
        let store = try HistoryStore(path: path)
        #expect(try await store.missedCount() == 2)
        #expect(try await store.missed().map(\.callId) == ["m2", "m1"])
        #expect(try await store.markMissedSeen() == 2)
        #expect(try await store.missedCount() == 0)
        #expect(try await store.missed().count == 2)
    }

    @Test func pruneKeepsDaysAndCountButNeverOpenCalls() async throws {
        try await Self.withStore { store, _ in
            let day = 86_400.0
            for i in 0..<6 { try await store.save(Self.call("d\(i)", at: -Double(i) * day - 1, outcome: .answered)) }
            try await store.save(Self.call("old-open", at: -30 * day, outcome: nil))
            let now = Self.t0
            #expect(try await store.prune(keepDays: 3, maxCalls: 100, now: now) == 3)
            #expect(try await store.recent(limit: 10).map(\.callId) == ["d0", "d1", "d2"])
            #expect(try await store.prune(keepDays: 3, maxCalls: 2, now: now) == 1)
            #expect(try await store.recent(limit: 10).map(\.callId) == ["d0", "d1"])
            #expect(try await store.openCalls().map(\.callId) == ["old-open"])
            #expect(try await store.clear() == 3)
            #expect(try await store.recent(limit: 10).isEmpty)
        }
    }

    @Test func openCallsCloseAsUnknown() async throws {
        try await Self.withStore { store, _ in
            try await store.save(Self.call("up", at: 0, outcome: nil))
            #expect(try await store.closeAsUnknown("up"))
            #expect(try await !store.closeAsUnknown("up"))
            let row = try #require(try await store.call("up"))
            #expect(row.outcome == .unknown)
            #expect(row.endedAt == nil)
            #expect(row.durationSeconds == nil)
            #expect(try await store.openCalls().isEmpty)
        }
    }

    @Test func aCorruptFileIsMovedAsideAndANewOneStarted() async throws {
        let home = try TemporaryHome(label: "history")
        defer { home.remove() }
        let folder = home.dataHome + "/wellclient"
        let path = folder + "/history.sqlite"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let junk = Data(repeating: 0x5A, count: 8192)
        try junk.write(to: URL(fileURLWithPath: path))
        let opening = HistoryStore.openRecovering(at: path, now: Date(timeIntervalSince1970: 1_780_000_000))
        let store = try #require(opening.store)
        #expect(opening.problem != nil)
        #expect(opening.movedAside == path + ".corrupt-20260528-202640")
        #expect(try Data(contentsOf: URL(fileURLWithPath: try #require(opening.movedAside))) == junk)
        try await store.save(Self.call("c1", at: 0, outcome: .answered))
        #expect(try await store.recent(limit: 5).count == 1)
        // A sound file is opened as it is.
        try store.close()
        let again = HistoryStore.openRecovering(at: path)
        #expect(again.movedAside == nil)
        #expect(again.problem == nil)
        #expect(try await again.store?.recent(limit: 5).count == 1)
    }

    @Test func concurrentReadersSeeCommittedRowsWhileAWriterWrites() async throws {
        try await Self.withStore { store, _ in
            let reader = try HistoryStore(path: store.path)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for i in 0..<200 { try await store.save(Self.call("w\(i)", at: Double(i), outcome: .answered)) }
                }
                group.addTask {
                    var last = 0
                    while last < 200 {
                        let rows = try await reader.recent(limit: 500)
                        #expect(rows.count >= last)
                        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.startedAt >= $1.startedAt })
                        last = rows.count
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
