/// The framing of native messaging, both directions: a 4-byte length in the machine's own byte
/// order, then that many bytes of UTF-8 JSON.
public enum NativeMessageFrame {
    /// The largest message either side may send, in bytes. A request is a few hundred bytes;
    /// anything larger is refused before its body is read, so a caller cannot make the host
    /// allocate what it announces.
    public static let maximumSize = 64 * 1024

    /// The bytes of one frame: the native-endian length of `payload`, then `payload`.
    /// - Parameter payload: the message (at most ``maximumSize`` bytes; the caller keeps to it).
    /// - Returns: the frame.
    public static func encode(_ payload: [UInt8]) -> [UInt8] {
        var frame = Self.header(length: UInt32(clamping: payload.count))
        frame.append(contentsOf: payload)
        return frame
    }

    /// The 4-byte header announcing `length` bytes, in native byte order.
    /// - Parameter length: the body's size.
    /// - Returns: four bytes.
    public static func header(length: UInt32) -> [UInt8] {
        withUnsafeBytes(of: length) { Array($0) }
    }

    /// The length a 4-byte header announces, read in native byte order.
    /// - Parameter header: exactly four bytes.
    /// - Returns: the announced body size.
    public static func length(ofHeader header: [UInt8]) -> UInt32 {
        precondition(header.count == 4, "a native-messaging header is 4 bytes")
        var length: UInt32 = 0
        withUnsafeMutableBytes(of: &length) { $0.copyBytes(from: header) }
        return length
    }
}
