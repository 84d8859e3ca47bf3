/// A session method was called when the session cannot honour it. Nothing was changed.
///
/// An open-enum struct: match on ``code``.
public struct STOMPSessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of misuse.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidState = "invalid state"
            case duplicateSubscription = "duplicate subscription id"
            case unknownSubscription = "unknown subscription id"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The call is not allowed in the current ``STOMPSessionState``.
        public static let invalidState = Code(.invalidState)
        /// A subscription with that id already exists.
        public static let duplicateSubscription = Code(.duplicateSubscription)
        /// No subscription has that id.
        public static let unknownSubscription = Code(.unknownSubscription)

        public var description: String { self.base.rawValue }
    }

    /// The kind of misuse.
    public let code: Code
    /// Human-readable detail.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "STOMP session error: \(self.code): \(self.detail)" }
}
