import Foundation

/// The history's times as text: ISO 8601 with the zone's offset out, dates and times in.
public enum HistoryDate {
    /// `2026-12-03T16:20:05+08:00` (whole seconds, the offset of `timeZone` at that instant,
    /// `+00:00` for UTC).
    public static func iso8601(_ date: Date, timeZone: TimeZone = .current) -> String {
        let c = Self.components(date, timeZone)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(c.date)T\(c.time)\(sign)\(Self.two(minutes / 60)):\(Self.two(minutes % 60))"
    }

    /// `2026-12-03 16:20` in `timeZone` (the table's time column).
    public static func short(_ date: Date, timeZone: TimeZone = .current) -> String {
        let c = Self.components(date, timeZone)
        return "\(c.date) \(c.time.prefix(5))"
    }

    /// Reads `--since`: a day `YYYY-MM-DD` (its midnight in `timeZone`), `YYYY-MM-DDTHH:MM[:SS]`
    /// (in `timeZone`), or either with `Z` or an offset `±HH:MM`.
    /// - Returns: the instant, or `nil` for anything else.
    public static func parse(_ text: String, timeZone: TimeZone = .current) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var zone = timeZone
        var body = Substring(text)
        if body.hasSuffix("Z") {
            zone = TimeZone(identifier: "UTC")!
            body = body.dropLast()
        } else if body.count > 10, let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }), body.distance(from: body.startIndex, to: signIndex) > 10 {
            let offsetText = body[body.index(after: signIndex)...].split(separator: ":")
            guard offsetText.count == 2, let h = Int(offsetText[0]), let m = Int(offsetText[1]), offsetText[0].count == 2, offsetText[1].count == 2,
                h < 24, m < 60, let offsetZone = TimeZone(secondsFromGMT: (h * 60 + m) * 60 * (body[signIndex] == "-" ? -1 : 1))
            else { return nil }
            zone = offsetZone
            body = body[..<signIndex]
        }
        let parts = body.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let day = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard day.count == 3, day[0].count == 4, day[1].count == 2, day[2].count == 2,
            let year = Int(day[0]), let month = Int(day[1]), let dayOfMonth = Int(day[2])
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 2 || time.count == 3, time.allSatisfy({ $0.count == 2 }),
                let h = Int(time[0]), let m = Int(time[1]), h < 24, m < 60
            else { return nil }
            hour = h
            minute = m
            if time.count == 3 {
                guard let s = Int(time[2]), s < 60 else { return nil }
                second = s
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: year, month: month, day: dayOfMonth, hour: hour, minute: minute, second: second)
        guard (1...12).contains(month), let date = calendar.date(from: wanted), calendar.component(.day, from: date) == dayOfMonth else {
            return nil
        }
        return date
    }

    private static func components(_ date: Date, _ timeZone: TimeZone) -> (date: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = String(c.year ?? 0)
        return (
            "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(c.month ?? 0))-\(two(c.day ?? 0))",
            "\(two(c.hour ?? 0)):\(two(c.minute ?? 0)):\(two(c.second ?? 0))"
        )
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
