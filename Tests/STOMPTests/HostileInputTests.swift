import STOMP
import Testing

/// Hostile or broken input must end in a ``STOMPDecodingError`` — never a crash or unbounded memory.
struct HostileInputTests {
    static let small = STOMPLimits(maxFrameSize: 4096, maxHeaderCount: 4, maxHeaderLineLength: 64, maxBodySize: 1024)

    @Test func unknownCommand() {
        #expect(decodingError(bytes("HELLO\n\n\0"))?.code == .unknownCommand)
        #expect(decodingError(bytes("send\n\n\0"))?.code == .unknownCommand)
        #expect(decodingError(bytes(" SEND\n\n\0"))?.code == .unknownCommand)
    }

    @Test func invalidUTF8InCommandAndHeaders() {
        #expect(decodingError([0xFF, 0xFE, 10, 10, 0])?.code == .invalidUTF8)
        #expect(decodingError(bytes("SEND\nk:") + [0xC3, 0x28] + bytes("\n\n\0"))?.code == .invalidUTF8)
        #expect(decodingError(bytes("SEND\n") + [0xED, 0xA0, 0x80] + bytes(":v\n\n\0"))?.code == .invalidUTF8)
    }

    @Test func invalidEscapes() {
        #expect(decodingError(bytes("SEND\nk:a\\tb\n\n\0"))?.code == .invalidEscape)
        #expect(decodingError(bytes("SEND\nk:trailing\\\n\n\0"))?.code == .invalidEscape)
        #expect(decodingError(bytes("SEND\nk\\x:v\n\n\0"))?.code == .invalidEscape)
    }

    @Test func malformedHeaders() {
        #expect(decodingError(bytes("SEND\nno-colon\n\n\0"))?.code == .malformedHeader)
        #expect(decodingError(bytes("SEND\n:empty-name\n\n\0"))?.code == .malformedHeader)
    }

    @Test func malformedFrames() {
        #expect(decodingError(bytes("\rX"))?.code == .malformedFrame)
        #expect(decodingError(bytes("SEND\ndestination:/a\0"))?.code == .malformedFrame)
        #expect(decodingError(bytes("\0"))?.code == .malformedFrame)
    }

    @Test func invalidContentLength() {
        for value in ["abc", "-1", "1e3", "", " 5", "99999999999999999999999"] {
            let error = decodingError(bytes("SEND\ncontent-length:\(value)\n\nhello\0"))
            #expect(error?.code == .invalidContentLength, "value \(value)")
        }
    }

    @Test func missingNULAfterContentLengthBody() {
        #expect(decodingError(bytes("SEND\ncontent-length:3\n\nabcd\0"))?.code == .missingNUL)
    }

    @Test func oversizeBodyDeclaredOrStreamed() {
        #expect(decodingError(bytes("SEND\ncontent-length:1025\n\n"), limits: Self.small)?.code == .bodyTooLarge)
        let streamed = bytes("SEND\n\n") + Array(repeating: 65, count: 1025)
        #expect(decodingError(streamed, limits: Self.small)?.code == .bodyTooLarge)
        let exact = bytes("SEND\n\n") + Array(repeating: 65, count: 1024) + [0]
        #expect(decodingError(exact, limits: Self.small) == nil)
    }

    @Test func oversizeLine() {
        let exact = bytes("SEND\nk:" + String(repeating: "v", count: 62) + "\r\n\n\0")
        #expect(decodingError(exact, limits: Self.small) == nil)
        let long = bytes("SEND\nk:" + String(repeating: "v", count: 63) + "\n\n\0")
        #expect(decodingError(long, limits: Self.small)?.code == .lineTooLong)
        let unterminated = Array(repeating: UInt8(ascii: "S"), count: 100)
        #expect(decodingError(unterminated, limits: Self.small)?.code == .lineTooLong)
    }

    @Test func tooManyHeaders() {
        let four = bytes("SEND\na:1\nb:2\nc:3\nd:4\n\n\0")
        #expect(decodingError(four, limits: Self.small) == nil)
        let five = bytes("SEND\na:1\nb:2\nc:3\nd:4\ne:5\n\n\0")
        #expect(decodingError(five, limits: Self.small)?.code == .tooManyHeaders)
    }

    @Test func oversizeFrame() {
        let limits = STOMPLimits(maxFrameSize: 100, maxHeaderCount: 100, maxHeaderLineLength: 64, maxBodySize: 1000)
        let manyHeaders = bytes("SEND\n" + String(repeating: "header:value\n", count: 10) + "\n\0")
        #expect(decodingError(manyHeaders, limits: limits)?.code == .frameTooLarge)
        let declared = bytes("SEND\ncontent-length:200\n\n")
        #expect(decodingError(declared, limits: limits)?.code == .frameTooLarge)
    }

    @Test func tenMegabyteStreamWithoutNULStaysBounded() {
        var decoder = STOMPFrameDecoder()
        decoder.append("SEND\ndestination:/a\n\n")
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var failure: STOMPDecodingError?
        var largestBuffer = 0
        for _ in 0..<160 { // 10 MiB
            decoder.append(chunk)
            largestBuffer = max(largestBuffer, decoder.bufferedByteCount)
            do {
                while try decoder.next() != nil {}
            } catch {
                failure = failure ?? error
            }
        }
        #expect(failure?.code == .bodyTooLarge)
        #expect(largestBuffer <= STOMPLimits.default.maxBodySize + 64 * 1024 + 64)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func tenMegabyteStreamWithoutEOLStaysBounded() {
        var decoder = STOMPFrameDecoder()
        let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 64 * 1024)
        var failure: STOMPDecodingError?
        for _ in 0..<160 {
            decoder.append(chunk)
            #expect(decoder.bufferedByteCount <= 64 * 1024)
            do {
                while try decoder.next() != nil {}
            } catch {
                failure = failure ?? error
            }
        }
        #expect(failure?.code == .lineTooLong)
    }

    @Test func decoderRefusesInputAfterError() throws {
        var decoder = STOMPFrameDecoder()
        decoder.append("BOGUS\n\n\0")
        #expect(throws: STOMPDecodingError.self) { try decoder.next() }
        decoder.append("RECEIPT\nreceipt-id:1\n\n\0")
        #expect(decoder.bufferedByteCount == 0)
        do {
            _ = try decoder.next()
            Issue.record("a failed decoder returned a value")
        } catch {
            #expect(error.code == .unknownCommand)
            #expect(decoder.error == error)
        }
    }

    @Test func errorDescriptionsAreShortAndPrintable() {
        let error = decodingError(bytes(String(repeating: "\u{1}Z", count: 100) + "\n"))
        let text = error?.description ?? ""
        #expect(text.contains("unknown command"))
        #expect(text.count < 120)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func randomGarbageNeverCrashes() {
        var random = SeededGenerator(seed: 0xBAD5EED)
        let alphabet = bytes("SENDMESAGCONTi:\\\n\r\0ncr") + [0xFF, 0xC3]
        for _ in 0..<2000 {
            var decoder = STOMPFrameDecoder(limits: Self.small)
            let length = Int.random(in: 0..<200, using: &random)
            let input = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            var offset = 0
            while offset < input.count {
                let size = Int.random(in: 1...16, using: &random)
                decoder.append(input[offset..<min(input.count, offset + size)])
                offset += size
                while (try? decoder.next()) != nil {}
            }
            #expect(decoder.bufferedByteCount <= 4096 + 16)
        }
    }
}
