import Glibc

/// A Unix socket that listens and never accepts: a D-Bus client's `connect` succeeds (the
/// kernel's backlog) and nothing is ever said to it — a bus that hangs.
public final class SilentBus: Sendable {
    /// The socket's path.
    public let path: String
    private let descriptor: Int32

    /// The D-Bus address of the socket.
    public var address: String { "unix:path=\(path)" }

    /// Listens on a new socket under `/tmp`.
    public init() throws {
        let path = "/tmp/wellclient-silent-bus-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SilentBusError(reason: "socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            let error = errno
            close(fd)
            throw SilentBusError(reason: "bind/listen \(path): errno \(error)")
        }
        self.path = path
        self.descriptor = fd
    }

    /// The listening socket, for a bus built on this one that accepts.
    var descriptorForAccepting: Int32 { descriptor }

    /// Closes the socket and removes its file.
    public func stop() {
        close(descriptor)
        unlink(path)
    }
}

/// The silent bus's socket could not be made.
public struct SilentBusError: Error, CustomStringConvertible {
    /// What failed.
    public let reason: String
    public var description: String { reason }
}
