/// The `code` of an error reply: what the extension can act on without reading the message.
public enum BrowserErrorCode: String, Sendable, Equatable, CaseIterable {
    /// Malformed JSON, bad UTF-8, an unknown request, wrong types, an oversized message.
    case invalidRequest
    /// The text or link holds no number the dialling rules accept.
    case invalidNumber
    /// The agent refused (a call exists, dialled less than 2 s ago, own extension, …).
    case refused
    /// The agent is not logged in.
    case notLoggedIn
    /// The agent cannot be reached or did not answer in time, or the server is unreachable.
    case unavailable
    /// The agent's configuration is missing or invalid.
    case configuration
    /// The user declined the dial (a Call/Cancel prompt).
    case cancelled
    /// The CTI server refused the request.
    case server
    /// The caller is not the WellClient extension.
    case forbidden
}
