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
