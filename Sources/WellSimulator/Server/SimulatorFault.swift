/// Faults the control API can inject (`wellclient sim fault …`).
public enum SimulatorFault: String, Sendable, Hashable, CaseIterable {
    /// The next `/api` request is answered 426 (session expired).
    case expireSession = "426"
    /// The next `/api` request is answered 500 (the server failed; the session stays valid).
    case serverError = "500"
    /// Every WebSocket connection is closed abruptly.
    case dropWebSockets = "drop-ws"
    /// The next event is delivered twice with the same serial.
    case duplicateSerial = "dup-serial"
    /// Every STOMP session receives an ERROR frame (and is closed, as STOMP requires).
    case errorFrame = "error-frame"
    /// Every subscription receives a MESSAGE whose body is not JSON.
    case badEvent = "bad-event"
    /// Every open WebSocket goes silent without a close, like a cut cable: nothing more is
    /// written to it (no frames, no heart-beats) and what the client sends is ignored.
    /// Connections opened afterwards are not affected.
    case blackhole = "blackhole"
    /// Every WebSocket is closed abruptly and new upgrades are answered 503 until
    /// ``allowWebSockets``, like a broker that is down while the REST side still answers.
    case refuseWebSockets = "refuse-ws"
    /// Ends ``refuseWebSockets``: upgrades are accepted again.
    case allowWebSockets = "allow-ws"
}
