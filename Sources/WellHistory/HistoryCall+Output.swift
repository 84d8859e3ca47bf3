import Foundation

extension HistoryCall {
    /// The JSON object of the `history --json` lines and of the D-Bus `History` method, with
    /// exactly the keys `callId`, `direction`, `number`, `queue`, `startedAt`, `answeredAt`,
    /// `endedAt` (ISO 8601 with offset, `null` when unknown), `durationSeconds` (`null` when
    /// unknown) and `outcome` (`null` while the call is up).
    public struct JSON: Sendable, Equatable, Codable {
        /// The call id.
        public var callId: String
        /// `inbound`, `outbound` or `internal`.
        public var direction: String
        /// The bare number.
        public var number: String
        /// The queue, or `null`.
        public var queue: String?
        /// ISO 8601 with offset.
        public var startedAt: String
        /// ISO 8601 with offset, or `null`.
        public var answeredAt: String?
        /// ISO 8601 with offset, or `null`.
        public var endedAt: String?
        /// Talk time in seconds, or `null`.
        public var durationSeconds: Int?
        /// The ``CallOutcome`` raw value, or `null` while up.
        public var outcome: String?

        /// Encodes every key, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.callId, forKey: .callId)
            try c.encode(self.direction, forKey: .direction)
            try c.encode(self.number, forKey: .number)
            try c.encode(self.queue, forKey: .queue)
            try c.encode(self.startedAt, forKey: .startedAt)
            try c.encode(self.answeredAt, forKey: .answeredAt)
            try c.encode(self.endedAt, forKey: .endedAt)
            try c.encode(self.durationSeconds, forKey: .durationSeconds)
            try c.encode(self.outcome, forKey: .outcome)
        }
    }

    /// The JSON object of this row, times in `timeZone`.
    public func json(timeZone: TimeZone = .current) -> JSON {
        JSON(
            callId: self.callId, direction: self.direction.rawValue, number: self.number, queue: self.queue,
            startedAt: HistoryDate.iso8601(self.startedAt, timeZone: timeZone),
            answeredAt: self.answeredAt.map { HistoryDate.iso8601($0, timeZone: timeZone) },
            endedAt: self.endedAt.map { HistoryDate.iso8601($0, timeZone: timeZone) }, durationSeconds: self.durationSeconds,
            outcome: self.outcome?.rawValue)
    }

    /// One line of `history --json`: the JSON object, keys sorted, no newline.
    public func jsonLine(timeZone: TimeZone = .current) -> String {
        Self.encode(self.json(timeZone: timeZone))
    }

    /// `calls` as one JSON array (the D-Bus `History` answer).
    public static func jsonArray(_ calls: [HistoryCall], timeZone: TimeZone = .current) -> String {
        Self.encode(calls.map { $0.json(timeZone: timeZone) })
    }

    /// The `history` table: a header, then per call its time, direction, number, outcome and
    /// talk time (`m:ss`), newest first as given.
    public static func table(_ calls: [HistoryCall], timeZone: TimeZone = .current) -> String {
        let rows = calls.map { call -> [String] in
            let duration = call.durationSeconds.map { "\($0 / 60):\($0 % 60 < 10 ? "0" : "")\($0 % 60)" } ?? "-"
            return [
                HistoryDate.short(call.startedAt, timeZone: timeZone), call.direction.rawValue, call.number,
                call.outcome?.rawValue ?? "in progress", duration,
            ]
        }
        let header = ["TIME", "DIRECTION", "NUMBER", "OUTCOME", "DURATION"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
