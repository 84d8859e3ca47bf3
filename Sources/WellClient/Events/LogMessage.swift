/// A message for the `onLog` hook (the seed's `{type, content}`).
public struct LogMessage: Sendable, Equatable, Codable {
    /// The seed's message types.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// Informational.
        case log
        /// Something failed.
        case error
        /// Something the user must see (the seed raised a browser alert).
        case alert
    }

    /// The type.
    public var type: Kind
    /// The text (never contains a password).
    public var content: String

    /// Creates a message.
    public init(type: Kind, content: String) {
        self.type = type
        self.content = content
    }
}
