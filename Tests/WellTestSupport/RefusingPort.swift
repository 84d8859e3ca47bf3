import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP port that refuses every connection for as long as this value lives: the
/// socket is bound but never listens, so a connect gets `ECONNREFUSED` at once and no other
/// test's server can bind the port meanwhile (a port that was merely freed can be handed to a
/// parallel test's server by the kernel).
public final class RefusingPort: Sendable {
    /// The bound port on 127.0.0.1.
    public let port: Int
    private let descriptor: Int32

    /// Binds a fresh socket to an ephemeral loopback port without listening.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RefusingPortError(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            close(fd)
            throw RefusingPortError(description: "bind() failed: errno \(errno)")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw RefusingPortError(description: "getsockname() failed: errno \(errno)")
        }
        self.descriptor = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

/// Why a ``RefusingPort`` could not be made.
public struct RefusingPortError: Error, CustomStringConvertible {
    public let description: String
}
