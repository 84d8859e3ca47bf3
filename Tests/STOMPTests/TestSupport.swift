import STOMP
import Testing

/// A small deterministic generator (SplitMix64) so random tests replay identically.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Bytes of a string (test shorthand).
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Feeds `input` in chunks of the given sizes (cycled) and collects everything decoded.
func decodeAll(
    _ input: [UInt8], chunkSizes: [Int] = [Int.max], decoder: STOMPFrameDecoder = STOMPFrameDecoder()
) throws(STOMPDecodingError) -> [STOMPDecoded] {
    var decoder = decoder
    var items: [STOMPDecoded] = []
    var offset = 0
    var chunkIndex = 0
    while offset < input.count {
        let size = max(1, min(chunkSizes[chunkIndex % chunkSizes.count], input.count - offset))
        decoder.append(input[offset..<offset + size])
        offset += size
        chunkIndex += 1
        items.append(contentsOf: try decoder.decodeAvailable())
    }
    #expect(decoder.bufferedByteCount == 0, "bytes left over after the last frame")
    return items
}

/// Only the frames of decoded items.
func frames(_ items: [STOMPDecoded]) -> [STOMPFrame] {
    items.compactMap { item in
        if case .frame(let frame) = item { return frame }
        return nil
    }
}

/// Decodes input that must contain exactly one frame.
func decodeOne(_ text: String) throws(STOMPDecodingError) -> STOMPFrame? {
    let all = frames(try decodeAll(bytes(text)))
    #expect(all.count == 1)
    return all.first
}

/// Runs the decoder over `input` in one go and returns the error it must throw.
func decodingError(_ input: [UInt8], limits: STOMPLimits = .default) -> STOMPDecodingError? {
    var decoder = STOMPFrameDecoder(limits: limits)
    decoder.append(input)
    do {
        while try decoder.next() != nil {}
        return nil
    } catch {
        return error
    }
}
