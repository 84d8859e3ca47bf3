import WellProtocol

/// A refusal of the simulated server: the HTTP status, a message and extra JSON members
/// (e.g. `agent` for 459). Rendered as `{"status": …, "message": …, …}`.
public struct SimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// A human sentence.
    public var message: String
    /// Extra members of the JSON body.
    public var extra: [String: JSONValue]

    /// An error with a status and message.
    public init(_ status: Int, _ message: String, extra: [String: JSONValue] = [:]) {
        self.status = status
        self.message = message
        self.extra = extra
    }

    /// The JSON body.
    public var body: [String: JSONValue] {
        var body = self.extra
        body["status"] = .number(Double(self.status))
        body["message"] = .string(self.message)
        return body
    }

    /// `409 …`.
    public var description: String { "\(self.status) \(self.message)" }

    static func badRequest(_ message: String) -> Self { .init(400, message) }
    static func notFound(_ message: String) -> Self { .init(404, message) }
    static func conflict(_ message: String) -> Self { .init(409, message) }
}
