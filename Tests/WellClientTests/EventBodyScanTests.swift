import Testing
@testable import WellClient
import WellProtocol

/// The word-at-a-time string scan and the hashed member-name lookup of the body decoder,
/// checked against byte-by-byte answers at every position around the 8-byte word boundaries.
struct EventBodyScanTests {
    /// What a byte-by-byte scan says about the string starting at `bytes[0]` (a quote).
    enum Expected: Equatable {
        case plain(Range<Int>, ascii: Bool)
        case escaped
        case fails
    }

    static func naive(_ bytes: [UInt8]) -> Expected {
        var ascii = true
        for index in 1..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return .plain(1..<index, ascii: ascii) }
            if byte == UInt8(ascii: "\\") { return .escaped }
            if byte < 0x20 { return .fails }
            if byte >= 0x80 { ascii = false }
        }
        return .fails
    }

    static func scanned(_ bytes: [UInt8]) -> Expected {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = FastJSONParser.Parser(buffer: buffer)
            do {
                guard let plain = try parser.scanPlainString() else {
                    return parser.index == 0 ? .escaped : .fails // stays at the quote when escaped
                }
                #expect(parser.index == plain.range.upperBound + 1)
                return .plain(plain.range, ascii: plain.isASCII)
            } catch {
                return .fails
            }
        }
    }

    /// Every special byte at every offset of strings up to 40 bytes, with filler before and after.
    @Test(arguments: [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x0A, 0x1F, 0x20, 0x21, 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xFF])
    func agreesWithAByteByByteScan(special: UInt8) {
        for length in 0...40 {
            for position in 0...length {
                var body: [UInt8] = [UInt8(ascii: "\"")]
                body += (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                if position < length { body[1 + position] = special }
                body.append(UInt8(ascii: "\""))
                for tail in [[], Array(#","x":1}"#.utf8)] {
                    let bytes = body + tail
                    #expect(Self.scanned(bytes) == Self.naive(bytes), "length \(length), position \(position)")
                }
            }
        }
    }

    @Test func anUnterminatedStringFailsAtEveryLength() {
        for length in 0...24 {
            let bytes = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "q"), count: length)
            #expect(Self.scanned(bytes) == .fails)
        }
    }

    /// Bodies whose values hold escapes, controls and non-ASCII at word boundaries decode as the
    /// general path decodes them (or are refused by both).
    @Test func valuesAroundWordBoundariesMatchTheGeneralPath() {
        let pieces = [#"\""#, #"\\"#, #"\u00e9"#, "é", "☎", "\u{01}", #"\ud83d\ude00"#, "\u{7F}", "x"]
        for length in 0...17 {
            for piece in pieces {
                let value = String(repeating: "d", count: length) + piece + String(repeating: "e", count: 17 - length)
                let text = #"{"eventName":"delivered","callId":"\#(value)","alertingDevice":"8001@demo.cc","serial":\#(length)}"#
                let general = (try? FastJSONParser.parse(Array(text.utf8))).flatMap { try? WellEvent(json: $0) }
                let fast = try? WellEvent(body: Array(text.utf8))
                #expect(fast == general, "\(text)")
            }
        }
    }

    @Test func everyDocumentedNameIsFoundAndNearMissesAreNot() {
        let index = EventFieldIndex.shared
        for (name, field) in EventField.table {
            let bytes = Array(name.utf8)
            let found = bytes.withUnsafeBufferPointer { index.lookup($0) }
            #expect(found?.bit == field.bit, "\(name)")
            var misses: [[UInt8]] = [Array(bytes.dropLast()), bytes + [UInt8(ascii: "x")], Array(name.uppercased().utf8)]
            for position in bytes.indices {
                var changed = bytes
                changed[position] ^= 0x01
                misses.append(changed)
            }
            for miss in misses where EventField.table[String(decoding: miss, as: UTF8.self)] == nil {
                #expect(miss.withUnsafeBufferPointer { index.lookup($0) } == nil, "\(String(decoding: miss, as: UTF8.self))")
            }
        }
        for short in ["", "a", "ab", "abc", "_ty"] {
            #expect(Array(short.utf8).withUnsafeBufferPointer { index.lookup($0) } == nil)
        }
    }
}
