extension STOMPFrame {
    /// Encodes the frame for STOMP 1.2 with ``STOMPContentLengthPolicy/automatic``.
    ///
    /// Header names and values are escaped (`\\`, `\n`, `\r`, `\c`) except in `CONNECT`,
    /// `STOMP` and `CONNECTED` frames; lines end in LF; the frame ends in NUL.
    public func encoded() -> [UInt8] {
        self.encoded(version: .v1_2, contentLength: .automatic)
    }

    /// Encodes the frame for a given protocol version.
    ///
    /// - Parameters:
    ///   - version: selects header escaping: 1.2 escapes `\\ \n \r :`, 1.1 the same without CR,
    ///     1.0 none. Where a character cannot be escaped, CR/LF become a space (and `:` in names);
    ///     NUL in headers is dropped — a header can never break the frame.
    ///   - contentLength: when to write `content-length`; the value written is always the true
    ///     body size and replaces any value already in ``headers``.
    /// - Returns: the bytes of the frame, NUL included.
    public func encoded(version: STOMPVersion, contentLength: STOMPContentLengthPolicy = .automatic) -> [UInt8] {
        let hasHeader = self.headers.contains(STOMPHeaders.contentLength)
        let needsLength: Bool =
            switch contentLength {
            case .always: true
            case .automatic: !self.body.isEmpty || hasHeader || self.body.contains(0)
            case .whenRequired: hasHeader || self.body.contains(0)
            }
        var headers = self.headers
        if needsLength {
            headers.set(STOMPHeaders.contentLength, String(self.body.count))
        } else {
            headers.remove(STOMPHeaders.contentLength)
        }

        let escaped = self.command.escapesHeaders
        var output: [UInt8] = []
        output.reserveCapacity(self.body.count + 64 + headers.count * 32)
        output.append(contentsOf: self.command.rawValue.utf8)
        output.append(STOMPHeaderEscaping.lineFeed)
        for header in headers {
            STOMPHeaderEscaping.append(header.name, escaped: escaped, version: version, isName: true, to: &output)
            output.append(STOMPHeaderEscaping.colon)
            STOMPHeaderEscaping.append(header.value, escaped: escaped, version: version, isName: false, to: &output)
            output.append(STOMPHeaderEscaping.lineFeed)
        }
        output.append(STOMPHeaderEscaping.lineFeed)
        output.append(contentsOf: self.body)
        output.append(STOMPHeaderEscaping.nul)
        return output
    }

    /// The encoded frame as a `String` (for WebSocket text messages); invalid UTF-8 in the body
    /// becomes U+FFFD, so send binary-bodied frames as bytes instead.
    public func encodedString(version: STOMPVersion = .v1_2, contentLength: STOMPContentLengthPolicy = .automatic)
        -> String
    {
        String(decoding: self.encoded(version: version, contentLength: contentLength), as: UTF8.self)
    }
}
