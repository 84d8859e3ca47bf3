import Foundation
import GRDBSQLite
import WellHistory

/// The call history at scale: a file of `rows` calls (one in ten missed), then the queries of
/// `wellclient history --limit 50` and `--missed` timed through the store, beside the same SQL
/// run raw through the SQLite C API on the same file in the same run, the commands themselves
/// (child processes, beside `wellclient-agent --version` as the process-start baseline), and the
/// store's cost of writing a call (an open row, its answer, its end).
struct HistoryBenchmarks {
    let rows: Int
    let runs: Int
    let wellclient: String?

    func run() async throws {
        let root = NSTemporaryDirectory() + "wellbench-history-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/wellclient/history.sqlite"
        try HistoryStore(path: path).close()
        let fill = try Self.time { try Self.bulkInsert(path: path, rows: rows) }
        Figures.line("rows written (one transaction, C API)", "\(rows) in \(String(format: "%.0f ms", fill * 1000))")
        let store = try HistoryStore(path: path)

        // The same SQL as the store's `recent(limit:)` and `missed(limit:)`.
        let recentSQL = """
            SELECT callId, direction, placedHere, number, queue, startedAt, answeredAt, endedAt, outcome, endedBy, callData, seen \
            FROM calls WHERE outcome IS NOT NULL AND startedAt >= ?1 ORDER BY startedAt DESC, id DESC LIMIT 50
            """
        let missedSQL = recentSQL.replacingOccurrences(of: "outcome IS NOT NULL", with: "outcome = 'missed'")
        var storeRecent: [Double] = []
        var storeMissed: [Double] = []
        var rawRecent: [Double] = []
        var rawMissed: [Double] = []
        var sink = 0
        for _ in 0..<runs {
            storeRecent.append(try await Self.timeAsync { sink &+= try await store.recent(limit: 50).count })
            storeMissed.append(try await Self.timeAsync { sink &+= try await store.missed(limit: 50).count })
            rawRecent.append(try Self.time { sink &+= try Self.rawQuery(path: path, sql: recentSQL) })
            rawMissed.append(try Self.time { sink &+= try Self.rawQuery(path: path, sql: missedSQL) })
        }
        guard sink == runs * 200 else { throw SQLiteFailure(description: "expected 50 rows per query, read \(sink) in all") }
        Figures.line("recent(limit: 50), store (open pool, median)", Self.ms(storeRecent))
        Figures.line("  same SQL raw, C API (open + query + close)", Self.ms(rawRecent))
        Figures.line("missed(limit: 50), store (median)", Self.ms(storeMissed))
        Figures.line("  same SQL raw, C API (open + query + close)", Self.ms(rawMissed))

        if let wellclient {
            let environment = ["XDG_DATA_HOME": root, "HOME": root, "PATH": "/usr/bin:/bin"]
            // `history` runs in the full command line (the thin `wellclient` becomes it): its start is the baseline.
            let full = (wellclient as NSString).deletingLastPathComponent + "/wellclient-agent"
            var version: [Double] = []
            var limit: [Double] = []
            var missed: [Double] = []
            for _ in 0..<max(5, runs / 5) {
                version.append(try Self.time { try Self.runProcess(full, ["--version"], environment) })
                limit.append(try Self.time { try Self.runProcess(wellclient, ["history", "--limit", "50"], environment) })
                missed.append(try Self.time { try Self.runProcess(wellclient, ["history", "--missed", "--limit", "50"], environment) })
            }
            Figures.line("`wellclient history --limit 50` (process, median)", Self.ms(limit))
            Figures.line("`wellclient history --missed --limit 50` (median)", Self.ms(missed))
            Figures.line("  baseline: `wellclient-agent --version` (its process start)", Self.ms(version))
        } else {
            Figures.say("  commands skipped: no wellclient next to wellbench and no WELLBENCH_WELLCLIENT")
        }

        // Writing: what the agent's writer does per call (open row, answer, end: three saves).
        let calls = max(100, runs * 10)
        let start = Date()
        let written = try await Self.timeAsync {
            for i in 0..<calls {
                var row = HistoryCall(
                    callId: "bench-\(i)", direction: .inbound, placedHere: false, number: "13800138000", startedAt: start)
                try await store.save(row)
                row.answeredAt = start.addingTimeInterval(2)
                try await store.save(row)
                row.endedAt = start.addingTimeInterval(60)
                row.outcome = .answered
                try await store.save(row)
            }
        }
        Figures.line(
            "insert cost per call (3 saves, WAL, \(calls) calls)",
            String(format: "%.3f ms per call (%.3f ms per save)", written * 1000 / Double(calls), written * 1000 / Double(calls * 3)))
        let pruned = try await Self.timeAsync { _ = try await store.prune(keepDays: 90, maxCalls: 10_000) }
        Figures.line("prune to 10,000 calls from \(rows + calls)", String(format: "%.0f ms", pruned * 1000))
        try store.close()
    }

    // MARK: - helpers

    static func ms(_ samples: [Double]) -> String {
        let sorted = samples.sorted()
        return String(
            format: "%.2f ms (min %.2f, max %.2f, %d runs)", sorted[sorted.count / 2] * 1000, (sorted.first ?? .nan) * 1000,
            (sorted.last ?? .nan) * 1000, sorted.count)
    }

    static func time(_ body: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try body()
        return Figures.seconds(ContinuousClock.now - start)
    }

    static func timeAsync(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        return Figures.seconds(ContinuousClock.now - start)
    }

    struct SQLiteFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// `rows` ended calls over the last 60 days, one in ten missed (half of those unseen).
    static func bulkInsert(path: String, rows: Int) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw SQLiteFailure(description: "open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "BEGIN", nil, nil, nil)
        var statement: OpaquePointer?
        let sql = """
            INSERT INTO calls (callId, direction, placedHere, number, queue, startedAt, answeredAt, endedAt, outcome, endedBy, callData, seen) \
            VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8, ?4, NULL, ?9)
            """
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw SQLiteFailure(description: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let now = Date().timeIntervalSince1970
        for i in 0..<rows {
            let missed = i % 10 == 0
            let started = now - Double(rows - i) * (60 * 86_400 / Double(rows))
            sqlite3_bind_text(statement, 1, "call-\(i)", -1, transient)
            sqlite3_bind_text(statement, 2, i % 3 == 0 ? "outbound" : "inbound", -1, transient)
            sqlite3_bind_int(statement, 3, i % 3 == 0 ? 1 : 0)
            sqlite3_bind_text(statement, 4, "1380013\(String(format: "%04d", i % 10_000))", -1, transient)
            sqlite3_bind_double(statement, 5, started)
            if missed { sqlite3_bind_null(statement, 6) } else { sqlite3_bind_double(statement, 6, started + 5) }
            sqlite3_bind_double(statement, 7, started + 65)
            sqlite3_bind_text(statement, 8, missed ? "missed" : "answered", -1, transient)
            sqlite3_bind_int(statement, 9, missed && i % 20 == 0 ? 0 : 1)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw SQLiteFailure(description: String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(statement)
        }
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
    }

    /// Opens the file read-only, runs `sql` (bound to -∞ as `?1`), reads every column of every
    /// row, closes; returns the row count.
    static func rawQuery(path: String, sql: String) throws -> Int {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw SQLiteFailure(description: "open \(path)") }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw SQLiteFailure(description: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_double(statement, 1, -Double.greatestFiniteMagnitude)
        var count = 0
        var bytes = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            for column in 0..<sqlite3_column_count(statement) {
                if let text = sqlite3_column_text(statement, column) { bytes += strlen(text) }
                bytes += Int(sqlite3_column_double(statement, column))
            }
            count += 1
        }
        return bytes >= 0 ? count : 0
    }

    /// Runs a child process to its end (output discarded); throws unless it exits 0.
    static func runProcess(_ executable: String, _ arguments: [String], _ environment: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SQLiteFailure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
