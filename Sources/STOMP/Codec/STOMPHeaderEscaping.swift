/// STOMP header escaping (1.2: `\\` `\n` `\r` `\c`; 1.1: the same without `\r`; 1.0: none).
enum STOMPHeaderEscaping {
    static let backslash = UInt8(ascii: "\\")
    static let colon = UInt8(ascii: ":")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let nul: UInt8 = 0
    static let space = UInt8(ascii: " ")

    /// Appends `text` to `output` escaped for `version`.
    ///
    /// Without escaping (1.0, `CONNECT`, `CONNECTED`) characters that cannot be carried are
    /// replaced: CR/LF by a space (and `:` too when `isName`), so a value can never inject lines.
    /// NUL is always dropped.
    static func append(_ text: String, escaped: Bool, version: STOMPVersion, isName: Bool, to output: inout [UInt8]) {
        let escapes = escaped && version >= .v1_1
        for byte in text.utf8 {
            switch byte {
            case Self.nul:
                continue
            case Self.backslash where escapes:
                output.append(Self.backslash)
                output.append(Self.backslash)
            case Self.lineFeed where escapes:
                output.append(Self.backslash)
                output.append(UInt8(ascii: "n"))
            case Self.carriageReturn where escapes && version >= .v1_2:
                output.append(Self.backslash)
                output.append(UInt8(ascii: "r"))
            case Self.colon where escapes:
                output.append(Self.backslash)
                output.append(UInt8(ascii: "c"))
            case Self.lineFeed, Self.carriageReturn:
                output.append(Self.space)
            case Self.colon where isName:
                output.append(Self.space)
            default:
                output.append(byte)
            }
        }
    }

    /// Unescapes header bytes.
    ///
    /// - Returns: the unescaped bytes, or `nil` when an undefined escape (or a trailing `\`) occurs.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        guard bytes.contains(Self.backslash) else { return Array(bytes) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == Self.backslash else {
                output.append(byte)
                continue
            }
            switch iterator.next() {
            case UInt8(ascii: "n"): output.append(Self.lineFeed)
            case UInt8(ascii: "r"): output.append(Self.carriageReturn)
            case UInt8(ascii: "c"): output.append(Self.colon)
            case Self.backslash: output.append(Self.backslash)
            default: return nil
            }
        }
        return output
    }
}
