#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Percent-encoding of values placed into URL paths, queries and form bodies.
public enum PathEncoding {
    /// Encodes everything except `A–Z a–z 0–9 - . _ ~` and `@` (legal in a path segment and
    /// what the original client sends in agent/device ids). `|` becomes `%7C`, `/` `%2F`, space `%20`.
    public static func encode(_ value: String) -> String {
        Self.encode(value, keeping: "-._~@")
    }

    /// Encodes a value of an `application/x-www-form-urlencoded` body: everything except
    /// `A–Z a–z 0–9 - . _ ~` is escaped (so `&`, `=`, `+`, `%` and `@` in a password are safe).
    public static func formEncode(_ value: String) -> String {
        Self.encode(value, keeping: "-._~")
    }

    /// Decodes `%XX` escapes (UTF-8); `nil` when an escape is malformed or the bytes are not UTF-8.
    public static func decode(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes a form value: `+` is a space, then `%XX` escapes.
    public static func formDecode(_ text: String) -> String? {
        Self.decode(text.replacing("+", with: " "))
    }

    private static func encode(_ value: String, keeping extra: String) -> String {
        let kept = Set(extra.utf8)
        var out = ""
        for byte in value.utf8 {
            let isAlnum = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if isAlnum || kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
