import STOMP
import Testing

/// `next(lendingMessageBodyTo:)`: the same frames as `next()`, except that a `MESSAGE` body is
/// read in place (and comes back as what the reader made of it), whatever the chunking.
struct LentBodyDecoderTests {
    /// What `next(lendingMessageBodyTo:)` gives, with each `MESSAGE` put back together from the
    /// frame (empty body) and the lent body, so it compares with `next()`'s items.
    static func decodeLending(_ input: [UInt8], chunkSize: Int) throws -> (items: [STOMPDecoded], emptyBodies: Bool) {
        var decoder = STOMPFrameDecoder()
        var items: [STOMPDecoded] = []
        var emptyBodies = true
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + chunkSize)
            decoder.append(input[offset..<end])
            offset = end
            while let item = try decoder.next(lendingMessageBodyTo: { frame, body in (frame.body.isEmpty, Array(body)) }) {
                switch item {
                case .frame(let frame):
                    items.append(.frame(frame))
                case .heartbeat:
                    items.append(.heartbeat)
                case .message(var frame, let (wasEmpty, body)):
                    emptyBodies = emptyBodies && wasEmpty && frame.body.isEmpty
                    frame.body = body
                    items.append(.frame(frame))
                }
            }
        }
        #expect(decoder.isIdle)
        return (items, emptyBodies)
    }

    @Test(arguments: [1, 2, 5, 13, 1 << 20])
    func sameItemsAsNextInAnyChunking(chunkSize: Int) throws {
        let stream =
            FrameDecoderTests.stream
            + bytes("MESSAGE\ndestination:/b\nsubscription:sub-0\nmessage-id:2\n\n{\"no\":\"length\"}\0\n")
        let (items, emptyBodies) = try Self.decodeLending(stream, chunkSize: chunkSize)
        #expect(items == (try decodeAll(stream)))
        #expect(emptyBodies, "a lent MESSAGE carries no copy of its body")
    }

    @Test func anErrorIsFinalAsWithNext() throws {
        var decoder = STOMPFrameDecoder()
        decoder.append(bytes("MESSAGE\ndestination:/a\ncontent-length:2\n\nabc\0"))
        #expect(throws: STOMPDecodingError.self) { try decoder.next(lendingMessageBodyTo: { _, body in body.count }) }
        #expect(throws: STOMPDecodingError.self) { try decoder.next() }
    }
}
