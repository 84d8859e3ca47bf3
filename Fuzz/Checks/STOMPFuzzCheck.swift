import STOMP

/// The per-input check of the STOMP fuzzer (`FuzzSTOMP`), also run by the regression tests on the
/// corpus and the reproducers.
///
/// Input layout: byte 0 picks the decoder set-up (bit 0: small limits, bit 1: STOMP 1.0 headers
/// without unescaping), byte 1 seeds the chunk sizes, the rest is the byte stream.
///
/// Invariants: no crash; the stream decodes to the same frames (and fails or not) whether it
/// arrives whole or split at the chosen points; after every append the buffered bytes stay within
/// the limits, and 0 after an error, which is final; every decoded frame encodes to bytes that
/// decode back to the same frame.
public enum STOMPFuzzCheck {
    /// Small limits so the fuzzer reaches every bound with inputs of a few hundred bytes.
    static let smallLimits = STOMPLimits(maxFrameSize: 600, maxHeaderCount: 6, maxHeaderLineLength: 80, maxBodySize: 256)
    /// No practical bound, for re-decoding encoded frames (escaping may lengthen lines).
    static let unboundedLimits = STOMPLimits(
        maxFrameSize: 1 << 40, maxHeaderCount: 1 << 30, maxHeaderLineLength: 1 << 40, maxBodySize: 1 << 40)

    /// Returns the violated invariants for one input (`"tag: detail"`), empty when all hold.
    public static func violations(for input: [UInt8]) -> [String] {
        guard input.count >= 2 else { return [] }
        let limits = input[0] & 1 == 1 ? Self.smallLimits : STOMPLimits.default
        let unescapes = input[0] & 2 == 0
        let stream = Array(input[2...])
        var problems: [String] = []

        let whole = Self.decode(stream, chunkSizes: [stream.count], limits: limits, unescapes: unescapes, &problems)
        let sizes = Self.chunkSizes(seed: input[1], total: stream.count)
        let split = Self.decode(stream, chunkSizes: sizes, limits: limits, unescapes: unescapes, &problems)
        if whole.items != split.items || (whole.error == nil) != (split.error == nil) {
            problems.append(
                "chunking: whole stream gave \(whole.items.count) items, error \(String(describing: whole.error)); "
                    + "chunks \(sizes.prefix(8))… gave \(split.items.count) items, error \(String(describing: split.error))")
        }
        for case .frame(let frame) in whole.items {
            Self.checkRoundTrip(frame, &problems)
        }
        return problems
    }

    /// Feeds `stream` in chunks, draining after each; checks the buffer bound and sticky errors.
    static func decode(
        _ stream: [UInt8], chunkSizes: [Int], limits: STOMPLimits, unescapes: Bool, _ problems: inout [String]
    ) -> (items: [STOMPDecoded], error: STOMPDecodingError?) {
        var decoder = STOMPFrameDecoder(limits: limits, unescapesHeaders: unescapes)
        // Whatever is buffered while waiting is part of one frame: a partial line, or a body.
        let bound = min(limits.maxFrameSize, max(limits.maxHeaderLineLength + 1, limits.maxBodySize))
        var items: [STOMPDecoded] = []
        var failure: STOMPDecodingError?
        var offset = 0
        for size in chunkSizes {
            let end = min(stream.count, offset + size)
            decoder.append(stream[offset..<end])
            offset = end
            do {
                while let item = try decoder.next() { items.append(item) }
            } catch {
                failure = failure ?? error
            }
            if failure == nil, decoder.bufferedByteCount > bound {
                problems.append("buffer: \(decoder.bufferedByteCount) bytes buffered, bound \(bound) (\(limits))")
            }
            if let failure {
                if decoder.bufferedByteCount != 0 {
                    problems.append("buffer: \(decoder.bufferedByteCount) bytes kept after error \(failure)")
                }
                do {
                    _ = try decoder.next()
                    problems.append("sticky-error: next() returned after error \(failure)")
                } catch {
                    if error != failure { problems.append("sticky-error: \(error) after \(failure)") }
                }
            }
        }
        return (items, failure)
    }

    /// Encoding a decoded frame and decoding it again gives the same frame, up to what the
    /// encoder documents: `content-length` is rewritten, and in unescaped frames (`CONNECT`,
    /// `STOMP`, `CONNECTED`) CR becomes a space.
    static func checkRoundTrip(_ frame: STOMPFrame, _ problems: inout [String]) {
        let bytes = frame.encoded()
        var decoder = STOMPFrameDecoder(limits: Self.unboundedLimits)
        decoder.append(bytes)
        let items: [STOMPDecoded]
        do {
            items = try decoder.decodeAvailable()
        } catch {
            problems.append("round-trip: encoded \(frame.command) frame rejected: \(error)")
            return
        }
        guard items.count == 1, case .frame(let back) = items[0], decoder.isIdle else {
            problems.append("round-trip: encoded \(frame.command) frame decoded to \(items.count) items")
            return
        }
        let expected = Self.normalised(frame)
        let actual = Self.normalised(back)
        if expected != actual {
            problems.append("round-trip: \(expected) came back as \(actual)")
        }
    }

    static func normalised(_ frame: STOMPFrame) -> STOMPFrame {
        var headers = STOMPHeaders()
        for header in frame.headers where header.name != STOMPHeaders.contentLength {
            if frame.command.escapesHeaders {
                headers.append(header)
            } else {
                func spaced(_ text: String) -> String {
                    String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
                }
                headers.append(spaced(header.name), spaced(header.value))
            }
        }
        return STOMPFrame(command: frame.command, headers: headers, body: frame.body)
    }

    /// Chunk sizes from a tiny xorshift generator: 1-byte splits up to 512-byte chunks.
    static func chunkSizes(seed: UInt8, total: Int) -> [Int] {
        let widths = [1, 2, 3, 7, 16, 64, 512, 4096]
        let width = widths[Int(seed & 7)]
        var state = UInt32(seed) &* 2_654_435_761 | 1
        var sizes: [Int] = []
        var covered = 0
        while covered < total {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            let size = 1 + Int(state % UInt32(width))
            sizes.append(size)
            covered += size
        }
        return sizes
    }
}
