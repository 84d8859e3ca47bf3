/// One STOMP frame: a command, ordered headers (unescaped) and a body of raw bytes.
///
/// ```swift
/// let frame = STOMPFrame(command: .send, headers: ["destination": "/queue/a"], body: "hello")
/// let bytes = frame.encoded()   // "SEND\ndestination:/queue/a\ncontent-length:5\n\nhello\0"
/// ```
public struct STOMPFrame: Sendable, Hashable, CustomStringConvertible {
    /// The frame command.
    public var command: STOMPCommand
    /// The headers in wire order.
    public var headers: STOMPHeaders
    /// The body bytes (may contain NUL when sent with `content-length`).
    public var body: [UInt8]

    /// Creates a frame with a byte body.
    public init(command: STOMPCommand, headers: STOMPHeaders = STOMPHeaders(), body: [UInt8] = []) {
        self.command = command
        self.headers = headers
        self.body = body
    }

    /// Creates a frame whose body is the UTF-8 encoding of `body`.
    public init(command: STOMPCommand, headers: STOMPHeaders = STOMPHeaders(), body: String) {
        self.init(command: command, headers: headers, body: Array(body.utf8))
    }

    /// The body decoded as UTF-8; invalid sequences become U+FFFD.
    public var bodyString: String { String(decoding: self.body, as: UTF8.self) }

    /// The body as UTF-8 text, or `nil` when it is not valid UTF-8.
    public var validatedBodyString: String? { String(validating: self.body, as: UTF8.self) }

    /// The first `content-type` header.
    public var contentType: String? { self.headers[STOMPHeaders.contentType] }

    /// The first `receipt` header (a client asks for a RECEIPT).
    public var receipt: String? { self.headers[STOMPHeaders.receipt] }

    public var description: String {
        "\(self.command.rawValue) \(self.headers) (\(self.body.count) body bytes)"
    }
}
