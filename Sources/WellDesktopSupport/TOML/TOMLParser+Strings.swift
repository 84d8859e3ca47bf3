extension TOMLParser {
    /// `"…"`: escapes, no line break, no control character but tab.
    mutating func basicString() throws(SyntaxError) -> String {
        self.advance()
        var out = ""
        while let scalar = self.peek {
            switch scalar {
            case "\"":
                self.advance()
                return out
            case "\\":
                self.advance()
                out.unicodeScalars.append(try self.escape())
            case "\n", "\r":
                throw self.error("unterminated string (missing closing \"; use \"\"\" for a string over several lines)")
            default:
                if Self.isControl(scalar) { throw self.error("control character \(Self.shown(scalar)) in a string (use an escape)") }
                out.unicodeScalars.append(scalar)
                self.advance()
            }
        }
        throw self.error("unterminated string (missing closing \")")
    }

    /// `'…'`: taken as written, no line break, no control character but tab.
    mutating func literalString() throws(SyntaxError) -> String {
        self.advance()
        var out = ""
        while let scalar = self.peek {
            switch scalar {
            case "'":
                self.advance()
                return out
            case "\n", "\r":
                throw self.error("unterminated string (missing closing '; use ''' for a string over several lines)")
            default:
                if Self.isControl(scalar) { throw self.error("control character \(Self.shown(scalar)) in a string") }
                out.unicodeScalars.append(scalar)
                self.advance()
            }
        }
        throw self.error("unterminated string (missing closing ')")
    }

    /// `"""…"""` (escapes, and `\` at the end of a line joins it to the next non-blank text) or
    /// `'''…'''` (as written). A line break right after the opening quotes is dropped; line
    /// breaks inside are kept as `\n`; one or two quotes may touch the closing three.
    mutating func multiLineString(literal: Bool) throws(SyntaxError) -> String {
        let quote: Unicode.Scalar = literal ? "'" : "\""
        let openLine = self.line
        self.advance(3)
        _ = try self.consumeNewline()
        var out = ""
        while let scalar = self.peek {
            if scalar == quote {
                var run = 0
                while self.peek(at: run) == quote { run += 1 }
                if run >= 3 {
                    let kept = min(run - 3, 2)
                    out.unicodeScalars.append(contentsOf: repeatElement(quote, count: kept))
                    self.advance(kept + 3)
                    return out
                }
                out.unicodeScalars.append(contentsOf: repeatElement(quote, count: run))
                self.advance(run)
            } else if scalar == "\\" && !literal {
                self.advance()
                if try self.lineEndingBackslash() { continue }
                out.unicodeScalars.append(try self.escape())
            } else if try self.consumeNewline() {
                out += "\n"
            } else if Self.isControl(scalar) {
                throw self.error("control character \(Self.shown(scalar)) in a string\(literal ? "" : " (use an escape)")")
            } else {
                out.unicodeScalars.append(scalar)
                self.advance()
            }
        }
        let closing = String(repeating: String(quote), count: 3)
        throw SyntaxError(
            line: openLine, message: "unterminated multi-line string (no closing \(closing) before the end of the file)",
            keyPath: self.valueKey)
    }

    /// After a `\` in a multi-line basic string: when only spaces follow up to the line break,
    /// consumes them, the break and all blank space after it, and returns `true`.
    private mutating func lineEndingBackslash() throws(SyntaxError) -> Bool {
        var offset = 0
        while let scalar = self.peek(at: offset), scalar == " " || scalar == "\t" { offset += 1 }
        guard self.peek(at: offset) == "\n" || (self.peek(at: offset) == "\r" && self.peek(at: offset + 1) == "\n") else {
            return false
        }
        self.advance(offset)
        while true {
            self.skipSpaces()
            guard try self.consumeNewline() else { return true }
        }
    }

    /// The scalar after a `\`: `\b \t \n \f \r \" \\`, `\uXXXX` or `\UXXXXXXXX`.
    private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
        guard let code = self.peek, code != "\n", code != "\r" else { throw self.error("unterminated escape sequence") }
        self.advance()
        switch code {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u": return try self.unicodeEscape(length: 4)
        case "U": return try self.unicodeEscape(length: 8)
        case "e", "x":
            throw self.error("invalid escape sequence '\\\(code)' (TOML 1.0 has no \\\(code); write \\u and four hex digits, e.g. \\u001B)")
        default:
            throw self.error("invalid escape sequence '\\\(code)' (a regex backslash is written \\\\ or use a 'literal string')")
        }
    }

    private mutating func unicodeEscape(length: Int) throws(SyntaxError) -> Unicode.Scalar {
        var value: UInt32 = 0
        var hex = ""
        for offset in 0..<length {
            guard let scalar = self.peek(at: offset), let digit = Self.hexDigit(scalar) else {
                throw self.error("a \\\(length == 4 ? "u" : "U") escape needs \(length) hexadecimal digits")
            }
            value = value &* 16 &+ digit
            hex.unicodeScalars.append(scalar)
        }
        self.advance(length)
        guard let scalar = Unicode.Scalar(value) else {
            throw self.error("invalid unicode escape '\(hex)' (not a Unicode scalar value)")
        }
        return scalar
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: scalar.value - 0x30
        case 0x41...0x46: scalar.value - 0x41 + 10
        case 0x61...0x66: scalar.value - 0x61 + 10
        default: nil
        }
    }
}
