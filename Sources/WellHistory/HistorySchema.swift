import Foundation
import GRDB

/// The file's schema, as GRDB migrations from the first version on. A migration, once shipped,
/// is never edited: a change is a new migration appended here.
enum HistorySchema {
    /// The migrations, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: calls") { db in
            try db.execute(
                sql: """
                    CREATE TABLE calls (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        callId TEXT NOT NULL UNIQUE,
                        direction TEXT NOT NULL,
                        placedHere INTEGER NOT NULL,
                        number TEXT NOT NULL,
                        queue TEXT,
                        startedAt REAL NOT NULL,
                        answeredAt REAL,
                        endedAt REAL,
                        outcome TEXT,
                        endedBy TEXT,
                        callData TEXT,
                        seen INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE INDEX calls_by_start ON calls(startedAt, id);
                    CREATE INDEX calls_missed_by_start ON calls(startedAt, id) WHERE outcome = 'missed';
                    CREATE INDEX calls_missed_unseen ON calls(seen) WHERE outcome = 'missed' AND seen = 0;
                    """)
        }
        return migrator
    }

    /// The columns of a row, in the order ``HistoryCall/init(row:)`` reads them.
    static let columns =
        "callId, direction, placedHere, number, queue, startedAt, answeredAt, endedAt, outcome, endedBy, callData, seen"
}

extension HistoryCall {
    /// Reads a row selected with ``HistorySchema/columns``. An unknown direction or outcome
    /// (a file written by a newer version) reads as `internal` / `unknown` rather than failing.
    init(row: Row) {
        self.init(
            callId: row[0],
            direction: CallDirection(rawValue: row[1]) ?? .internal,
            placedHere: row[2],
            number: row[3],
            queue: row[4],
            startedAt: Date(timeIntervalSince1970: row[5]),
            answeredAt: (row[6] as Double?).map { Date(timeIntervalSince1970: $0) },
            endedAt: (row[7] as Double?).map { Date(timeIntervalSince1970: $0) },
            outcome: (row[8] as String?).map { CallOutcome(rawValue: $0) ?? .unknown },
            endedBy: row[9],
            callData: row[10],
            seen: row[11])
    }

    /// The values for the columns of ``HistorySchema/columns``, in order.
    var arguments: StatementArguments {
        [
            self.callId, self.direction.rawValue, self.placedHere, self.number, self.queue, self.startedAt.timeIntervalSince1970,
            self.answeredAt?.timeIntervalSince1970, self.endedAt?.timeIntervalSince1970, self.outcome?.rawValue, self.endedBy,
            self.callData, self.seen,
        ]
    }
}
