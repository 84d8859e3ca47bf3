/// Reads a TOML 1.0 document (see ``TOMLDocument``): the lines, headers, keys and comments here;
/// values in `TOMLParser+Values.swift`, strings in `TOMLParser+Strings.swift`, the tables and
/// their redefinition rules in ``TOMLTree``.
struct TOMLParser {
    typealias SyntaxError = TOMLDocument.SyntaxError

    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// The 1-based line of the scalar at `index`.
    private(set) var line = 1
    var tree = TOMLTree()
    /// The key whose value is being read (table path, dotted key, inline-table keys); errors
    /// carry it so that a caller can mask the value of a secret key.
    var valueKey: [String]?

    init(_ text: String) {
        self.scalars = Array(text.unicodeScalars)
        if self.scalars.first == "\u{FEFF}" { self.index = 1 }
    }

    /// Parses the whole text.
    mutating func document() throws(SyntaxError) -> TOMLTable {
        var section = TOMLTree.root
        var sectionPath: [String] = []
        while true {
            self.skipSpaces()
            guard let scalar = self.peek else { break }
            switch scalar {
            case "#", "\n", "\r":
                try self.endOfLine(after: "a blank line")
            case "[":
                (section, sectionPath) = try self.header()
            default:
                try self.keyValue(in: section, at: sectionPath)
            }
        }
        return self.tree.table(TOMLTree.root)
    }

    // MARK: statements

    /// `[key]` or `[[key]]`, then the end of the line; returns the table that follows.
    private mutating func header() throws(SyntaxError) -> (Int, [String]) {
        let startLine = self.line
        self.index += 1
        let isArray = self.consume("[")
        self.skipSpaces()
        let path = try self.key()
        self.skipSpaces()
        let closing = isArray ? "']]' to close the array-of-tables header" : "']' to close the table header"
        guard self.consume("]"), !isArray || self.consume("]") else { throw self.error("expected \(closing)") }
        guard path.count <= TOMLDocument.maximumDepth else { throw self.tooDeep() } // before walking a very long path
        let table = isArray ? try self.tree.appendTable(path, line: startLine) : try self.tree.defineTable(path, line: startLine)
        try self.endOfLine(after: "the table header")
        return (table, path)
    }

    /// `key = value`, then the end of the line.
    private mutating func keyValue(in section: Int, at sectionPath: [String]) throws(SyntaxError) {
        let startLine = self.line
        let path = try self.key()
        self.valueKey = sectionPath + path
        self.skipSpaces()
        guard self.consume("=") else { throw self.error("expected '=' after key '\(TOMLKey.dotted(path))'") }
        self.skipSpaces()
        let value = try self.value(depth: self.tree.depth(of: section) + path.count)
        try self.endOfLine(after: "the value")
        self.valueKey = nil
        try self.tree.assign(path, value, in: section, prefix: sectionPath, line: startLine)
    }

    /// Spaces, an optional comment, then a newline or the end of the text.
    mutating func endOfLine(after what: String) throws(SyntaxError) {
        self.skipSpaces()
        if self.peek == "#" { try self.comment() }
        guard let scalar = self.peek else { return }
        guard try self.consumeNewline() else {
            let hint = what == "a blank line" ? "" : " (a comment starts with '#')"
            throw self.error("unexpected \(Self.shown(scalar)) after \(what)\(hint)")
        }
    }

    /// `#` and the rest of the line; tabs are the only control characters allowed in it.
    mutating func comment() throws(SyntaxError) {
        self.index += 1
        while let scalar = self.peek, scalar != "\n", !(scalar == "\r" && self.peek(at: 1) == "\n") {
            if Self.isControl(scalar) { throw self.error("control character \(Self.shown(scalar)) in a comment") }
            self.index += 1
        }
    }

    // MARK: keys

    /// A key, dotted or not: `name`, `"quoted"`, `'literal'`, `a.b."c"`.
    mutating func key() throws(SyntaxError) -> [String] {
        var path = [try self.simpleKey()]
        while true {
            self.skipSpaces()
            guard self.consume(".") else { return path }
            self.skipSpaces()
            path.append(try self.simpleKey())
        }
    }

    private mutating func simpleKey() throws(SyntaxError) -> String {
        switch self.peek {
        case "\"":
            if self.hasPrefix("\"\"\"") { throw self.error("a key cannot be a multi-line string") }
            return try self.basicString()
        case "'":
            if self.hasPrefix("'''") { throw self.error("a key cannot be a multi-line string") }
            return try self.literalString()
        default:
            var key = ""
            while let scalar = self.peek, TOMLKey.isBare(scalar) {
                key.unicodeScalars.append(scalar)
                self.index += 1
            }
            guard !key.isEmpty else {
                throw self.error(self.peek.map { "unexpected \(Self.shown($0)), expected a key" } ?? "expected a key")
            }
            return key
        }
    }

    // MARK: scanning

    var peek: Unicode.Scalar? { self.peek(at: 0) }

    func peek(at offset: Int) -> Unicode.Scalar? {
        self.index + offset < self.scalars.count ? self.scalars[self.index + offset] : nil
    }

    func hasPrefix(_ text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard self.peek(at: offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    /// Moves past `count` scalars that are not line breaks.
    mutating func advance(_ count: Int = 1) {
        self.index += count
    }

    /// Where the next scalar is, for ``scalars(from:)``.
    var position: Int { self.index }

    /// The scalars from `start` (a ``position``) up to the next one.
    func scalars(from start: Int) -> [Unicode.Scalar] {
        Array(self.scalars[start..<self.index])
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard self.peek == scalar else { return false }
        self.index += 1
        return true
    }

    /// Consumes `\n` or `\r\n`; a carriage return alone is an error.
    mutating func consumeNewline() throws(SyntaxError) -> Bool {
        if self.peek == "\r" {
            guard self.peek(at: 1) == "\n" else { throw self.error("a carriage return (U+000D) must be followed by a line feed") }
            self.index += 1
        }
        guard self.peek == "\n" else { return false }
        self.index += 1
        self.line += 1
        return true
    }

    mutating func skipSpaces() {
        while let scalar = self.peek, scalar == " " || scalar == "\t" { self.index += 1 }
    }

    /// Spaces, comments and line breaks, as allowed between array items.
    mutating func skipBlankLines() throws(SyntaxError) {
        while true {
            self.skipSpaces()
            if self.peek == "#" { try self.comment() }
            guard try self.consumeNewline() else { return }
        }
    }

    // MARK: errors

    func error(_ message: String) -> SyntaxError {
        SyntaxError(line: self.line, message: message, keyPath: self.valueKey)
    }

    func tooDeep() -> SyntaxError {
        self.error(Self.tooDeepMessage)
    }

    static let tooDeepMessage = "keys, tables and arrays are nested deeper than \(TOMLDocument.maximumDepth) levels"

    /// Control characters other than tab: never allowed raw in strings or comments.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    /// `'x'`, or `U+0001` for a control or space character.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar.value <= 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(scalar)'"
    }
}
