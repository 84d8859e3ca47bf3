extension TOMLParser {
    /// A value at `depth`: the tables and arrays from the root down to it (the limit keeps the
    /// recursion here, in ``TOMLTree/table(_:)`` and in ``TOMLValue/description`` shallow).
    mutating func value(depth: Int) throws(SyntaxError) -> TOMLValue {
        guard depth <= TOMLDocument.maximumDepth else { throw self.tooDeep() }
        guard let first = self.peek, first != "\n", first != "\r", first != "#" else { throw self.error("missing value after '='") }
        switch first {
        case "\"":
            return .string(self.hasPrefix("\"\"\"") ? try self.multiLineString(literal: false) : try self.basicString())
        case "'":
            return .string(self.hasPrefix("'''") ? try self.multiLineString(literal: true) : try self.literalString())
        case "[":
            return try self.array(depth: depth)
        case "{":
            return try self.inlineTable(depth: depth)
        default:
            return try self.bareValue()
        }
    }

    /// `[ value, value, ]`: over several lines, with comments, a trailing comma and mixed types.
    private mutating func array(depth: Int) throws(SyntaxError) -> TOMLValue {
        let openLine = self.line
        self.advance()
        var items: [TOMLValue] = []
        while true {
            try self.skipBlankLines()
            if self.consume("]") { return .array(items) }
            guard self.peek != nil else { throw self.error("unterminated array (opened on line \(openLine), no closing ']')") }
            items.append(try self.value(depth: depth + 1))
            try self.skipBlankLines()
            if self.consume(",") { continue }
            if self.consume("]") { return .array(items) }
            guard let scalar = self.peek else { throw self.error("unterminated array (opened on line \(openLine), no closing ']')") }
            throw self.error("expected ',' or ']' after an item of the array opened on line \(openLine), found \(Self.shown(scalar))")
        }
    }

    /// `{ key = value, … }` on one line, no trailing comma (TOML 1.0); closed once written.
    private mutating func inlineTable(depth: Int) throws(SyntaxError) -> TOMLValue {
        let table = self.tree.inlineTable(line: self.line, depth: depth)
        let outerKey = self.valueKey ?? []
        self.advance()
        self.skipSpaces()
        if self.consume("}") { return .table(self.tree.table(table)) }
        while true {
            self.skipSpaces()
            if self.peek == "\n" || self.peek == "\r" {
                throw self.error("unterminated inline table (an inline table stays on one line; expected a key or '}')")
            }
            let keyLine = self.line
            let path = try self.key()
            self.valueKey = outerKey + path
            self.skipSpaces()
            guard self.consume("=") else { throw self.error("expected '=' after key '\(TOMLKey.dotted(path))' in the inline table") }
            self.skipSpaces()
            let value = try self.value(depth: depth + path.count)
            self.valueKey = nil
            try self.tree.assign(path, value, in: table, prefix: outerKey, line: keyLine)
            self.valueKey = outerKey + path // what follows the value may still be part of it, for the reader
            self.skipSpaces()
            if self.consume("}") {
                self.valueKey = outerKey
                return .table(self.tree.table(table))
            }
            guard self.consume(",") else {
                guard let scalar = self.peek, scalar != "\n", scalar != "\r" else {
                    throw self.error("unterminated inline table (an inline table stays on one line; expected ',' or '}')")
                }
                throw self.error("expected ',' or '}' in the inline table, found \(Self.shown(scalar))")
            }
            self.valueKey = outerKey
            self.skipSpaces()
            if self.peek == "}" { throw self.error("a trailing comma is not allowed in an inline table") }
        }
    }

    /// A value without quotes or brackets: a boolean, a number or a date-time.
    private mutating func bareValue() throws(SyntaxError) -> TOMLValue {
        let start = self.position
        self.skipBareValue()
        // A date, one space and a time are one value: `1979-05-27 07:32:00`.
        if self.position - start == 10, self.peek == " ", Self.isDigit(self.peek(at: 1)), Self.isDigit(self.peek(at: 2)), self.peek(at: 3) == ":" {
            let date = self.scalars(from: start)
            if Self.isDigit(date[0]), date[4] == "-", date[7] == "-" {
                self.advance()
                self.skipBareValue()
            }
        }
        let token = self.scalars(from: start)
        let text = String(String.UnicodeScalarView(token))
        do throws(TOMLValueProblem) {
            switch text {
            case "":
                throw TOMLValueProblem(self.peek.map { "expected a value, found \(Self.shown($0))" } ?? "missing value")
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: break
            }
            if (token.count >= 5 && token[..<4].allSatisfy { Self.isDigit($0) } && token[4] == "-")
                || (token.count >= 3 && token[..<2].allSatisfy { Self.isDigit($0) } && token[2] == ":")
            {
                return .dateTime(try TOMLDateTime.parse(token))
            }
            if let first = token.first, Self.isDigit(first) || first == "+" || first == "-" || first == "." || text == "inf" || text == "nan" {
                return TOMLNumber.looksLikeFloat(token) ? .float(try TOMLNumber.float(token)) : .integer(try TOMLNumber.integer(token))
            }
            throw TOMLValueProblem(
                "invalid value '\(text)' (expected a string in quotes, a number, true, false, a date-time, an array [ ] or an inline table { })")
        } catch {
            throw self.error(error.message)
        }
    }

    /// Moves past the scalars a bare value can hold: letters, digits, `_ + - . :`.
    private mutating func skipBareValue() {
        while let scalar = self.peek, TOMLKey.isBare(scalar) || scalar == "+" || scalar == "." || scalar == ":" {
            self.advance()
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ("0"..."9").contains(scalar)
    }
}
