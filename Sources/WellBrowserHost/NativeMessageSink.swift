#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the host's replies go: a `write(2)`-like function taking whole frames.
public protocol NativeMessageSink {
    /// Writes all of `bytes`.
    /// - Returns: `false` when the other side is gone (the host then stops).
    mutating func write(_ bytes: [UInt8]) -> Bool
}

/// A file descriptor (the host's standard output) as a ``NativeMessageSink``. Nothing but
/// frames may ever be written to it: the browser reads every byte as framing.
public struct FileDescriptorSink: NativeMessageSink {
    /// The descriptor written to.
    public let descriptor: Int32

    /// Writes to `descriptor`.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Writes everything, retrying short and interrupted writes.
    public mutating func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(self.descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                    Darwin.write(self.descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
