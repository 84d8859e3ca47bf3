/// Every way a ``WellClient`` operation can fail.
///
/// Match on ``kind``; ``status`` and ``meaning`` carry the HTTP status and its meaning from the
/// protocol's status table when the server refused a request.
public struct WellClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of failure.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The server answered with a non-2xx status (see ``WellClientError/status``).
        case http
        /// No answer within the configured timeout.
        case timeout
        /// The operation needs a logged-in agent.
        case notLoggedIn
        /// `login()` while already logged in or logging in.
        case alreadyLoggedIn
        /// A client-side guard refused the operation (no request was sent).
        case refused
        /// A configuration key or value is invalid (see ``WellClientError/key``).
        case invalidConfiguration
        /// An argument is invalid (e.g. an empty call id or number).
        case invalidArgument
        /// A number to dial could not be used (unparsable, or the dial plan could not apply).
        case invalidNumber
        /// The server could not be reached or the connection failed.
        case transport
        /// The server's answer could not be understood.
        case invalidResponse
        /// The login was declined in `ask` mode, or stopped in `stop` mode.
        case loginDeclined
        /// The operation was cancelled (client shut down).
        case cancelled
    }

    /// The category of failure.
    public let kind: Kind
    /// Human-readable explanation.
    public let message: String
    /// HTTP status, for ``Kind/http``.
    public let status: Int?
    /// Meaning of ``status`` from the protocol's status table.
    public let meaning: String?
    /// The configuration key at fault, for ``Kind/invalidConfiguration``.
    public let key: String?
    /// The REST operation that failed, when there was one.
    public let operation: String?
    /// For HTTP 459 (device in use by another agent): the occupying agent named by the server
    /// (`agent`, or `agentId`, in the answer).
    public let occupyingAgent: String?

    init(
        kind: Kind, message: String, status: Int? = nil, meaning: String? = nil, key: String? = nil, operation: String? = nil,
        occupyingAgent: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.status = status
        self.meaning = meaning
        self.key = key
        self.operation = operation
        self.occupyingAgent = occupyingAgent
    }

    /// The server refused `operation` with `status`.
    public static func http(status: Int, meaning: String, operation: String, body: String = "", occupyingAgent: String? = nil) -> WellClientError {
        let detail = body.isEmpty ? "" : " — \(body.prefix(200))"
        let who = occupyingAgent.map { " (in use by agent \($0))" } ?? ""
        return .init(
            kind: .http, message: "\(operation) failed: HTTP \(status) \(meaning)\(who)\(detail)", status: status, meaning: meaning,
            operation: operation, occupyingAgent: occupyingAgent)
    }

    /// `operation` got no answer within `limit`.
    public static func timeout(_ operation: String, after limit: Duration) -> WellClientError {
        .init(kind: .timeout, message: "\(operation) timed out after \(limit)", operation: operation)
    }

    /// `operation` needs a logged-in agent.
    public static func notLoggedIn(_ operation: String) -> WellClientError {
        .init(kind: .notLoggedIn, message: "\(operation): the agent is not logged in", operation: operation)
    }

    /// `login()` called while a session exists.
    public static var alreadyLoggedIn: WellClientError {
        .init(kind: .alreadyLoggedIn, message: "already logged in (log out first)", operation: "login")
    }

    /// A guard refused `operation`; no request was sent.
    public static func refused(_ operation: String, _ reason: String) -> WellClientError {
        .init(kind: .refused, message: "\(operation) refused: \(reason)", operation: operation)
    }

    /// `key` has an invalid value.
    public static func invalidConfiguration(key: String, _ reason: String) -> WellClientError {
        .init(kind: .invalidConfiguration, message: "configuration key '\(key)': \(reason)", key: key)
    }

    /// An argument of `operation` is invalid.
    public static func invalidArgument(_ operation: String, _ reason: String) -> WellClientError {
        .init(kind: .invalidArgument, message: "\(operation): \(reason)", operation: operation)
    }

    /// The number given to `operation` cannot be dialled.
    public static func invalidNumber(_ operation: String, _ reason: String) -> WellClientError {
        .init(kind: .invalidNumber, message: "\(operation): \(reason)", operation: operation)
    }

    /// The connection for `operation` failed.
    public static func transport(_ operation: String, _ reason: String) -> WellClientError {
        .init(kind: .transport, message: "\(operation): cannot reach the server: \(reason)", operation: operation)
    }

    /// The server's answer to `operation` was not understood.
    public static func invalidResponse(_ operation: String, _ reason: String) -> WellClientError {
        .init(kind: .invalidResponse, message: "\(operation): unexpected answer: \(reason)", operation: operation)
    }

    /// The login was declined (ask) or stopped (stop mode).
    public static func loginDeclined(_ reason: String, status: Int?, meaning: String?) -> WellClientError {
        .init(kind: .loginDeclined, message: "login not completed: \(reason)", status: status, meaning: meaning, operation: "login")
    }

    /// The client was shut down while `operation` ran.
    public static func cancelled(_ operation: String) -> WellClientError {
        .init(kind: .cancelled, message: "\(operation) cancelled", operation: operation)
    }

    /// The message.
    public var description: String { self.message }
}
