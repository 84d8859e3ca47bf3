/// What the host asks of the running agent. ``DBusAgentCaller`` calls it over D-Bus; tests
/// put a scripted agent in its place.
public protocol AgentCalling: Sendable {
    /// `Dial(number) → call_id`.
    /// - Parameter number: the number, already reduced to digits (with a leading `+` when it had one).
    /// - Returns: the call id.
    func dial(_ number: String) async throws(AgentCallFailure) -> String
    /// `Status() → json`.
    func status() async throws(AgentCallFailure) -> String
    /// `BrowserSettings() → json`: `{"sites": [...], "clickCallClass": "..."}`.
    func browserSettings() async throws(AgentCallFailure) -> String
}

/// A failed call to the agent: the D-Bus error name (the agent's, the bus daemon's, or a local
/// one for "no bus") and its message for a person.
public struct AgentCallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The D-Bus error name, e.g. `cc.wellcloud.WellClient1.Error.Refused`.
    public var name: String
    /// The message for a person.
    public var message: String

    /// A failure named `name`.
    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    /// The message, or the name when there is none.
    public var description: String { self.message.isEmpty ? self.name : self.message }
}
