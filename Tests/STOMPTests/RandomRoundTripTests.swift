import STOMP
import Testing

/// Seeded random frames: encode → concatenate with heart-beats → split randomly → decode equal.
struct RandomRoundTripTests {
    static let nameAlphabet = Array("abcXYZ-_09:\\\n\réß中".unicodeScalars)
    static let valueAlphabet = Array("abc /.:,\\\n\r\té€🙂".unicodeScalars)
    static let plainAlphabet = Array("abcXYZ-_09/.,=é".unicodeScalars)

    static func randomString(
        _ alphabet: [Unicode.Scalar], length: ClosedRange<Int>, using random: inout SeededGenerator
    ) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: length, using: &random) {
            text.append(alphabet.randomElement(using: &random)!)
        }
        return String(text)
    }

    static func randomFrame(using random: inout SeededGenerator) -> STOMPFrame {
        let command = STOMPCommand.allCases.randomElement(using: &random)!
        var headers = STOMPHeaders()
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            if command.escapesHeaders {
                headers.append(
                    Self.randomString(Self.nameAlphabet, length: 1...8, using: &random),
                    Self.randomString(Self.valueAlphabet, length: 0...20, using: &random))
            } else {
                // CONNECT/CONNECTED cannot carry CR, LF or ':' in names: stay within what round-trips.
                headers.append(
                    Self.randomString(Self.plainAlphabet, length: 1...8, using: &random),
                    Self.randomString(Self.plainAlphabet + [":", "\\"], length: 0...20, using: &random))
            }
        }
        let bodyLength = [0, 1, 5, 100, 3000].randomElement(using: &random)!
        let body = (0..<bodyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
        if body.contains(0) || Bool.random(using: &random) && !body.isEmpty {
            // Put the header where the encoder will keep it, so the decoded frame is identical.
            headers.append("content-length", String(body.count))
        }
        return STOMPFrame(command: command, headers: headers, body: body)
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 0xDEAD_BEEF])
    func randomFramesSurviveRandomSplits(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var stream: [UInt8] = []
        var expected: [STOMPDecoded] = []
        for _ in 0..<200 {
            let frame = Self.randomFrame(using: &random)
            stream += frame.encoded(version: .v1_2, contentLength: .whenRequired)
            expected.append(.frame(frame))
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                stream += Bool.random(using: &random) ? [10] : [13, 10]
                expected.append(.heartbeat)
            }
        }
        let chunkSizes = (0..<64).map { _ in Int.random(in: 1...700, using: &random) }
        let decoded = try decodeAll(stream, chunkSizes: chunkSizes)
        #expect(decoded.count == expected.count)
        for (index, pair) in zip(decoded, expected).enumerated() where pair.0 != pair.1 {
            Issue.record("item \(index) differs: \(pair.0) vs \(pair.1)")
            break
        }
    }
}
