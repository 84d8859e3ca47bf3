/// Why the decoder rejected its input. After one of these the connection must be dropped.
///
/// An open-enum struct: match on ``code`` (`error.code == .invalidEscape`); new codes may be added.
public struct STOMPDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownCommand = "unknown command"
            case malformedFrame = "malformed frame"
            case malformedHeader = "malformed header"
            case invalidEscape = "invalid header escape"
            case invalidUTF8 = "invalid UTF-8"
            case invalidContentLength = "invalid content-length"
            case missingNUL = "missing NUL after content-length body"
            case lineTooLong = "header line too long"
            case tooManyHeaders = "too many headers"
            case bodyTooLarge = "body too large"
            case frameTooLarge = "frame too large"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The command line is not one of ``STOMPCommand``.
        public static let unknownCommand = Code(.unknownCommand)
        /// Bytes between frames or in the header block that no frame can contain (a lone CR, NUL in headers).
        public static let malformedFrame = Code(.malformedFrame)
        /// A header line without `:` or with an empty name.
        public static let malformedHeader = Code(.malformedHeader)
        /// A `\` escape other than `\\ \n \r \c` in an escaped header.
        public static let invalidEscape = Code(.invalidEscape)
        /// The command or a header is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// `content-length` is not a non-negative decimal integer.
        public static let invalidContentLength = Code(.invalidContentLength)
        /// The byte after a `content-length` body is not NUL.
        public static let missingNUL = Code(.missingNUL)
        /// A command or header line exceeds ``STOMPLimits/maxHeaderLineLength``.
        public static let lineTooLong = Code(.lineTooLong)
        /// More headers than ``STOMPLimits/maxHeaderCount``.
        public static let tooManyHeaders = Code(.tooManyHeaders)
        /// The body exceeds ``STOMPLimits/maxBodySize``.
        public static let bodyTooLarge = Code(.bodyTooLarge)
        /// The frame exceeds ``STOMPLimits/maxFrameSize``.
        public static let frameTooLarge = Code(.frameTooLarge)

        public var description: String { self.base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// Human-readable detail (never contains more than a short prefix of the offending bytes).
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "STOMP decoding error: \(self.code): \(self.detail)" }
}
