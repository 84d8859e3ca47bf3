/// A parsed TOML 1.0 file: every table, key and value, with the line each key was defined on so
/// that schema errors can point at it.
///
/// The whole language is read: `[table]` and `[[array of tables]]` headers, bare, quoted and
/// dotted keys, basic, literal and multi-line strings with every escape, decimal, hexadecimal,
/// octal and binary integers, floats (with `inf` and `nan`), booleans, offset and local
/// date-times, dates and times, arrays (over several lines, with a trailing comma, mixed types)
/// and inline tables, comments and blank lines. Anything else, and any redefinition, is a
/// ``SyntaxError`` that names the line.
public struct TOMLDocument: Sendable, Equatable {
    /// The top-level table.
    public var root: TOMLTable

    /// A syntax error at a line.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line number.
        public var line: Int
        /// What is wrong. It may quote the text at fault, so a caller that masks secrets checks
        /// ``keyPath`` first.
        public var message: String
        /// The key whose value was being read when the error was found: its table's path, the
        /// dotted key and, inside an inline table, the keys there. `nil` outside a value.
        public var keyPath: [String]?

        /// Creates an error.
        /// - Parameters:
        ///   - line: the 1-based line.
        ///   - message: what is wrong.
        ///   - keyPath: the key whose value was being read, if any.
        public init(line: Int, message: String, keyPath: [String]? = nil) {
            self.line = line
            self.message = message
            self.keyPath = keyPath
        }

        /// `line N: message`.
        public var description: String { "line \(self.line): \(self.message)" }
    }

    /// Parses `text`.
    /// - Parameter text: the file contents (a leading byte-order mark is skipped).
    /// - Throws: ``SyntaxError`` for the first malformed line, a key or table defined twice, or
    ///   tables and arrays nested deeper than ``maximumDepth``.
    public init(parsing text: String) throws(SyntaxError) {
        var parser = TOMLParser(text)
        self.root = try parser.document()
    }

    /// How deep keys, tables and arrays may nest (a file nested deeper is not a config file and
    /// would cost stack and time).
    public static let maximumDepth = 128
}
