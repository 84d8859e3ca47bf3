/// What a menu item asks the agent to do. The agent carries each out through the same code
/// path as the D-Bus method of the same name, with its guards and errors.
public enum TrayAction: Sendable, Equatable {
    /// `SetAgentMode("Ready", "")`.
    case ready
    /// `SetAgentMode("NotReady", reason)`.
    case notReady(reason: String)
    /// `Answer(callId)`.
    case answer(callId: String)
    /// `HangUp(callId)` on a call that rings here.
    case reject(callId: String)
    /// `Hold(callId)`.
    case hold(callId: String)
    /// `Retrieve(callId)`.
    case retrieve(callId: String)
    /// `HangUp(callId)`.
    case hangUp(callId: String)
    /// `Login`.
    case logIn
    /// `Logout`.
    case logOut
    /// Stop the agent as SIGTERM does.
    case quit
    /// An item of a ``TrayMenuSection`` (its `key`), run by the section's owner.
    case section(id: String, key: String)
}
