import Foundation
import GRDB

/// The call history: one SQLite file (`$XDG_DATA_HOME/wellclient/history.sqlite`, mode 0600, WAL)
/// read and written through GRDB.
///
/// Safe to share between tasks and processes: the agent writes while `wellclient history` reads
/// (WAL lets readers run beside the writer; a writer waits up to 5 s for another). Every method
/// suspends on GRDB's own queues, never on the Swift concurrency pool's threads.
///
/// - Rows: one per call id (``HistoryCall``). ``save(_:)`` writes a call while it is up and when
///   it ends; a call already ended is never written again, so a call seen again after a
///   reconnect or a restart is not counted twice.
/// - Reading, newest first: ``recent(limit:since:)``, ``missed(since:limit:)``,
///   ``missedCount()``, ``markMissedSeen()``.
/// - Housekeeping: ``prune(keepDays:maxCalls:now:)``, ``clear()``, ``openCalls()``,
///   ``closeAsUnknown(_:)``.
public final class HistoryStore: Sendable {
    /// The file.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating when absent) the file at `path` and brings its schema up to date. The
    /// folder is created mode 0700, the file mode 0600 (SQLite gives its `-wal` and `-shm` files
    /// the file's mode).
    /// - Throws: a `DatabaseError` or a file error when the file cannot be opened or is not a
    ///   history file (see ``openRecovering(at:now:)``).
    public init(path: String) throws {
        self.path = path
        try Self.preparePrivateFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "wellclient.history"
        self.pool = try DatabasePool(path: path, configuration: configuration)
        do {
            try HistorySchema.migrator.migrate(self.pool)
        } catch {
            try? self.pool.close()
            throw error
        }
    }

    /// What ``openRecovering(at:now:)`` did.
    public struct Opening: Sendable {
        /// The store, `nil` when even a new file could not be made.
        public var store: HistoryStore?
        /// Where a corrupt or unreadable file was moved (`history.sqlite.corrupt-<time>`), if one was.
        public var movedAside: String?
        /// Why the file could not be used (the first error), if it could not.
        public var problem: String?
    }

    /// Opens the file at `path` and checks it (`PRAGMA quick_check`). A file that is corrupt or
    /// cannot be opened is renamed aside in the same folder, `<name>.corrupt-<yyyyMMdd-HHmmss>`
    /// (with its `-wal` and `-shm`), and a new one is started. Never throws: the caller logs
    /// ``Opening/problem`` and runs on, without history when ``Opening/store`` is `nil`.
    /// - Parameters:
    ///   - path: the file.
    ///   - now: the time that names the renamed file.
    public static func openRecovering(at path: String, now: Date = Date()) -> Opening {
        let firstProblem: String
        do {
            let store = try HistoryStore(path: path)
            let verdict = try store.pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            if verdict == ["ok"] { return Opening(store: store) }
            try? store.pool.close()
            firstProblem = "integrity check failed: \(verdict.prefix(3).joined(separator: "; "))"
        } catch {
            firstProblem = "\(error)"
        }
        let aside = path + ".corrupt-" + Self.stamp(now)
        do {
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
        } catch {
            return Opening(store: nil, movedAside: nil, problem: "\(firstProblem); cannot move it aside: \(error)")
        }
        do {
            return Opening(store: try HistoryStore(path: path), movedAside: aside, problem: firstProblem)
        } catch {
            return Opening(store: nil, movedAside: aside, problem: "\(firstProblem); a new file failed too: \(error)")
        }
    }

    /// Closes the file (the store is unusable afterwards).
    public func close() throws {
        try self.pool.close()
    }

    // MARK: - writing

    /// Writes `call`: inserts it, or updates the stored row while that row is still open
    /// (``HistoryCall/outcome`` `nil`). A row that has ended is left as it is.
    /// - Returns: whether a row was inserted or changed.
    @discardableResult
    public func save(_ call: HistoryCall) async throws -> Bool {
        try await self.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO calls (\(HistorySchema.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(callId) DO UPDATE SET
                        direction = excluded.direction, placedHere = excluded.placedHere, number = excluded.number,
                        queue = excluded.queue, startedAt = excluded.startedAt, answeredAt = excluded.answeredAt,
                        endedAt = excluded.endedAt, outcome = excluded.outcome, endedBy = excluded.endedBy,
                        callData = excluded.callData, seen = excluded.seen
                    WHERE calls.outcome IS NULL
                    """, arguments: call.arguments)
            return db.changesCount > 0
        }
    }

    /// Closes the still-open row of `callId` as ``CallOutcome/unknown`` (no end time).
    /// - Returns: whether an open row was closed.
    @discardableResult
    public func closeAsUnknown(_ callId: String) async throws -> Bool {
        try await self.pool.write { db in
            try db.execute(sql: "UPDATE calls SET outcome = 'unknown' WHERE callId = ? AND outcome IS NULL", arguments: [callId])
            return db.changesCount > 0
        }
    }

    /// Deletes ended calls older than `keepDays` days, then the oldest ended calls beyond
    /// `maxCalls`. Calls still up are kept.
    /// - Returns: how many rows went.
    @discardableResult
    public func prune(keepDays: Int, maxCalls: Int, now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(keepDays) * 86_400).timeIntervalSince1970
        return try await self.pool.write { db in
            try db.execute(sql: "DELETE FROM calls WHERE outcome IS NOT NULL AND startedAt < ?", arguments: [cutoff])
            var removed = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM calls WHERE id IN (
                        SELECT id FROM calls WHERE outcome IS NOT NULL ORDER BY startedAt DESC, id DESC LIMIT -1 OFFSET ?)
                    """, arguments: [max(0, maxCalls)])
            removed += db.changesCount
            return removed
        }
    }

    /// Deletes every row.
    /// - Returns: how many rows went.
    @discardableResult
    public func clear() async throws -> Int {
        try await self.pool.write { db in
            try db.execute(sql: "DELETE FROM calls")
            return db.changesCount
        }
    }

    /// Marks every missed call seen: ``missedCount()`` is 0 afterwards.
    /// - Returns: how many were unseen.
    @discardableResult
    public func markMissedSeen() async throws -> Int {
        try await self.pool.write { db in
            try db.execute(sql: "UPDATE calls SET seen = 1 WHERE outcome = 'missed' AND seen = 0")
            return db.changesCount
        }
    }

    // MARK: - reading

    /// Ended calls, newest first.
    /// - Parameters:
    ///   - limit: at most this many.
    ///   - since: only calls started at or after this time.
    public func recent(limit: Int, since: Date? = nil) async throws -> [HistoryCall] {
        try await self.select(where: "outcome IS NOT NULL", since: since, limit: limit)
    }

    /// Missed calls (seen or not), newest first.
    /// - Parameters:
    ///   - since: only calls started at or after this time.
    ///   - limit: at most this many.
    public func missed(since: Date? = nil, limit: Int = Int.max) async throws -> [HistoryCall] {
        try await self.select(where: "outcome = 'missed'", since: since, limit: limit)
    }

    /// How many missed calls the user has not seen yet (see ``markMissedSeen()``).
    public func missedCount() async throws -> Int {
        try await self.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calls WHERE outcome = 'missed' AND seen = 0") ?? 0
        }
    }

    /// The rows of calls still up (written when they started, never ended): after a restart,
    /// the agent finishes them from what the server reports, or closes them as unknown.
    public func openCalls() async throws -> [HistoryCall] {
        try await self.select(where: "outcome IS NULL", since: nil, limit: Int.max)
    }

    /// The row of `callId`, ended or not.
    public func call(_ callId: String) async throws -> HistoryCall? {
        try await self.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(HistorySchema.columns) FROM calls WHERE callId = ?", arguments: [callId])
                .map(HistoryCall.init(row:))
        }
    }

    private func select(where condition: String, since: Date?, limit: Int) async throws -> [HistoryCall] {
        let from = since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
        let limit = max(0, min(limit, Int(Int64.max)))
        return try await self.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(HistorySchema.columns) FROM calls WHERE \(condition) AND startedAt >= ?
                    ORDER BY startedAt DESC, id DESC LIMIT ?
                    """, arguments: [from, limit]
            ).map(HistoryCall.init(row:))
        }
    }

    // MARK: - the file

    /// Creates the folder (0700) and an empty file (0600) when absent; makes an existing file 0600.
    private static func preparePrivateFile(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// `yyyyMMdd-HHmmss` in UTC.
    private static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second))"
    }
}
