import Foundation
import Testing
import WellBrowserHost
import WellProtocol

/// The framing: 4-byte native-endian length + body, exactly, however the bytes arrive.
@Suite("Native messaging: framing")
struct NativeMessagingTests {
    @Test func headerIsNativeEndian() {
        let header = NativeMessageFrame.header(length: 0x0102_0304)
        #expect(header == withUnsafeBytes(of: UInt32(0x0102_0304)) { Array($0) })
        #expect(NativeMessageFrame.length(ofHeader: header) == 0x0102_0304)
        #expect(NativeMessageFrame.encode([7, 8]) == NativeMessageFrame.header(length: 2) + [7, 8])
    }

    @Test("a message split across reads at every byte is read whole, and the next one after it", arguments: [1, 2, 3, 5, 7])
    func splitReads(chunkSize: Int) throws {
        let stream = Frames.frame(#"{"status":true}"#) + Frames.frame(#"{"config":true,"id":7}"#)
        let chunks = stride(from: 0, to: stream.count, by: chunkSize).map { Array(stream[$0..<min($0 + chunkSize, stream.count)]) }
        var reader = NativeMessageReader(source: ChunkedSource(chunks))
        #expect(try reader.next() == Array(#"{"status":true}"#.utf8))
        #expect(try reader.next() == Array(#"{"config":true,"id":7}"#.utf8))
        #expect(try reader.next() == nil)
    }

    @Test func zeroLengthMessageIsAnEmptyBody() throws {
        var reader = NativeMessageReader(source: ChunkedSource([NativeMessageFrame.header(length: 0)]))
        #expect(try reader.next() == [])
        #expect(try reader.next() == nil)
    }

    @Test(
        "a length over the cap stops the reader before one byte of the body is read",
        arguments: [UInt32(NativeMessageFrame.maximumSize + 1), 0x7FFF_FFFF, UInt32.max])
    func overCapLength(length: UInt32) throws {
        let source = ChunkedSource([NativeMessageFrame.header(length: length), Array(repeating: 0x41, count: 100)])
        var reader = NativeMessageReader(source: source)
        #expect(throws: NativeMessageReadError.tooLarge(length)) { try reader.next() }
        #expect(source.tally.delivered == 4)
    }

    @Test func exactlyTheCapIsRead() throws {
        let body = [UInt8](repeating: 0x20, count: NativeMessageFrame.maximumSize)
        var reader = NativeMessageReader(source: ChunkedSource([NativeMessageFrame.encode(body)]))
        #expect(try reader.next() == body)
    }

    @Test func inputEndingInsideAHeaderOrABodyIsTruncated() throws {
        var header = NativeMessageReader(source: ChunkedSource([[5, 0]]))
        #expect(throws: NativeMessageReadError.truncated(got: 2, expected: 4)) { try header.next() }
        var body = NativeMessageReader(source: ChunkedSource([NativeMessageFrame.header(length: 10) + [1, 2, 3]]))
        #expect(throws: NativeMessageReadError.truncated(got: 3, expected: 10)) { try body.next() }
    }

    @Test func emptyInputEndsCleanly() throws {
        var reader = NativeMessageReader(source: ChunkedSource([]))
        #expect(try reader.next() == nil)
    }
}
