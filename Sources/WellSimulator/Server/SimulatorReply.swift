import WellProtocol

/// The answer to one REST request: status and optional JSON body.
public struct SimulatorReply: Sendable, Hashable {
    /// HTTP status.
    public var status: Int
    /// JSON body (`nil` = none, e.g. 204).
    public var body: JSONValue?

    /// A reply.
    public init(status: Int, body: JSONValue? = nil) {
        self.status = status
        self.body = body
    }

    static let noContent = SimulatorReply(status: 204)
    static func ok(_ body: JSONValue) -> SimulatorReply { SimulatorReply(status: 200, body: body) }
    static func error(_ error: SimulatorError) -> SimulatorReply { SimulatorReply(status: error.status, body: .object(error.body)) }
}
