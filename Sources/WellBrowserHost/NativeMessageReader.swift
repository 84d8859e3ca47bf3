#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a ``NativeMessageReader`` gets its bytes: a `read(2)`-like function.
public protocol NativeMessageSource {
    /// Reads at most `buffer.count` bytes into `buffer`.
    /// - Returns: the number of bytes read; `0` at the end of input.
    /// - Throws: ``NativeMessageReadError/readFailed(_:)`` when reading fails.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(NativeMessageReadError) -> Int
}

/// A file descriptor (the host's standard input) as a ``NativeMessageSource``.
public struct FileDescriptorSource: NativeMessageSource {
    /// The descriptor read from.
    public let descriptor: Int32

    /// Reads from `descriptor`.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// `read(2)`, retried when a signal interrupts it.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(NativeMessageReadError) -> Int {
        while true {
            #if canImport(Glibc)
                let count = Glibc.read(self.descriptor, buffer.baseAddress, buffer.count)
            #else
                let count = Darwin.read(self.descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw .readFailed(errno)
        }
    }
}

/// Why reading the next message stopped the host.
public enum NativeMessageReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended inside a header or a body (`got` of `expected` bytes of that part).
    case truncated(got: Int, expected: Int)
    /// The header announced more than ``NativeMessageFrame/maximumSize`` bytes; the body was not read.
    case tooLarge(UInt32)
    /// `read(2)` failed with this `errno`.
    case readFailed(Int32)

    /// A sentence for the host's log.
    public var description: String {
        switch self {
        case .truncated(let got, let expected):
            "the input ended inside a message (\(got) of \(expected) bytes)"
        case .tooLarge(let length):
            "a message of \(length) bytes announced, over the limit of \(NativeMessageFrame.maximumSize); not read"
        case .readFailed(let code):
            "reading standard input failed (errno \(code))"
        }
    }
}

/// Reads framed messages one at a time, exactly: the 4 header bytes, then exactly the body the
/// header announces (however the bytes are split across reads), never a byte beyond it. A
/// header over the cap stops the reader before any body byte is read.
public struct NativeMessageReader<Source: NativeMessageSource> {
    private var source: Source

    /// A reader over `source`.
    public init(source: Source) {
        self.source = source
    }

    /// The next message's body (possibly empty), or `nil` when the input ended between messages.
    /// - Throws: ``NativeMessageReadError``; the reader must not be used after that.
    public mutating func next() throws(NativeMessageReadError) -> [UInt8]? {
        guard let header = try self.read(exactly: 4, endAllowed: true) else { return nil }
        let length = NativeMessageFrame.length(ofHeader: header)
        guard length <= NativeMessageFrame.maximumSize else { throw .tooLarge(length) }
        return try self.read(exactly: Int(length), endAllowed: false) ?? []
    }

    /// `count` bytes; `nil` when the input ends before the first one and `endAllowed`.
    private mutating func read(exactly count: Int, endAllowed: Bool) throws(NativeMessageReadError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = try self.read(into: &bytes, from: filled)
            if got == 0 {
                if filled == 0 && endAllowed { return nil }
                throw .truncated(got: filled, expected: count)
            }
            filled += got
        }
        return bytes
    }

    /// One read into `bytes[offset...]`.
    private mutating func read(into bytes: inout [UInt8], from offset: Int) throws(NativeMessageReadError) -> Int {
        var result: Result<Int, NativeMessageReadError> = .success(0)
        bytes.withUnsafeMutableBytes { buffer in
            do throws(NativeMessageReadError) {
                result = .success(try self.source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...])))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }
}
