/// An incremental STOMP frame decoder for a byte stream (e.g. the payloads of WebSocket messages).
///
/// Feed bytes with ``append(_:)-(Sequence<UInt8>)`` in any chunking — a frame may span many
/// appends, one append may hold several frames — then call ``next()`` until it returns `nil`:
///
/// ```swift
/// var decoder = STOMPFrameDecoder()
/// decoder.append(messageBytes)
/// while let item = try decoder.next() {
///     switch item {
///     case .frame(let frame): handle(frame)
///     case .heartbeat: noteActivity()
///     }
/// }
/// ```
///
/// The body ends after `content-length` bytes when that header is present (it may then contain
/// NUL), otherwise at the first NUL. CRLF line endings are accepted. Header escapes are undone
/// (except in `CONNECT`, `STOMP` and `CONNECTED` frames). Every size is bounded by ``limits``;
/// the first error is final: ``next()`` throws it again and further input is discarded.
public struct STOMPFrameDecoder: Sendable {
    /// The bounds enforced on input.
    public var limits: STOMPLimits
    /// Whether escaped headers are unescaped (STOMP 1.1/1.2). Set `false` for a 1.0 peer,
    /// whose header values may contain a literal `\`.
    public var unescapesHeaders: Bool

    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    private var start = 0
    /// Bytes after `start` already searched for the current delimiter without success.
    private var scanned = 0
    private var phase = Phase.betweenFrames
    private var command = STOMPCommand.send
    private var headers = STOMPHeaders()
    private var frameSize = 0
    private var failure: STOMPDecodingError?

    private enum Phase: Sendable {
        case betweenFrames
        case headers
        case body(contentLength: Int?)

        var isBetweenFrames: Bool {
            if case .betweenFrames = self { return true }
            return false
        }
    }

    /// Creates a decoder.
    ///
    /// - Parameters:
    ///   - limits: size bounds (defaults: 2 MiB frame, 128 headers, 8 KiB lines, 1 MiB body).
    ///   - unescapesHeaders: `true` for STOMP 1.1/1.2 (default), `false` for 1.0.
    public init(limits: STOMPLimits = .default, unescapesHeaders: Bool = true) {
        self.limits = limits
        self.unescapesHeaders = unescapesHeaders
    }

    /// Bytes received but not yet returned as frames (bounded by ``limits`` while no error occurred).
    public var bufferedByteCount: Int { self.buffer.count - self.start }

    /// The error that stopped the decoder, if any.
    public var error: STOMPDecodingError? { self.failure }

    /// Whether the decoder is between frames with nothing buffered (a clean place to end the stream).
    public var isIdle: Bool {
        if case .betweenFrames = self.phase, self.bufferedByteCount == 0, self.failure == nil { return true }
        return false
    }

    // MARK: - Input

    /// Appends received bytes. Ignored after an error.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard self.failure == nil else { return }
        self.compactIfWorthwhile()
        self.buffer.append(contentsOf: bytes)
    }

    /// Appends the UTF-8 bytes of a text message. Ignored after an error.
    public mutating func append(_ string: String) {
        self.append(string.utf8)
    }

    // MARK: - Output

    /// Returns the next frame or heart-beat, or `nil` when more bytes are needed.
    ///
    /// - Throws: ``STOMPDecodingError`` on invalid or oversized input; the decoder then stays
    ///   failed and the connection must be dropped.
    public mutating func next() throws(STOMPDecodingError) -> STOMPDecoded? {
        if let failure = self.failure { throw failure }
        do throws(STOMPDecodingError) {
            switch try self.step() {
            case nil:
                return nil
            case .heartbeat:
                return .heartbeat
            case .frame(var frame, let body, let consumed):
                frame.body = Array(self.buffer[body])
                self.endFrame(consuming: consumed)
                return .frame(frame)
            }
        } catch {
            self.fail(error)
            throw error
        }
    }

    /// Makes `error` final: the buffer is dropped and further input discarded.
    private mutating func fail(_ error: STOMPDecodingError) {
        self.failure = error
        self.buffer = []
        self.start = 0
        self.scanned = 0
    }

    /// Returns the next item like ``next()``, except that the body of a `MESSAGE` frame is not
    /// copied: `read` gets the frame (with an empty `body`) and the body in place, a slice of the
    /// decoder's buffer that is only valid during the call (keeping it makes the decoder copy its
    /// buffer later), and its result comes back in ``STOMPLentDecoded/message(_:_:)``. Every other
    /// frame comes back whole, as from ``next()``.
    ///
    /// For a reader that turns each `MESSAGE` body into something else at once (parses it), this
    /// saves one copy and one allocation per message.
    public mutating func next<Value>(
        lendingMessageBodyTo read: (STOMPFrame, ArraySlice<UInt8>) -> Value
    ) throws(STOMPDecodingError) -> STOMPLentDecoded<Value>? {
        if let failure = self.failure { throw failure }
        do throws(STOMPDecodingError) {
            switch try self.step() {
            case nil:
                return nil
            case .heartbeat:
                return .heartbeat
            case .frame(var frame, let body, let consumed):
                let item: STOMPLentDecoded<Value>
                if frame.command == .message {
                    item = .message(frame, read(frame, self.buffer[body]))
                } else {
                    frame.body = Array(self.buffer[body])
                    item = .frame(frame)
                }
                self.endFrame(consuming: consumed)
                return item
            }
        } catch {
            self.fail(error)
            throw error
        }
    }

    /// Returns everything decodable now (frames and heart-beats, in order).
    public mutating func decodeAvailable() throws(STOMPDecodingError) -> [STOMPDecoded] {
        var items: [STOMPDecoded] = []
        while let item = try self.next() { items.append(item) }
        return items
    }

    // MARK: - Parsing

    /// What ``step()`` found.
    private enum Step {
        case heartbeat
        /// A complete frame (its `body` still empty), where its body lies in `buffer`, and how
        /// many bytes ``endFrame(consuming:)`` must consume once the body was read.
        case frame(STOMPFrame, body: Range<Int>, consumed: Int)
    }

    /// The next heart-beat or complete frame; a frame's body stays in the buffer until
    /// ``endFrame(consuming:)``.
    private mutating func step() throws(STOMPDecodingError) -> Step? {
        while true {
            switch self.phase {
            case .betweenFrames:
                guard self.start < self.buffer.count else { return nil }
                let first = self.buffer[self.start]
                if first == STOMPHeaderEscaping.lineFeed {
                    self.consume(1)
                    return .heartbeat
                }
                if first == STOMPHeaderEscaping.carriageReturn {
                    guard self.start + 1 < self.buffer.count else { return nil }
                    guard self.buffer[self.start + 1] == STOMPHeaderEscaping.lineFeed else {
                        throw STOMPDecodingError(.malformedFrame, "CR not followed by LF between frames")
                    }
                    self.consume(2)
                    return .heartbeat
                }
                guard let line = try self.readLine() else { return nil }
                self.command = try Self.parseCommand(line)
                self.headers = STOMPHeaders()
                self.phase = .headers

            case .headers:
                guard let line = try self.readLine() else { return nil }
                if line.isEmpty {
                    self.phase = .body(contentLength: try self.contentLength())
                } else {
                    guard self.headers.count < self.limits.maxHeaderCount else {
                        throw STOMPDecodingError(
                            .tooManyHeaders, "more than \(self.limits.maxHeaderCount) headers in \(self.command) frame")
                    }
                    let unescape = self.unescapesHeaders && self.command.escapesHeaders
                    self.headers.append(try Self.parseHeader(line, unescape: unescape))
                }

            case .body(let contentLength):
                guard let (body, consumed) = try self.locateBody(contentLength: contentLength) else { return nil }
                return .frame(STOMPFrame(command: self.command, headers: self.headers), body: body, consumed: consumed)
            }
        }
    }

    /// The frame ``step()`` returned was read: its bytes are consumed and the next frame may start.
    private mutating func endFrame(consuming count: Int) {
        self.consume(count)
        self.headers = STOMPHeaders()
        self.frameSize = 0
        self.phase = .betweenFrames
    }

    /// Reads one line (without CR/LF) and consumes it with its EOL; `nil` when no LF arrived yet.
    private mutating func readLine() throws(STOMPDecodingError) -> ArraySlice<UInt8>? {
        let limit = self.limits.maxHeaderLineLength
        // A line may be `limit` bytes plus an optional CR before the LF.
        let searchEnd = min(self.buffer.count, self.start + limit + 2)
        var index = self.start + self.scanned
        while index < searchEnd {
            let byte = self.buffer[index]
            if byte == STOMPHeaderEscaping.lineFeed { break }
            if byte == STOMPHeaderEscaping.nul {
                throw STOMPDecodingError(
                    .malformedFrame,
                    self.phase.isBetweenFrames
                        ? "NUL in command line" : "NUL inside the headers of a \(self.command) frame (missing blank line?)")
            }
            index += 1
        }
        guard index < searchEnd else {
            self.scanned = index - self.start
            if self.scanned >= limit + 2 {
                throw STOMPDecodingError(.lineTooLong, "line longer than \(limit) bytes")
            }
            try self.checkFrameSize(adding: self.scanned)
            return nil
        }
        var end = index
        if end > self.start, self.buffer[end - 1] == STOMPHeaderEscaping.carriageReturn { end -= 1 }
        guard end - self.start <= limit else {
            throw STOMPDecodingError(.lineTooLong, "line longer than \(limit) bytes")
        }
        let line = self.buffer[self.start..<end]
        let consumed = index + 1 - self.start
        try self.checkFrameSize(adding: consumed)
        self.frameSize += consumed
        self.consume(consumed)
        return line
    }

    /// Where the body of the current frame lies in `buffer`, and how many bytes the body and its
    /// NUL take (to consume once the body has been read); `nil` when more bytes are needed.
    private mutating func locateBody(contentLength: Int?) throws(STOMPDecodingError) -> (Range<Int>, consumed: Int)? {
        if let length = contentLength {
            guard self.bufferedByteCount > length else { return nil }
            guard self.buffer[self.start + length] == STOMPHeaderEscaping.nul else {
                throw STOMPDecodingError(
                    .missingNUL, "byte after the \(length)-byte body of a \(self.command) frame is not NUL")
            }
            return (self.start..<self.start + length, length + 1)
        }
        let searchEnd = min(self.buffer.count, self.start + self.limits.maxBodySize + 1)
        var index = self.start + self.scanned
        while index < searchEnd, self.buffer[index] != STOMPHeaderEscaping.nul { index += 1 }
        guard index < searchEnd else {
            self.scanned = index - self.start
            if self.scanned > self.limits.maxBodySize {
                throw STOMPDecodingError(
                    .bodyTooLarge, "no NUL within \(self.limits.maxBodySize) body bytes of a \(self.command) frame")
            }
            try self.checkFrameSize(adding: self.scanned + 1)
            return nil
        }
        try self.checkFrameSize(adding: index - self.start + 1)
        return (self.start..<index, index + 1 - self.start)
    }

    /// The frame's declared body length, validated against the limits.
    private func contentLength() throws(STOMPDecodingError) -> Int? {
        guard let value = self.headers[STOMPHeaders.contentLength] else { return nil }
        let digits = value.utf8
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let length = Int(value)
        else {
            throw STOMPDecodingError(.invalidContentLength, "content-length \(Self.excerpt(value)) is not a number")
        }
        guard length <= self.limits.maxBodySize else {
            throw STOMPDecodingError(
                .bodyTooLarge, "content-length \(length) exceeds the \(self.limits.maxBodySize)-byte body limit")
        }
        try self.checkFrameSize(adding: length + 1)
        return length
    }

    private func checkFrameSize(adding count: Int) throws(STOMPDecodingError) {
        if self.frameSize + count > self.limits.maxFrameSize {
            throw STOMPDecodingError(
                .frameTooLarge, "\(self.command) frame exceeds \(self.limits.maxFrameSize) bytes")
        }
    }

    private mutating func consume(_ count: Int) {
        self.start += count
        self.scanned = 0
        if self.start == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: self.buffer.capacity <= 64 * 1024)
            self.start = 0
        }
    }

    private mutating func compactIfWorthwhile() {
        if self.start > 0, self.start >= 4096, self.start * 2 >= self.buffer.count {
            self.buffer.removeSubrange(0..<self.start)
            self.start = 0
        }
    }

    private static func parseCommand(_ line: ArraySlice<UInt8>) throws(STOMPDecodingError) -> STOMPCommand {
        guard let text = Self.utf8String(line) else {
            throw STOMPDecodingError(.invalidUTF8, "command line is not valid UTF-8")
        }
        guard let command = STOMPCommand(rawValue: text) else {
            throw STOMPDecodingError(.unknownCommand, "unknown command \(Self.excerpt(text))")
        }
        return command
    }

    private static func parseHeader(_ line: ArraySlice<UInt8>, unescape: Bool) throws(STOMPDecodingError)
        -> STOMPHeader
    {
        guard let colon = line.firstIndex(of: STOMPHeaderEscaping.colon) else {
            throw STOMPDecodingError(.malformedHeader, "header line without ':'")
        }
        guard colon > line.startIndex else {
            throw STOMPDecodingError(.malformedHeader, "header line with an empty name")
        }
        let rawName = line[line.startIndex..<colon]
        let rawValue = line[(colon + 1)...]
        let name: String?
        let value: String?
        if unescape, rawName.contains(STOMPHeaderEscaping.backslash) || rawValue.contains(STOMPHeaderEscaping.backslash) {
            guard let nameBytes = STOMPHeaderEscaping.unescape(rawName), let valueBytes = STOMPHeaderEscaping.unescape(rawValue)
            else {
                throw STOMPDecodingError(.invalidEscape, "header contains an undefined '\\' escape")
            }
            name = Self.utf8String(nameBytes)
            value = Self.utf8String(valueBytes)
        } else {
            // Nothing to unescape (nearly every header): the strings come straight from the
            // buffer, without an intermediate copy of each name and value.
            name = Self.utf8String(rawName)
            value = Self.utf8String(rawValue)
        }
        guard let name, let value else { throw STOMPDecodingError(.invalidUTF8, "header is not valid UTF-8") }
        return STOMPHeader(name: name, value: value)
    }

    /// The bytes as a `String` when they are valid UTF-8. ASCII (nearly every header) takes the
    /// specialised decoding path; only non-ASCII bytes pay for the generic validator.
    static func utf8String(_ bytes: some Collection<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// A short, printable quote of untrusted text for error messages.
    static func excerpt(_ text: String) -> String {
        let prefix = text.unicodeScalars.prefix(32).map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F ? "?" : String(scalar)
        }.joined()
        return "\"" + prefix + (text.unicodeScalars.count > 32 ? "…" : "") + "\""
    }
}
