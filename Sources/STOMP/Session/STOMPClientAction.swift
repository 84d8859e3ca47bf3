/// What the owner of a ``STOMPClientSession`` must do about a received frame.
public enum STOMPClientAction: Sendable, Hashable {
    /// CONNECTED arrived: start heart-beating per `heartBeat` (intervals are 0 = never).
    case connected(version: STOMPVersion, heartBeat: STOMPHeartBeatSchedule, server: String?)
    /// A MESSAGE for a live subscription.
    case message(subscriptionID: String, destination: String, messageID: String?, frame: STOMPFrame)
    /// A RECEIPT for a frame sent with `receipt`.
    case receipt(id: String)
    /// The RECEIPT for the DISCONNECT: the session is closed; close the transport.
    case disconnected(receiptID: String)
    /// An ERROR frame: the session is closed; close the transport.
    case error(message: String, frame: STOMPFrame)
    /// A frame that is harmless but not delivered (e.g. a MESSAGE for a subscription just removed).
    case ignored(reason: String)
    /// The server broke the protocol: the session is closed; close the transport.
    case protocolViolation(reason: String)
}
