#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unbuffered writes to the process's standard output (file descriptor 1), in place of
/// Foundation's `FileHandle.standardOutput`.
public enum StandardOutput {
    /// Writes all of `text` (UTF-8); gives up silently when standard output is closed or broken.
    public static func write(_ text: String) { writeAll(text, to: 1) }

    /// Writes all of `text` (UTF-8) to `descriptor`, retrying short and interrupted writes; gives
    /// up silently when the descriptor is closed or broken.
    static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                    Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// Unbuffered writes to the process's standard error (file descriptor 2), in place of
/// Foundation's `FileHandle.standardError`.
public enum StandardError {
    /// Writes all of `text` (UTF-8); gives up silently when standard error is closed or broken.
    public static func write(_ text: String) { StandardOutput.writeAll(text, to: 2) }
}
