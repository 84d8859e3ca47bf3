/// TOML 1.0 integers and floats, read from a bare value token.
///
/// Integers: decimal with an optional sign and no leading zero (`+42`, `-17`, `1_000`), or
/// unsigned `0x`, `0o`, `0b` with lower-case prefixes; `_` only between two digits; the value
/// must fit 64 bits. Floats: an integer part as above, then a fraction (`.` and digits), an
/// exponent (`e`/`E`, optional sign, digits) or both; or `inf`/`nan` with an optional sign.
enum TOMLNumber {
    /// Whether `token` is a float rather than an integer (only the form; not yet validated).
    static func looksLikeFloat(_ token: [Unicode.Scalar]) -> Bool {
        let body = token.first == "+" || token.first == "-" ? token.dropFirst() : token[...]
        if body.starts(with: ["0", "x"]) || body.starts(with: ["0", "o"]) || body.starts(with: ["0", "b"]) { return false }
        return body.contains(".") || body.contains("e") || body.contains("E") || body.elementsEqual(["i", "n", "f"])
            || body.elementsEqual(["n", "a", "n"])
    }

    /// An integer token.
    /// - Parameter token: the scalars of the value.
    /// - Returns: the number.
    /// - Throws: ``TOMLValueProblem`` naming the token.
    static func integer(_ token: [Unicode.Scalar]) throws(TOMLValueProblem) -> Int {
        let text = String(String.UnicodeScalarView(token))
        for (prefix, radix, name) in [("0x", 16, "hexadecimal"), ("0o", 8, "octal"), ("0b", 2, "binary")] {
            let signed = token.first == "+" || token.first == "-"
            guard Array(token.dropFirst(signed ? 1 : 0).prefix(2)) == Array(prefix.unicodeScalars) else { continue }
            if signed { throw TOMLValueProblem("a \(name) integer cannot have a sign ('\(text)')") }
            let digits = token.dropFirst(2)
            guard Self.digitRunEnd(digits, from: digits.startIndex, radix: radix) == digits.endIndex else {
                throw TOMLValueProblem("invalid \(name) integer '\(text)'")
            }
            guard let magnitude = UInt64(String(String.UnicodeScalarView(digits.filter { $0 != "_" })), radix: radix),
                magnitude <= UInt64(Int.max)
            else { throw TOMLValueProblem("integer '\(text)' is out of range") }
            return Int(magnitude)
        }
        let body = token.first == "+" || token.first == "-" ? token.dropFirst() : token[...]
        guard Self.digitRunEnd(body, from: body.startIndex, radix: 10) == body.endIndex else {
            throw TOMLValueProblem("invalid integer '\(text)' (digits, with '_' only between two digits)")
        }
        if body.count > 1, body.first == "0" { throw TOMLValueProblem("leading zeros are not allowed in integer '\(text)'") }
        guard let number = Int(String(String.UnicodeScalarView(token.filter { $0 != "_" }))) else {
            throw TOMLValueProblem("integer '\(text)' is out of range")
        }
        return number
    }

    /// A float token.
    /// - Parameter token: the scalars of the value.
    /// - Returns: the number (overflow gives an infinity, as the nearest float).
    /// - Throws: ``TOMLValueProblem`` naming the token.
    static func float(_ token: [Unicode.Scalar]) throws(TOMLValueProblem) -> Double {
        let text = String(String.UnicodeScalarView(token))
        let problem = TOMLValueProblem("invalid float '\(text)' (e.g. 3.14, -0.5, 1e6, 6.02e+23, inf, nan; digits on both sides of '.')")
        var body = token[...]
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        if body.elementsEqual(["i", "n", "f"]) { return negative ? -.infinity : .infinity }
        if body.elementsEqual(["n", "a", "n"]) { return .nan }
        guard let integerEnd = Self.digitRunEnd(body, from: body.startIndex, radix: 10) else { throw problem }
        if body.distance(from: body.startIndex, to: integerEnd) > 1, body.first == "0" {
            throw TOMLValueProblem("leading zeros are not allowed in float '\(text)'")
        }
        var index = integerEnd
        var hasFraction = false
        var hasExponent = false
        if index < body.endIndex, body[index] == "." {
            guard let end = Self.digitRunEnd(body, from: index + 1, radix: 10) else { throw problem }
            index = end
            hasFraction = true
        }
        if index < body.endIndex, body[index] == "e" || body[index] == "E" {
            var start = index + 1
            if start < body.endIndex, body[start] == "+" || body[start] == "-" { start += 1 }
            guard let end = Self.digitRunEnd(body, from: start, radix: 10) else { throw problem }
            index = end
            hasExponent = true
        }
        guard index == body.endIndex, hasFraction || hasExponent,
            let number = Double(String(String.UnicodeScalarView(token.filter { $0 != "_" })))
        else { throw problem }
        return number
    }

    /// The end of `digit *( digit / "_" digit )` starting at `start`, or `nil` when no digit is
    /// there or an `_` is not between two digits.
    private static func digitRunEnd(_ scalars: ArraySlice<Unicode.Scalar>, from start: Int, radix: Int) -> Int? {
        func isDigit(_ index: Int) -> Bool {
            guard index < scalars.endIndex else { return false }
            return switch scalars[index].value {
            case 0x30...0x39: Int(scalars[index].value - 0x30) < radix
            case 0x41...0x46, 0x61...0x66: radix == 16
            default: false
            }
        }
        guard isDigit(start) else { return nil }
        var index = start + 1
        while index < scalars.endIndex {
            if isDigit(index) {
                index += 1
            } else if scalars[index] == "_" {
                guard isDigit(index + 1) else { return nil }
                index += 2
            } else {
                break
            }
        }
        return index
    }
}
