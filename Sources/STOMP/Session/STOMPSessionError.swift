/// A session method was called when the session cannot honour it. Nothing was changed.
///
/// An open-enum struct: match on ``code``.
public struct STOMPSessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of misuse.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidState = "invalid state"
            case duplicateSubscription = "duplicate subscription id"
            case unknownSubscription = "unknown subscription id"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The call is not allowed in the current ``STOMPSessionState``.
        public static let invalidState = Code(.invalidState)
        /// A subscription with that id already exists.
        public static let duplicateSubscription = Code(.duplicateSubscription)
        /// No subscription has that id.
        public static let unknownSubscription = Code(.unknownSubscription)

        public var description: String { self.base.rawValue }
    }

    /// The kind of misuse.
    public let code: Code
    /// Human-readable detail.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "STOMP session error: \(self.code): \(self.detail)" }
}

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

/// A subscription: its id and destination.
public struct STOMPSubscription: Sendable, Hashable {
    /// The subscription id (the `id` header of SUBSCRIBE, the `subscription` header of MESSAGE).
    public var id: String
    /// The destination subscribed to.
    public var destination: String
    /// The `ack` mode (`auto`, `client`, `client-individual`).
    public var ack: String

    /// Creates a subscription.
    public init(id: String, destination: String, ack: String = "auto") {
        self.id = id
        self.destination = destination
        self.ack = ack
    }
}
