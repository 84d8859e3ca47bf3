/// Reads one line of the TOML subset (see ``TOMLDocument``).
package struct TOMLCursor {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private let number: Int

    package init(line: some Collection<Unicode.Scalar>, number: Int) {
        self.scalars = Array(line)
        self.number = number
    }

    var peek: Unicode.Scalar? { self.index < self.scalars.count ? self.scalars[self.index] : nil }
    var atEndOrComment: Bool { self.peek == nil || self.peek == "#" }

    package mutating func skipSpaces() {
        while let scalar = self.peek, scalar == " " || scalar == "\t" { self.index += 1 }
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard self.peek == scalar else { return false }
        self.index += 1
        return true
    }

    func error(_ message: String) -> TOMLDocument.SyntaxError {
        TOMLDocument.SyntaxError(line: self.number, message: message)
    }

    /// Only spaces and an optional comment may follow; comments may not hold control characters.
    mutating func expectEndOfLine() throws(TOMLDocument.SyntaxError) {
        self.skipSpaces()
        guard let scalar = self.peek else { return }
        guard scalar == "#" else { throw self.error("unexpected '\(scalar)' after the value (a comment starts with '#')") }
        for scalar in self.scalars[self.index...] where scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
            throw self.error("control character in a comment")
        }
        self.index = self.scalars.count
    }

    /// `[name]` — a bare key.
    mutating func tableHeader() throws(TOMLDocument.SyntaxError) -> String {
        _ = self.consume("[")
        if self.peek == "[" { throw self.error("array tables ([[…]]) are not supported") }
        self.skipSpaces()
        let name = try self.key()
        self.skipSpaces()
        if self.peek == "." { throw self.error("dotted table names are not supported") }
        guard self.consume("]") else { throw self.error("expected ']' to close the table header") }
        try self.expectEndOfLine()
        return name
    }

    /// A bare key (`A-Za-z0-9_-`) or a quoted key.
    package mutating func key() throws(TOMLDocument.SyntaxError) -> String {
        if self.peek == "\"" { return try self.basicString() }
        if self.peek == "'" { return try self.literalString() }
        var key = ""
        while let scalar = self.peek, Self.isBareKeyScalar(scalar) {
            key.unicodeScalars.append(scalar)
            self.index += 1
        }
        if key.isEmpty {
            throw self.error(self.peek.map { "unexpected '\($0)', expected a key" } ?? "expected a key")
        }
        if self.peek == "." { throw self.error("dotted keys are not supported ('\(key).…')") }
        return key
    }

    mutating func value() throws(TOMLDocument.SyntaxError) -> TOMLValue {
        guard let first = self.peek else { throw self.error("missing value after '='") }
        switch first {
        case "\"":
            if self.hasPrefix("\"\"\"") { throw self.error("multi-line strings are not supported") }
            return .string(try self.basicString())
        case "'":
            if self.hasPrefix("'''") { throw self.error("multi-line strings are not supported") }
            return .string(try self.literalString())
        case "[": throw self.error("arrays are not supported")
        case "{": throw self.error("inline tables are not supported")
        default: break
        }
        var word = ""
        while let scalar = self.peek, scalar != " ", scalar != "\t", scalar != "#" {
            word.unicodeScalars.append(scalar)
            self.index += 1
        }
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: return .integer(try self.integer(word))
        }
    }

    private func integer(_ word: String) throws(TOMLDocument.SyntaxError) -> Int {
        var body = Substring(word)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let digitsOK = !body.isEmpty && body.first != "_" && body.last != "_" && !body.contains("__")
            && body.unicodeScalars.allSatisfy { ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "_" }
        guard digitsOK else { throw self.error("invalid value (expected a quoted string, an integer, true or false)") }
        let digits = body.filter { $0 != "_" }
        guard digits == "0" || digits.first != "0" else { throw self.error("leading zeros are not allowed in integer '\(word)'") }
        guard let magnitude = Int(digits) else { throw self.error("integer '\(word)' is out of range") }
        return negative ? -magnitude : magnitude
    }

    private func hasPrefix(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        return self.scalars.count - self.index >= wanted.count && Array(self.scalars[self.index..<self.index + wanted.count]) == wanted
    }

    mutating func literalString() throws(TOMLDocument.SyntaxError) -> String {
        _ = self.consume("'")
        var out = ""
        while let scalar = self.peek {
            self.index += 1
            if scalar == "'" { return out }
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { throw self.error("control character in a string") }
            out.unicodeScalars.append(scalar)
        }
        throw self.error("unterminated string (missing closing ')")
    }

    mutating func basicString() throws(TOMLDocument.SyntaxError) -> String {
        _ = self.consume("\"")
        var out = ""
        while let scalar = self.peek {
            self.index += 1
            switch scalar {
            case "\"":
                return out
            case "\\":
                out.unicodeScalars.append(try self.escape())
            default:
                if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { throw self.error("control character in a string (use an escape)") }
                out.unicodeScalars.append(scalar)
            }
        }
        throw self.error("unterminated string (missing closing \")")
    }

    private mutating func escape() throws(TOMLDocument.SyntaxError) -> Unicode.Scalar {
        guard let code = self.peek else { throw self.error("unterminated escape sequence") }
        self.index += 1
        switch code {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u": return try self.unicodeEscape(length: 4)
        case "U": return try self.unicodeEscape(length: 8)
        default: throw self.error("invalid escape sequence '\\\(code)' (a regex backslash is written \\\\ or use a 'literal string')")
        }
    }

    private mutating func unicodeEscape(length: Int) throws(TOMLDocument.SyntaxError) -> Unicode.Scalar {
        guard self.scalars.count - self.index >= length else { throw self.error("incomplete \\u escape") }
        let hex = String(String.UnicodeScalarView(self.scalars[self.index..<self.index + length]))
        self.index += length
        guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw self.error("invalid unicode escape '\(hex)'")
        }
        return scalar
    }

    private static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: true
        default: false
        }
    }
}
