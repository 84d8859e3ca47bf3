#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to the process's standard error, in place of Foundation's `FileHandle.standardError`.
enum StandardError {
    /// Writes all of `text` (UTF-8); gives up silently when standard error is closed or broken.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                Darwin.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
