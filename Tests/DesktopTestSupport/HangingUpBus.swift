import Glibc
import WellThreads

/// A Unix socket that accepts each connection, reads what the client says first (the start of
/// its authentication) and closes it: a bus daemon that goes away, or refuses the client, in the
/// middle of the handshake.
public final class HangingUpBus: Sendable {
    /// The socket's path.
    public let path: String
    private let listener: SilentBus

    /// The D-Bus address of the socket.
    public var address: String { "unix:path=\(path)" }

    /// Listens on a new socket under `/tmp`; a thread accepts and hangs up until ``stop()``.
    public init() throws {
        let listener = try SilentBus()
        self.listener = listener
        self.path = listener.path
        let fd = listener.descriptorForAccepting
        do {
            try DetachedThread.start(name: "hanging-up-bus") {
                while true {
                    let client = accept(fd, nil, nil)
                    guard client >= 0 else { return } // the listener was shut down: stop
                    var buffer = [UInt8](repeating: 0, count: 256)
                    _ = read(client, &buffer, buffer.count)
                    close(client)
                }
            }
        } catch {
            listener.stop()
            throw error
        }
    }

    /// Shuts the socket down (the accepting thread ends), closes it and removes its file.
    public func stop() {
        shutdown(listener.descriptorForAccepting, Int32(SHUT_RDWR))
        listener.stop()
    }
}
