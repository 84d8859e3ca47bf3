import WellProtocol

/// A small, allocation-light JSON parser producing ``JSONValue`` (RFC 8259).
///
/// Events arrive at high rates; Foundation's decoders go through `Codable` and are several
/// times slower for this shape. Depth is limited so hostile input cannot exhaust the stack.
enum FastJSONParser {
    /// Why parsing failed (with the byte offset).
    struct ParseError: Error, CustomStringConvertible {
        let message: String
        let offset: Int
        var description: String { "\(self.message) at byte \(self.offset)" }
    }

    static let maxDepth = 64

    /// The bytes as a `String` when they are valid UTF-8. ASCII (nearly every event value) takes
    /// the specialised decoding path; only non-ASCII bytes pay for the generic validator.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        let array = bytes as? [UInt8] ?? Array(bytes)
        return try array.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer: buffer)
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.error("trailing characters") }
            return value
        }
    }

    struct Parser {
        let buffer: UnsafeBufferPointer<UInt8>
        var index = 0

        init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        func error(_ message: String) -> ParseError { ParseError(message: message, offset: self.index) }

        @inline(__always)
        mutating func skipWhitespace() {
            while self.index < self.buffer.count {
                switch self.buffer[self.index] {
                case 0x20, 0x0A, 0x0D, 0x09: self.index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws -> JSONValue {
            guard depth < FastJSONParser.maxDepth else { throw self.error("nesting too deep") }
            guard self.index < self.buffer.count else { throw self.error("unexpected end") }
            switch self.buffer[self.index] {
            case UInt8(ascii: "{"): return try self.parseObject(depth: depth)
            case UInt8(ascii: "["): return try self.parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try self.parseString())
            case UInt8(ascii: "t"):
                try self.expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try self.expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try self.expect("null")
                return .null
            default: return .number(try self.parseNumber())
            }
        }

        mutating func expect(_ literal: StaticString) throws {
            let count = literal.utf8CodeUnitCount
            guard self.index + count <= self.buffer.count else { throw self.error("unexpected end") }
            let base = literal.utf8Start
            for offset in 0..<count where self.buffer[self.index + offset] != base[offset] {
                throw self.error("invalid literal")
            }
            self.index += count
        }

        mutating func parseObject(depth: Int) throws -> JSONValue {
            self.index += 1
            var members: [String: JSONValue] = [:]
            self.skipWhitespace()
            if self.index < self.buffer.count, self.buffer[self.index] == UInt8(ascii: "}") {
                self.index += 1
                return .object(members)
            }
            while true {
                self.skipWhitespace()
                guard self.index < self.buffer.count, self.buffer[self.index] == UInt8(ascii: "\"") else {
                    throw self.error("expected a member name")
                }
                let key = try self.parseString()
                self.skipWhitespace()
                guard self.index < self.buffer.count, self.buffer[self.index] == UInt8(ascii: ":") else {
                    throw self.error("expected ':'")
                }
                self.index += 1
                self.skipWhitespace()
                let value = try self.parseValue(depth: depth + 1)
                if members[key] == nil { members[key] = value }
                self.skipWhitespace()
                guard self.index < self.buffer.count else { throw self.error("unexpected end") }
                let byte = self.buffer[self.index]
                self.index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "}") { return .object(members) }
                throw self.error("expected ',' or '}'")
            }
        }

        mutating func parseArray(depth: Int) throws -> JSONValue {
            self.index += 1
            var elements: [JSONValue] = []
            self.skipWhitespace()
            if self.index < self.buffer.count, self.buffer[self.index] == UInt8(ascii: "]") {
                self.index += 1
                return .array(elements)
            }
            while true {
                self.skipWhitespace()
                elements.append(try self.parseValue(depth: depth + 1))
                self.skipWhitespace()
                guard self.index < self.buffer.count else { throw self.error("unexpected end") }
                let byte = self.buffer[self.index]
                self.index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") { return .array(elements) }
                throw self.error("expected ',' or ']'")
            }
        }

        mutating func parseString() throws -> String {
            self.index += 1
            let start = self.index
            // Fast path: no escapes.
            while self.index < self.buffer.count {
                let byte = self.buffer[self.index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: self.buffer[start..<self.index])
                    self.index += 1
                    guard let text = FastJSONParser.string(slice) else { throw self.error("invalid UTF-8") }
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw self.error("control character in string") }
                self.index += 1
            }
            var bytes = Array(UnsafeBufferPointer(rebasing: self.buffer[start..<self.index]))
            while self.index < self.buffer.count {
                let byte = self.buffer[self.index]
                self.index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: bytes, as: UTF8.self) else { throw self.error("invalid UTF-8") }
                    return text
                case UInt8(ascii: "\\"):
                    guard self.index < self.buffer.count else { throw self.error("unexpected end") }
                    let escape = self.buffer[self.index]
                    self.index += 1
                    switch escape {
                    case UInt8(ascii: "\""): bytes.append(0x22)
                    case UInt8(ascii: "\\"): bytes.append(0x5C)
                    case UInt8(ascii: "/"): bytes.append(0x2F)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try self.parseHex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard self.index + 1 < self.buffer.count, self.buffer[self.index] == UInt8(ascii: "\\"),
                                self.buffer[self.index + 1] == UInt8(ascii: "u")
                            else { throw self.error("lone surrogate") }
                            self.index += 2
                            let low = try self.parseHex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw self.error("invalid surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(scalar) {
                            throw self.error("lone surrogate")
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw self.error("invalid escape") }
                        bytes.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default:
                        throw self.error("invalid escape")
                    }
                default:
                    if byte < 0x20 { throw self.error("control character in string") }
                    bytes.append(byte)
                }
            }
            throw self.error("unterminated string")
        }

        mutating func parseHex4() throws -> UInt32 {
            guard self.index + 4 <= self.buffer.count else { throw self.error("unexpected end") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = self.buffer[self.index]
                self.index += 1
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw self.error("invalid hex digit")
                }
                value = value << 4 | digit
            }
            return value
        }

        mutating func parseNumber() throws -> Double {
            let start = self.index
            var isInteger = true
            var integer: Int64 = 0
            var negative = false
            if self.index < self.buffer.count, self.buffer[self.index] == UInt8(ascii: "-") {
                negative = true
                self.index += 1
            }
            let digitsStart = self.index
            while self.index < self.buffer.count {
                let byte = self.buffer[self.index]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    if self.index - digitsStart < 18 {
                        integer = integer * 10 + Int64(byte - UInt8(ascii: "0"))
                    } else {
                        isInteger = false
                    }
                    self.index += 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                {
                    isInteger = false
                    self.index += 1
                } else {
                    break
                }
            }
            guard self.index > digitsStart else { throw self.error("invalid value") }
            if self.buffer[digitsStart] == UInt8(ascii: "0"), self.index - digitsStart > 1,
                self.buffer[digitsStart + 1] >= UInt8(ascii: "0"), self.buffer[digitsStart + 1] <= UInt8(ascii: "9")
            {
                throw self.error("leading zero")
            }
            if isInteger { return Double(negative ? -integer : integer) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: self.buffer[start..<self.index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw self.error("invalid number") }
            return value
        }
    }
}
