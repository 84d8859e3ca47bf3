/// A TOML date-time value: an offset date-time (`1979-05-27T07:32:00Z`), a local date-time
/// (`1979-05-27T07:32:00`), a local date (`1979-05-27`) or a local time (`07:32:00.5`).
///
/// Fractional seconds are kept to the nanosecond; further digits are dropped (TOML allows
/// truncating beyond the precision an implementation keeps).
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
    /// Which of the four forms the value has; the raw value is its TOML type name.
    public enum Kind: String, Sendable {
        /// A date, a time and an offset from UTC.
        case offsetDateTime = "offset date-time"
        /// A date and a time, no offset.
        case localDateTime = "local date-time"
        /// A date only.
        case localDate = "local date"
        /// A time only.
        case localTime = "local time"
    }

    /// A calendar date.
    public struct Date: Sendable, Hashable {
        /// The year, 0…9999.
        public var year: Int
        /// The month, 1…12.
        public var month: Int
        /// The day of the month, 1…31 (as the month and year allow).
        public var day: Int
    }

    /// A time of day.
    public struct Time: Sendable, Hashable {
        /// 0…23.
        public var hour: Int
        /// 0…59.
        public var minute: Int
        /// 0…60 (60 for a leap second).
        public var second: Int
        /// 0…999,999,999.
        public var nanosecond: Int
    }

    /// The date, absent for a local time.
    public var date: Date?
    /// The time, absent for a local date.
    public var time: Time?
    /// Minutes east of UTC (`Z` is 0), present only with a date and a time.
    public var offsetMinutes: Int?

    /// The form of the value.
    public var kind: Kind {
        switch (self.date, self.time, self.offsetMinutes) {
        case (.some, .some, .some): .offsetDateTime
        case (.some, .some, .none): .localDateTime
        case (.some, .none, _): .localDate
        default: .localTime
        }
    }

    /// The value in RFC 3339 form (`T` between date and time, `Z` for a zero offset).
    public var description: String {
        var parts: [String] = []
        if let date = self.date {
            parts.append("\(Self.digits(date.year, 4))-\(Self.digits(date.month, 2))-\(Self.digits(date.day, 2))")
        }
        if let time = self.time {
            var text = "\(Self.digits(time.hour, 2)):\(Self.digits(time.minute, 2)):\(Self.digits(time.second, 2))"
            if time.nanosecond > 0 {
                var fraction = Self.digits(time.nanosecond, 9)
                while fraction.last == "0" { fraction.removeLast() }
                text += "." + fraction
            }
            if let offset = self.offsetMinutes {
                let size = abs(offset)
                text += offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + "\(Self.digits(size / 60, 2)):\(Self.digits(size % 60, 2))"
            }
            parts.append(text)
        }
        return parts.joined(separator: "T")
    }

    private static func digits(_ number: Int, _ count: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, count - text.count)) + text
    }
}

extension TOMLDateTime {
    /// Reads a date-time token (the parser has joined a date, one space and a time).
    /// - Parameter token: the scalars of the value.
    /// - Returns: the value.
    /// - Throws: ``TOMLValueProblem`` naming the field that is wrong.
    static func parse(_ token: [Unicode.Scalar]) throws(TOMLValueProblem) -> TOMLDateTime {
        var reader = DigitReader(token)
        var value = TOMLDateTime()
        if token.count > 2, token[2] == ":" {
            value.time = try reader.time()
        } else {
            value.date = try reader.date()
            if let delimiter = reader.peek {
                guard delimiter == "T" || delimiter == "t" || delimiter == " " else {
                    throw TOMLValueProblem("expected 'T' or a space between the date and the time")
                }
                reader.index += 1
                value.time = try reader.time()
                value.offsetMinutes = try reader.offset()
            }
        }
        guard reader.peek == nil else { throw TOMLValueProblem("unexpected characters after the date-time") }
        return value
    }

    /// Reads fixed-width fields of a date-time token.
    private struct DigitReader {
        let token: [Unicode.Scalar]
        var index = 0

        init(_ token: [Unicode.Scalar]) { self.token = token }

        var peek: Unicode.Scalar? { self.index < self.token.count ? self.token[self.index] : nil }

        mutating func number(_ count: Int, _ field: String, in range: ClosedRange<Int>) throws(TOMLValueProblem) -> Int {
            var number = 0
            for _ in 0..<count {
                guard let scalar = self.peek, ("0"..."9").contains(scalar) else {
                    throw TOMLValueProblem("the \(field) must have \(count) digits")
                }
                number = number * 10 + Int(scalar.value - 0x30)
                self.index += 1
            }
            guard range.contains(number) else { throw TOMLValueProblem("the \(field) \(number) is out of range") }
            return number
        }

        mutating func expect(_ scalar: Unicode.Scalar, after field: String) throws(TOMLValueProblem) {
            guard self.peek == scalar else { throw TOMLValueProblem("expected '\(scalar)' after the \(field)") }
            self.index += 1
        }

        mutating func date() throws(TOMLValueProblem) -> Date {
            let year = try self.number(4, "year", in: 0...9999)
            try self.expect("-", after: "year")
            let month = try self.number(2, "month", in: 1...12)
            try self.expect("-", after: "month")
            let day = try self.number(2, "day", in: 1...31)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard day <= days else { throw TOMLValueProblem("day \(day) does not exist in month \(month) of \(year)") }
            return Date(year: year, month: month, day: day)
        }

        /// `HH:MM:SS` with optional `.fraction`; TOML 1.0 requires the seconds.
        mutating func time() throws(TOMLValueProblem) -> Time {
            let hour = try self.number(2, "hour", in: 0...23)
            try self.expect(":", after: "hour")
            let minute = try self.number(2, "minute", in: 0...59)
            try self.expect(":", after: "minute")
            let second = try self.number(2, "second", in: 0...60)
            var nanosecond = 0
            if self.peek == "." {
                self.index += 1
                var digits = 0
                while let scalar = self.peek, ("0"..."9").contains(scalar) {
                    if digits < 9 { nanosecond = nanosecond * 10 + Int(scalar.value - 0x30) }
                    digits += 1
                    self.index += 1
                }
                guard digits > 0 else { throw TOMLValueProblem("expected digits after the '.' of the seconds") }
                for _ in min(digits, 9)..<9 { nanosecond *= 10 }
            }
            return Time(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        }

        /// `Z`, `z` or `±HH:MM`; `nil` when the token ends (a local date-time).
        mutating func offset() throws(TOMLValueProblem) -> Int? {
            guard let sign = self.peek else { return nil }
            self.index += 1
            if sign == "Z" || sign == "z" { return 0 }
            guard sign == "+" || sign == "-" else { throw TOMLValueProblem("expected 'Z' or an offset like +08:00 after the time") }
            let hours = try self.number(2, "offset hour", in: 0...23)
            try self.expect(":", after: "offset hour")
            let minutes = try self.number(2, "offset minute", in: 0...59)
            return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
        }
    }
}

/// What is wrong with a value token; the parser adds the line.
struct TOMLValueProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
