import STOMP
import Testing

struct FrameDecoderTests {
    static let stream: [UInt8] =
        bytes("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0\n")
        + bytes("MESSAGE\ndestination:/a\nsubscription:sub-0\nmessage-id:1\ncontent-length:5\n\n")
        + [104, 0, 0, 105, 10] + [0]
        + bytes("\r\n\n")
        + bytes("RECEIPT\r\nreceipt-id:r-1\r\n\r\n\0")
        + bytes("ERROR\nmessage:bad\\cthing\n\nboom\0")

    static let expected: [STOMPDecoded] = [
        .frame(STOMPFrame(command: .connected, headers: ["version": "1.2", "heart-beat": "0,0"])),
        .heartbeat,
        .frame(
            STOMPFrame(
                command: .message,
                headers: ["destination": "/a", "subscription": "sub-0", "message-id": "1", "content-length": "5"],
                body: [104, 0, 0, 105, 10])),
        .heartbeat,
        .heartbeat,
        .frame(STOMPFrame(command: .receipt, headers: ["receipt-id": "r-1"])),
        .frame(STOMPFrame(command: .error, headers: ["message": "bad:thing"], body: "boom")),
    ]

    @Test func decodesPackedStreamInOneAppend() throws {
        #expect(try decodeAll(Self.stream) == Self.expected)
    }

    @Test func decodesWhenSplitAtEveryByteBoundary() throws {
        for split in 1..<Self.stream.count {
            var decoder = STOMPFrameDecoder()
            decoder.append(Self.stream[..<split])
            var items = try decoder.decodeAvailable()
            decoder.append(Self.stream[split...])
            items += try decoder.decodeAvailable()
            #expect(items == Self.expected, "split at \(split)")
            #expect(decoder.isIdle)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 16])
    func decodesInFixedChunks(size: Int) throws {
        #expect(try decodeAll(Self.stream, chunkSizes: [size]) == Self.expected)
    }

    @Test func returnsNilUntilFrameCompleteThenFrame() throws {
        var decoder = STOMPFrameDecoder()
        decoder.append("SEND\ndestination:/a\n\nhel")
        #expect(try decoder.next() == nil)
        #expect(try decoder.next() == nil)
        decoder.append("lo")
        #expect(try decoder.next() == nil)
        decoder.append([0])
        #expect(try decoder.next() == .frame(STOMPFrame(command: .send, headers: ["destination": "/a"], body: "hello")))
        #expect(try decoder.next() == nil)
        #expect(decoder.isIdle)
    }

    @Test func heartbeatsWithLFAndCRLF() throws {
        let items = try decodeAll(bytes("\n\r\n\nRECEIPT\nreceipt-id:1\n\n\0\r\n\n"), chunkSizes: [1])
        #expect(
            items == [
                .heartbeat, .heartbeat, .heartbeat,
                .frame(STOMPFrame(command: .receipt, headers: ["receipt-id": "1"])),
                .heartbeat, .heartbeat,
            ])
    }

    @Test func contentLengthBodyMayContainNULs() throws {
        let body: [UInt8] = [0, 0, 65, 0, 0]
        let wire = bytes("SEND\ndestination:/a\ncontent-length:5\n\n") + body + [0]
        let decoded = frames(try decodeAll(wire, chunkSizes: [1]))
        #expect(decoded.map(\.body) == [body])
    }

    @Test func withoutContentLengthBodyEndsAtFirstNUL() throws {
        let decoded = frames(try decodeAll(bytes("SEND\ndestination:/a\n\nab\0\n")))
        #expect(decoded.map(\.bodyString) == ["ab"])
    }

    @Test func unescapesHeadersInOrdinaryFrames() throws {
        let frame = try #require(try decodeOne("MESSAGE\nweird\\cname:a\\nb\\rc\\\\d\\ce\nsubscription:0\n\n\0"))
        #expect(frame.headers["weird:name"] == "a\nb\rc\\d:e")
    }

    @Test func doesNotUnescapeConnectOrConnectedHeaders() throws {
        let connect = try #require(try decodeOne("CONNECT\nlogin:dom\\user\npasscode:a\\nb\n\n\0"))
        #expect(connect.headers["login"] == "dom\\user")
        #expect(connect.headers["passcode"] == "a\\nb")
        let connected = try #require(try decodeOne("CONNECTED\nserver:x\\y\n\n\0"))
        #expect(connected.headers["server"] == "x\\y")
    }

    @Test func escapesHeadersWhenEncodingButNotForConnect() {
        let message = STOMPFrame(command: .message, headers: ["a:b": "1\n2\r3\\4:5"])
        #expect(message.encodedString() == "MESSAGE\na\\cb:1\\n2\\r3\\\\4\\c5\n\n\0")
        let connect = STOMPFrame(command: .connect, headers: ["login": "dom\\user:x"])
        #expect(connect.encodedString() == "CONNECT\nlogin:dom\\user:x\n\n\0")
    }

    @Test func unrepresentableCharactersCannotInjectLines() throws {
        let connect = STOMPFrame(command: .connect, headers: ["login": "me\ndestination:/evil", "pass\0code": "x"])
        let decoded = try #require(try decodeOne(connect.encodedString()))
        #expect(
            Array(decoded.headers) == [
                STOMPHeader(name: "login", value: "me destination:/evil"),
                STOMPHeader(name: "passcode", value: "x"),
            ])
    }

    @Test func version11EncodingLeavesCRAndVersion10EscapesNothing() {
        let frame = STOMPFrame(command: .send, headers: ["k": "a\rb\nc"])
        #expect(frame.encodedString(version: .v1_1) == "SEND\nk:a b\\nc\n\n\0")
        #expect(frame.encodedString(version: .v1_0) == "SEND\nk:a b c\n\n\0")
    }

    @Test func version10DecoderKeepsBackslashes() throws {
        let decoder = STOMPFrameDecoder(unescapesHeaders: false)
        let items = try decodeAll(bytes("MESSAGE\nsubscription:C:\\temp\\x\n\n\0"), decoder: decoder)
        #expect(frames(items).first?.headers["subscription"] == "C:\\temp\\x")
    }

    @Test func repeatedHeaderFirstWins() throws {
        let frame = try #require(try decodeOne("MESSAGE\nfoo:World\nfoo:Hello\n\n\0"))
        #expect(frame.headers["foo"] == "World")
        #expect(frame.headers.values(for: "foo") == ["World", "Hello"])
        #expect(frame.encodedString() == "MESSAGE\nfoo:World\nfoo:Hello\n\n\0")
    }

    @Test func repeatedContentLengthFirstWins() throws {
        let frame = try #require(try decodeOne("SEND\ncontent-length:2\ncontent-length:5\n\na\0\0"))
        #expect(frame.body == [97, 0])
    }

    @Test func headerValueMayContainColonsAndBeEmpty() throws {
        let frame = try #require(try decodeOne("SEND\ndestination:/a:b\nempty:\n\n\0"))
        #expect(frame.headers["destination"] == "/a:b")
        #expect(frame.headers["empty"] == "")
    }

    @Test func acceptsStringAppends() throws {
        var decoder = STOMPFrameDecoder()
        decoder.append("RECEIPT\nreceipt-id:é\n\n\0RECE")
        #expect(try decoder.next() == .frame(STOMPFrame(command: .receipt, headers: ["receipt-id": "é"])))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 4)
    }
}
