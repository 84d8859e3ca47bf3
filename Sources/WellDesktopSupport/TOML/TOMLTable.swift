/// A TOML table: its keys in the order they were first written, each with its value and line.
///
/// Two tables are equal when they hold the same keys with equal values; order and lines are
/// where the table was written, not what it holds.
public struct TOMLTable: Sendable, Equatable, CustomStringConvertible {
    /// The keys in file order.
    public private(set) var entries: [TOMLEntry]
    private var index: [String: Int]

    /// Creates a table; a key given twice keeps its first entry.
    /// - Parameter entries: the keys, values and lines.
    public init(_ entries: [TOMLEntry] = []) {
        self.entries = []
        self.index = [:]
        for entry in entries where self.index[entry.key] == nil {
            self.index[entry.key] = self.entries.count
            self.entries.append(entry)
        }
    }

    /// The entry for `key` in this table, if there is one.
    public subscript(key: String) -> TOMLEntry? {
        self.index[key].map { self.entries[$0] }
    }

    /// The entry at a path of keys through nested tables (`["agent", "password"]`), if every key
    /// but the last names a table.
    /// - Parameter path: the keys, outermost first.
    /// - Returns: the entry, or `nil`.
    public func entry(at path: [String]) -> TOMLEntry? {
        guard let first = path.first, let entry = self[first] else { return nil }
        if path.count == 1 { return entry }
        guard case .table(let inner) = entry.value else { return nil }
        return inner.entry(at: Array(path.dropFirst()))
    }

    /// The table as an inline table, `{ key = value, … }`.
    public var description: String {
        guard !self.entries.isEmpty else { return "{}" }
        return "{ " + self.entries.map { "\(TOMLKey.written($0.key)) = \($0.value)" }.joined(separator: ", ") + " }"
    }

    /// Same keys, equal values.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.key]?.value == $0.value }
    }
}

/// One key of a ``TOMLTable``: `key = value`, a `[table]` or an array of `[[tables]]`.
public struct TOMLEntry: Sendable, Equatable {
    /// The key (bare or quoted in the file, unquoted here).
    public var key: String
    /// The value.
    public var value: TOMLValue
    /// 1-based line where the key was defined: its `key = value` line, the `[table]` header, or
    /// the first line that made the table (a dotted key, `[[…]]` or a sub-table header).
    public var line: Int

    /// Creates an entry.
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the value.
    ///   - line: the 1-based line number.
    public init(key: String, value: TOMLValue, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

/// How keys are written in messages and in TOML output.
public enum TOMLKey {
    /// `key` bare when it may be (`A-Za-z0-9_-`, not empty), else as a quoted basic string.
    /// - Parameter key: one key.
    /// - Returns: the key as TOML writes it.
    public static func written(_ key: String) -> String {
        !key.isEmpty && key.unicodeScalars.allSatisfy(Self.isBare) ? key : TOMLValue.quoted(key)
    }

    /// A dotted path (`agent.password`, `a."b.c"`), each key as ``written(_:)``.
    /// - Parameter path: the keys, outermost first.
    /// - Returns: the dotted path.
    public static func dotted(_ path: [String]) -> String {
        path.map(Self.written).joined(separator: ".")
    }

    /// Whether `scalar` may appear in a bare key.
    static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: true
        default: false
        }
    }
}
