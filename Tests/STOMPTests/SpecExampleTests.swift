import STOMP
import Testing

/// The frame examples of the STOMP 1.2 specification, decoded and re-encoded.
struct SpecExampleTests {
    static let examples: [(String, STOMPFrame)] = [
        (
            "CONNECT\naccept-version:1.2\nhost:stomp.github.org\n\n\0",
            STOMPFrame(command: .connect, headers: ["accept-version": "1.2", "host": "stomp.github.org"])
        ),
        (
            "CONNECTED\nversion:1.2\n\n\0",
            STOMPFrame(command: .connected, headers: ["version": "1.2"])
        ),
        (
            "SEND\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\0",
            STOMPFrame(
                command: .send, headers: ["destination": "/queue/a", "content-type": "text/plain"],
                body: "hello queue a")
        ),
        (
            "SUBSCRIBE\nid:0\ndestination:/queue/foo\nack:client\n\n\0",
            STOMPFrame(command: .subscribe, headers: ["id": "0", "destination": "/queue/foo", "ack": "client"])
        ),
        ("UNSUBSCRIBE\nid:0\n\n\0", STOMPFrame(command: .unsubscribe, headers: ["id": "0"])),
        (
            "ACK\nid:12345\ntransaction:tx1\n\n\0",
            STOMPFrame(command: .ack, headers: ["id": "12345", "transaction": "tx1"])
        ),
        (
            "NACK\nid:12345\ntransaction:tx1\n\n\0",
            STOMPFrame(command: .nack, headers: ["id": "12345", "transaction": "tx1"])
        ),
        ("BEGIN\ntransaction:tx1\n\n\0", STOMPFrame(command: .begin, headers: ["transaction": "tx1"])),
        ("COMMIT\ntransaction:tx1\n\n\0", STOMPFrame(command: .commit, headers: ["transaction": "tx1"])),
        ("ABORT\ntransaction:tx1\n\n\0", STOMPFrame(command: .abort, headers: ["transaction": "tx1"])),
        ("DISCONNECT\nreceipt:77\n\n\0", STOMPFrame(command: .disconnect, headers: ["receipt": "77"])),
        ("RECEIPT\nreceipt-id:77\n\n\0", STOMPFrame(command: .receipt, headers: ["receipt-id": "77"])),
        (
            "MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\0",
            STOMPFrame(
                command: .message,
                headers: [
                    "subscription": "0", "message-id": "007", "destination": "/queue/a", "content-type": "text/plain",
                ],
                body: "hello queue a")
        ),
        (
            "ERROR\nversion:1.2,2.1\ncontent-type:text/plain\n\nSupported protocol versions are 1.2 2.1\0",
            STOMPFrame(
                command: .error, headers: ["version": "1.2,2.1", "content-type": "text/plain"],
                body: "Supported protocol versions are 1.2 2.1")
        ),
        (
            "CONNECT\naccept-version:1.0,1.1,2.0\nhost:stomp.github.org\n\n\0",
            STOMPFrame(
                command: .connect, headers: ["accept-version": "1.0,1.1,2.0", "host": "stomp.github.org"])
        ),
    ]

    @Test(arguments: 0..<SpecExampleTests.examples.count)
    func decodesAndReencodesExample(index: Int) throws {
        let (wire, expected) = Self.examples[index]
        let decoded = try decodeOne(wire)
        #expect(decoded == expected)
        #expect(expected.encodedString(contentLength: .whenRequired) == wire)
    }

    @Test func errorExampleWithContentLength() throws {
        let body = """
            The message:
            -----
            MESSAGE
            destined:/queue/a
            receipt:message-12345

            Hello queue a!
            -----
            Did not contain a destination header, which is REQUIRED
            for message propagation.

            """
        let wire =
            "ERROR\nreceipt-id:message-12345\ncontent-type:text/plain\ncontent-length:\(body.utf8.count)\n"
            + "message:malformed frame received\n\n\(body)\0"
        let frame = try #require(try decodeOne(wire))
        #expect(frame.command == .error)
        #expect(frame.headers["message"] == "malformed frame received")
        #expect(frame.headers["receipt-id"] == "message-12345")
        #expect(frame.bodyString == body)
        #expect(frame.encodedString() == wire)
    }

    @Test func sendGetsContentLengthByDefault() {
        let frame = STOMPFrame(command: .send, headers: ["destination": "/queue/a"], body: "hello")
        #expect(frame.encodedString() == "SEND\ndestination:/queue/a\ncontent-length:5\n\nhello\0")
        let empty = STOMPFrame(command: .send, headers: ["destination": "/queue/a"])
        #expect(empty.encodedString() == "SEND\ndestination:/queue/a\n\n\0")
        #expect(empty.encodedString(contentLength: .always) == "SEND\ndestination:/queue/a\ncontent-length:0\n\n\0")
    }

    @Test func wrongContentLengthHeaderIsCorrectedOnEncode() {
        let frame = STOMPFrame(
            command: .send, headers: ["content-length": "99", "destination": "/a", "content-length": "1"], body: "abc")
        #expect(frame.encodedString(contentLength: .whenRequired) == "SEND\ncontent-length:3\ndestination:/a\n\nabc\0")
    }

    @Test func bodyWithNULAlwaysGetsContentLength() throws {
        let frame = STOMPFrame(command: .send, headers: ["destination": "/a"], body: [1, 0, 2])
        let wire = frame.encoded(version: .v1_2, contentLength: .whenRequired)
        #expect(wire == bytes("SEND\ndestination:/a\ncontent-length:3\n\n") + [1, 0, 2, 0])
    }
}
