extension DialTarget {
    /// Parses what a user or a desktop handler (`%u`) hands over into a number to dial.
    ///
    /// 1. The input is trimmed. `tel:` and `callto:` are recognised case-insensitively and a
    ///    leading `//` after them is dropped; any other `scheme:` is refused; anything else is a
    ///    bare number.
    /// 2. In a URI the number part ends at the first `;` or `?`; an `ext=` parameter is kept in
    ///    ``extensionPart``; the number part is percent-decoded as UTF-8. Only visual separators
    ///    (space, NBSP, `-` `.` `(` `)` `/`, Unicode dashes) and one leading `+` may accompany
    ///    the digits — a letter (`tel:1-800-FLOWERS`) or any other character is an error.
    /// 3. A bare string follows the seed's `clickCallClass` rule: every non-digit is dropped
    ///    (`8001sd12` → `800112`); a leading `+` is remembered in ``hadPlus``.
    /// 4. Refused in every form: control characters, non-ASCII decimal digits, no digit at all,
    ///    more than ``maximumDigits`` digits, more than ``maximumInputBytes`` bytes of input.
    ///
    /// - Parameter input: a bare number, a `tel:` URI or a `callto:` URI.
    /// - Returns: the normalised target.
    /// - Throws: ``DialNumberError`` saying what is wrong; nothing should be dialled then.
    public static func parse(_ input: String) throws(DialNumberError) -> DialTarget {
        let size = input.utf8.count
        guard size <= Self.maximumInputBytes else { throw .oversize(size) }
        let text = Self.trimmed(input)
        for scalar in text.unicodeScalars where Self.isControl(scalar) {
            throw .controlCharacter(scalar)
        }
        switch try Self.scheme(of: text) {
        case nil:
            return try Self.parseBare(text)
        case let (source, name, rest)?:
            return try Self.parseURI(rest, source: source, scheme: name)
        }
    }

    /// Parses text a person pointed at — the text of a `clickCallClass` element in a web page, a
    /// selection — by the seed's rule alone: every non-digit is dropped (`8001sd12` → `800112`),
    /// even when the text starts with `tel:` (that is text, not a link) and including line
    /// breaks and tabs of a selection spanning cells or lines. A leading `+` is remembered in
    /// ``hadPlus``.
    ///
    /// Refused: more than ``maximumInputBytes`` bytes, non-ASCII decimal digits, no digit at all,
    /// more than ``maximumDigits`` digits.
    ///
    /// - Parameter text: the text.
    /// - Returns: the normalised target, ``source`` ``Source/bare``.
    /// - Throws: ``DialNumberError``; nothing should be dialled then.
    public static func parseText(_ text: String) throws(DialNumberError) -> DialTarget {
        let size = text.utf8.count
        guard size <= Self.maximumInputBytes else { throw .oversize(size) }
        return try Self.parseBare(Self.trimmed(text))
    }

    // MARK: - scheme

    /// `(source, lower-cased scheme, text after the colon)` for a URI, `nil` for a bare string.
    private static func scheme(of text: String) throws(DialNumberError) -> (Source, String, Substring)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon]
        guard let first = name.unicodeScalars.first, Self.isASCIILetter(first),
            name.unicodeScalars.allSatisfy({ Self.isASCIILetter($0) || Self.isASCIIDigit($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        let lower = name.lowercased()
        let rest = text[text.index(after: colon)...]
        switch lower {
        case "tel": return (.tel, lower, rest)
        case "callto": return (.callto, lower, rest)
        default: throw .unsupportedScheme(String(name))
        }
    }

    // MARK: - bare

    private static func parseBare(_ text: String) throws(DialNumberError) -> DialTarget {
        var digits = ""
        let hadPlus = text.unicodeScalars.first == "+"
        for scalar in text.unicodeScalars {
            if Self.isASCIIDigit(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if scalar.properties.numericType == .decimal {
                throw .nonASCIIDigit(scalar)
            }
        }
        return try Self.checked(digits: digits, hadPlus: hadPlus, extensionPart: nil, source: .bare)
    }

    // MARK: - URI

    private static func parseURI(_ rest: Substring, source: Source, scheme: String) throws(DialNumberError) -> DialTarget {
        var body = rest
        if body.hasPrefix("//") { body = body.dropFirst(2) }
        let numberEnd = body.firstIndex { $0 == ";" || $0 == "?" } ?? body.endIndex
        let numberPart = try Self.percentDecoded(body[..<numberEnd])
        var extensionPart: String?
        if numberEnd < body.endIndex, body[numberEnd] == ";" {
            let paramsEnd = body[numberEnd...].firstIndex(of: "?") ?? body.endIndex
            extensionPart = try Self.extensionParameter(body[body.index(after: numberEnd)..<paramsEnd])
        }
        var digits = ""
        var hadPlus = false
        for scalar in numberPart.unicodeScalars {
            if Self.isASCIIDigit(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if scalar == "+", digits.isEmpty, !hadPlus {
                hadPlus = true
            } else if Self.isVisualSeparator(scalar) {
                continue
            } else if Self.isControl(scalar) {
                throw .controlCharacter(scalar)
            } else if scalar.properties.numericType == .decimal {
                throw .nonASCIIDigit(scalar)
            } else if scalar.properties.isAlphabetic {
                throw .letterInURI(scalar, scheme: scheme)
            } else {
                throw .invalidCharacter(scalar, scheme: scheme)
            }
        }
        return try Self.checked(digits: digits, hadPlus: hadPlus, extensionPart: extensionPart, source: source)
    }

    /// The decoded value of the first `ext=` parameter in `;`-separated RFC 3966 parameters.
    private static func extensionParameter(_ parameters: Substring) throws(DialNumberError) -> String? {
        for parameter in parameters.split(separator: ";") {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            if parameter[..<equals].lowercased() == "ext" {
                let value = try Self.percentDecoded(parameter[parameter.index(after: equals)...])
                for scalar in value.unicodeScalars where Self.isControl(scalar) {
                    throw .controlCharacter(scalar)
                }
                return value
            }
        }
        return nil
    }

    private static func checked(digits: String, hadPlus: Bool, extensionPart: String?, source: Source) throws(DialNumberError) -> DialTarget {
        guard !digits.isEmpty else { throw .empty }
        guard digits.utf8.count <= Self.maximumDigits else { throw .tooManyDigits(digits.utf8.count) }
        return DialTarget(digits: digits, hadPlus: hadPlus, extensionPart: extensionPart, source: source)
    }

    // MARK: - character classes

    /// Decodes `%XX` escapes; the result must be valid UTF-8.
    static func percentDecoded(_ text: Substring) throws(DialNumberError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                throw .badPercentEncoding
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .badPercentEncoding }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Separators people and web pages put between digits: space, NBSP (and its narrow and figure
    /// variants), `-` `.` `(` `)` `/`, U+2010–U+2015 dashes and U+2212 minus.
    static func isVisualSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x2D, 0x2E, 0x28, 0x29, 0x2F: true
        case 0xA0, 0x2007, 0x202F: true
        case 0x2010...0x2015, 0x2212: true
        default: false
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x41 && scalar.value <= 0x5A) || (scalar.value >= 0x61 && scalar.value <= 0x7A)
    }

    /// Drops leading and trailing white space (including NBSP and line breaks).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
