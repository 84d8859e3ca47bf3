/// The lifecycle of a client session: idle → connecting → connected → disconnecting → closed.
public enum STOMPSessionState: String, Sendable, Hashable, CustomStringConvertible {
    /// Nothing sent yet.
    case idle
    /// CONNECT sent, waiting for CONNECTED.
    case connecting
    /// CONNECTED received.
    case connected
    /// DISCONNECT with a receipt sent, waiting for its RECEIPT.
    case disconnecting
    /// Finished (disconnected, ERROR received or protocol violation); drop the transport.
    case closed

    public var description: String { self.rawValue }
}
