/// What the owner of a ``STOMPServerSession`` must do about a received client frame.
///
/// Send ``framesToSend`` in order, then close the transport if ``closesConnection``.
public enum STOMPServerAction: Sendable, Hashable {
    /// CONNECT/STOMP accepted: send `reply` (CONNECTED) and start heart-beating per `heartBeat`.
    /// `request` is the client's frame (for `login`, `passcode`, `host`).
    case connected(version: STOMPVersion, heartBeat: STOMPHeartBeatSchedule, reply: STOMPFrame, request: STOMPFrame)
    /// A subscription was added.
    case subscribed(STOMPSubscription, receipt: STOMPFrame?)
    /// A subscription was removed.
    case unsubscribed(STOMPSubscription, receipt: STOMPFrame?)
    /// The client sent a message to `destination`.
    case send(destination: String, frame: STOMPFrame, receipt: STOMPFrame?)
    /// ACK, NACK, BEGIN, COMMIT or ABORT — passed through for the owner to interpret.
    case other(frame: STOMPFrame, receipt: STOMPFrame?)
    /// DISCONNECT: send the receipt (if asked for), then close.
    case disconnect(receipt: STOMPFrame?)
    /// The client broke the rules: send this ERROR frame, then close.
    case error(STOMPFrame)
    /// Nothing to do (a frame after the session closed).
    case ignored(reason: String)

    /// The frames to send, in order.
    public var framesToSend: [STOMPFrame] {
        switch self {
        case .connected(_, _, let reply, _): [reply]
        case .subscribed(_, let receipt), .unsubscribed(_, let receipt), .send(_, _, let receipt),
            .other(_, let receipt), .disconnect(let receipt):
            receipt.map { [$0] } ?? []
        case .error(let frame): [frame]
        case .ignored: []
        }
    }

    /// Whether the transport must be closed after sending ``framesToSend``.
    public var closesConnection: Bool {
        switch self {
        case .disconnect, .error: true
        default: false
        }
    }
}
