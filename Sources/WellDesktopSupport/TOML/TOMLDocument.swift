/// A parsed file in the TOML subset of the config file: `[table]` headers, `key = value` lines
/// with basic/literal strings, integers and booleans, comments and blank lines. Every entry keeps
/// its line number so that schema errors can point at it.
///
/// Not supported (a clear error, not a silent skip): arrays, inline tables, floats, dates,
/// multi-line strings, dotted keys, array tables.
public struct TOMLDocument: Sendable, Equatable {
    /// The tables in file order.
    public var tables: [TOMLTable]
    /// The entries in file order.
    public var entries: [TOMLEntry]

    /// A syntax error at a line.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line number.
        public var line: Int
        /// What is wrong.
        public var message: String
        /// `line N: message`.
        public var description: String { "line \(self.line): \(self.message)" }
    }

    /// Parses `text`.
    /// - Parameter text: the file contents.
    /// - Throws: ``SyntaxError`` for the first malformed line, a duplicate key or a duplicate table.
    public init(parsing text: String) throws(SyntaxError) {
        var tables: [TOMLTable] = []
        var entries: [TOMLEntry] = []
        var current = ""
        var seenKeys: [String: Int] = [:]
        var lineNumber = 0
        // Split on the scalar: in a `String`, "\r\n" is one `Character` and would not split on "\n".
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            var cursor = TOMLCursor(line: line, number: lineNumber)
            cursor.skipSpaces()
            if cursor.atEndOrComment {
                try cursor.expectEndOfLine()
                continue
            }
            if cursor.peek == "[" {
                let name = try cursor.tableHeader()
                if let first = tables.first(where: { $0.name == name }) {
                    throw SyntaxError(line: lineNumber, message: "table [\(name)] is defined twice (first on line \(first.line))")
                }
                tables.append(TOMLTable(name: name, line: lineNumber))
                current = name
                continue
            }
            let key = try cursor.key()
            cursor.skipSpaces()
            guard cursor.consume("=") else {
                throw SyntaxError(line: lineNumber, message: "expected '=' after key '\(key)'")
            }
            cursor.skipSpaces()
            let value = try cursor.value()
            try cursor.expectEndOfLine()
            let entry = TOMLEntry(table: current, key: key, value: value, line: lineNumber)
            if let first = seenKeys[entry.path] {
                throw SyntaxError(line: lineNumber, message: "key '\(entry.path)' is defined twice (first on line \(first))")
            }
            seenKeys[entry.path] = lineNumber
            entries.append(entry)
        }
        self.tables = tables
        self.entries = entries
    }
}
