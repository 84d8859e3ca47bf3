/// A TOML 1.0 value.
///
/// Equality is by value: two floats that are both NaN are equal (so that a value written back by
/// ``description`` parses to an equal value), and tables compare their keys and values, not
/// where they were written.
public enum TOMLValue: Sendable, Equatable, CustomStringConvertible {
    /// A basic (`"…"`), literal (`'…'`) or multi-line (`"""…"""`, `'''…'''`) string.
    case string(String)
    /// A 64-bit integer, written in decimal, `0x`, `0o` or `0b`.
    case integer(Int)
    /// A 64-bit float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An offset or local date-time, a local date or a local time.
    case dateTime(TOMLDateTime)
    /// An array (`[…]`, any types mixed) or an array of tables (`[[name]]`).
    case array([TOMLValue])
    /// A table (`[name]`, dotted keys or an inline `{…}`).
    case table(TOMLTable)

    /// The TOML type name, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime(let value): value.kind.rawValue
        case .array: "array"
        case .table: "table"
        }
    }

    /// The type name with its article (`an integer`, `a string`), for error messages.
    package var typeNameWithArticle: String {
        "aeiou".contains(self.typeName.prefix(1)) ? "an \(self.typeName)" : "a \(self.typeName)"
    }

    /// The value written back as TOML on one line (tables as inline tables); it parses to an
    /// equal value.
    public var description: String {
        switch self {
        case .string(let text): TOMLValue.quoted(text)
        case .integer(let number): String(number)
        case .float(let number): TOMLValue.written(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .dateTime(let value): value.description
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .table(let table): table.description
        }
    }

    /// Floats are equal when both are NaN; everything else compares its parts.
    public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        case (.boolean(let a), .boolean(let b)): a == b
        case (.dateTime(let a), .dateTime(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        default: false
        }
    }

    /// A float as TOML writes it: `inf`, `-inf`, `nan`, else the shortest form that reads back
    /// to the same number (Swift's `description`, which always has a `.` or an exponent).
    static func written(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        return number.description
    }

    /// `text` as a TOML basic string, with `"`, `\` and control characters escaped.
    /// - Parameter text: any string.
    /// - Returns: the quoted form.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
