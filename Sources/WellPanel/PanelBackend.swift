import WellControl
import WellProtocol

/// What the panel asks of the agent. The agent answers every operation through the same code
/// as the D-Bus method of the same name (its guards, its number rules, its errors).
public protocol PanelBackend: Sendable {
    /// The state the page shows, as one JSON object (the agent's `Status`, plus `panel`).
    func panelState() async -> JSONValue
    /// Performs `method` with `arguments` (already checked against the method's signature).
    func perform(_ method: ControlMethod, _ arguments: [PanelArgument]) async -> PanelOutcome
}

/// One argument of an operation: a D-Bus `s` or `a{ss}`.
public enum PanelArgument: Sendable, Equatable {
    case string(String)
    case pairs([PanelPair])
}

/// One `key: value` entry of call data.
public struct PanelPair: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// How an operation ended.
public enum PanelOutcome: Sendable, Equatable {
    /// Done; the method's outputs.
    case success([JSONValue])
    /// Refused or failed, with the D-Bus error name and the message for a person.
    case failure(name: String, message: String)
}
