/// A number to dial, after the parsing, the digit rule and the refusals of docs/numbers.md §2–§4.
///
/// Build one with ``parse(_:)``; turn it into the string sent to the CTI server with
/// ``DialPlan/dialString(for:prefixes:)``.
public struct DialTarget: Sendable, Equatable {
    /// Where the input came from.
    public enum Source: Sendable, Equatable {
        /// A bare string (the CLI, a click on text): the seed's "drop every non-digit" rule.
        case bare
        /// A `tel:` URI (any case, `tel://` accepted).
        case tel
        /// A `callto:` URI (any case, `callto://` accepted).
        case callto
    }

    /// At most this many digits are dialled (E.164 allows 15; room is left for prefixes and PBX codes).
    public static let maximumDigits = 32
    /// Inputs larger than this many UTF-8 bytes are refused before any parsing.
    public static let maximumInputBytes = 1024

    /// ASCII digits only, never empty, at most ``maximumDigits`` long.
    public var digits: String
    /// Whether the number started with `+` (international form); see ``DialPlan/plusPrefix``.
    public var hadPlus: Bool
    /// The value of a `;ext=` URI parameter, kept for the log and never appended to ``digits``.
    public var extensionPart: String?
    /// Where the input came from.
    public var source: Source

    /// The number for a person: the digits, with the `+` the input had (`+8613800138000`).
    public var shown: String { (self.hadPlus ? "+" : "") + self.digits }

    /// Creates a target from parts that are already normalised.
    /// - Parameters:
    ///   - digits: ASCII digits.
    ///   - hadPlus: whether the number was written with a leading `+`.
    ///   - extensionPart: the `;ext=` value, if any.
    ///   - source: where it came from.
    public init(digits: String, hadPlus: Bool = false, extensionPart: String? = nil, source: Source = .bare) {
        self.digits = digits
        self.hadPlus = hadPlus
        self.extensionPart = extensionPart
        self.source = source
    }

    /// The seed's `isPhoneNumber`: a non-empty string of ASCII digits `0`–`9` and nothing else.
    /// - Parameter string: the candidate.
    /// - Returns: `true` when every character is an ASCII digit.
    public static func isPhoneNumber(_ string: String) -> Bool {
        !string.isEmpty && string.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
