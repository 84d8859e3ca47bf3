import WellControl

/// What the host asks of the running agent. ``AgentControlClient`` calls it over D-Bus; tests
/// put a scripted agent in its place.
public protocol AgentCalling: Sendable {
    /// `PlaceCall(number) → (call_id, dialled)`.
    /// - Parameter input: the number, already reduced to digits (with a leading `+` when it had one).
    /// - Returns: the call id and the number the agent sent to the server (after its dial plan).
    func dial(_ input: String) async throws(AgentControlFailure) -> (callId: String, dialled: String)
    /// `Status() → json`.
    func status() async throws(AgentControlFailure) -> String
    /// `BrowserSettings() → json`: `{"sites": [...], "clickCallClass": "..."}`.
    func browserSettings() async throws(AgentControlFailure) -> String
}

extension AgentControlClient: AgentCalling {}
