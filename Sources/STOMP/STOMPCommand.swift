/// A STOMP frame command (STOMP 1.2 §"Frames"; 1.0/1.1 use the same set).
///
/// The raw value is the exact, case-sensitive word on the wire.
public enum STOMPCommand: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    // MARK: - Client frames
    case connect = "CONNECT"
    /// The STOMP 1.1+ synonym of `CONNECT`.
    case stomp = "STOMP"
    case send = "SEND"
    case subscribe = "SUBSCRIBE"
    case unsubscribe = "UNSUBSCRIBE"
    case ack = "ACK"
    case nack = "NACK"
    case begin = "BEGIN"
    case commit = "COMMIT"
    case abort = "ABORT"
    case disconnect = "DISCONNECT"

    // MARK: - Server frames
    case connected = "CONNECTED"
    case message = "MESSAGE"
    case receipt = "RECEIPT"
    case error = "ERROR"

    /// `true` for frames a client sends to a server.
    public var isClientCommand: Bool {
        switch self {
        case .connected, .message, .receipt, .error: false
        default: true
        }
    }

    /// `true` for frames a server sends to a client.
    public var isServerCommand: Bool { !self.isClientCommand }

    /// Whether header names and values of this frame are escaped (`\\`, `\n`, `\r`, `\c`).
    ///
    /// STOMP 1.2 exempts `CONNECT` and `CONNECTED`; `STOMP` is the same frame as `CONNECT`
    /// (sent before any version is agreed), so it is exempt too.
    public var escapesHeaders: Bool {
        switch self {
        case .connect, .stomp, .connected: false
        default: true
        }
    }

    public var description: String { self.rawValue }
}
