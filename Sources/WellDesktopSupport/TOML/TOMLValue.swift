/// A value of the TOML subset the config file uses: strings, integers and booleans.
public enum TOMLValue: Sendable, Equatable, CustomStringConvertible {
    /// A basic (`"…"`, with escapes) or literal (`'…'`) string.
    case string(String)
    /// A decimal integer (optional sign, `_` between digits).
    case integer(Int)
    /// `true` or `false`.
    case boolean(Bool)

    /// The TOML type name, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        }
    }

    /// The value written back as TOML.
    public var description: String {
        switch self {
        case .string(let text): TOMLValue.quoted(text)
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        }
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

/// One `key = value` line of a ``TOMLDocument``.
public struct TOMLEntry: Sendable, Equatable {
    /// The table the key is in (`""` before the first `[table]` header).
    public var table: String
    /// The key as written (bare or quoted, unquoted here).
    public var key: String
    /// The value.
    public var value: TOMLValue
    /// 1-based line number in the file.
    public var line: Int

    /// Creates an entry.
    /// - Parameters:
    ///   - table: the table name (`""` at the top level).
    ///   - key: the key.
    ///   - value: the value.
    ///   - line: the 1-based line number.
    public init(table: String, key: String, value: TOMLValue, line: Int) {
        self.table = table
        self.key = key
        self.value = value
        self.line = line
    }

    /// `table.key`, or just `key` at the top level.
    public var path: String { self.table.isEmpty ? self.key : "\(self.table).\(self.key)" }
}

/// A table header `[name]` and where it is.
public struct TOMLTable: Sendable, Equatable {
    /// The table name.
    public var name: String
    /// 1-based line number of the header.
    public var line: Int

    /// Creates a table header record.
    /// - Parameters:
    ///   - name: the table name.
    ///   - line: the 1-based line number.
    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}
