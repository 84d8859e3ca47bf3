import WellClient
import WellNumbers
import WellControl

/// A failed control request, as sent back over D-Bus: an error name from
/// ``ControlInterface/ErrorName`` and a human message.
public struct AgentControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The D-Bus error name.
    public var name: String
    /// What went wrong, for a person.
    public var message: String

    /// An error with `name` (one of ``ControlInterface/ErrorName``) and `message`.
    public init(_ name: String, _ message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { "\(name): \(message)" }

    /// The number rules' message says what is wrong ("invalid number: …", "unsupported URI scheme …").
    static func invalidNumber(_ error: DialNumberError) -> AgentControlError {
        AgentControlError(ControlInterface.ErrorName.invalidNumber, "\(error); no call placed")
    }
    static func noSuchCall(_ message: String) -> AgentControlError {
        AgentControlError(ControlInterface.ErrorName.noSuchCall, message)
    }
    static func invalidArgument(_ message: String) -> AgentControlError {
        AgentControlError(ControlInterface.ErrorName.invalidArgument, message)
    }
    static func notLoggedIn(_ message: String) -> AgentControlError {
        AgentControlError(ControlInterface.ErrorName.notLoggedIn, message)
    }
    static func cancelled(_ message: String) -> AgentControlError {
        AgentControlError(ControlInterface.ErrorName.cancelled, message)
    }
    static func configuration(_ error: AgentConfigurationError) -> AgentControlError {
        AgentControlError(ControlInterface.ErrorName.configuration, "the agent is not configured: \(error)")
    }

    /// Maps a client-core error.
    init(_ error: WellClientError) {
        typealias Name = ControlInterface.ErrorName
        switch error.kind {
        case .http:
            let status = error.status.map { "HTTP \($0)" } ?? "HTTP error"
            let meaning = error.meaning.map { " (\($0))" } ?? ""
            self.init(Name.server, "the server refused \(error.operation ?? "the request"): \(status)\(meaning)")
        case .notLoggedIn: self.init(Name.notLoggedIn, error.message)
        case .refused, .alreadyLoggedIn, .loginDeclined: self.init(Name.refused, error.message)
        case .invalidArgument: self.init(Name.invalidArgument, error.message)
        case .invalidNumber: self.init(Name.invalidNumber, error.message)
        case .invalidConfiguration: self.init(Name.configuration, error.message)
        case .timeout, .transport, .cancelled: self.init(Name.unavailable, error.message)
        case .invalidResponse: self.init(Name.server, error.message)
        }
    }
}
