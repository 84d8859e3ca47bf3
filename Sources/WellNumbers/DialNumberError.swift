/// Why a string could not be turned into a number to dial (docs/numbers.md §4).
///
/// An open-enum struct: compare against the static members (``empty``, ``tooManyDigits``, …)
/// through ``code``; ``description`` is a sentence for the user. Nothing is dialled when
/// one of these is thrown.
public struct DialNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for matching in code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case empty, tooManyDigits, nonASCIIDigit, letterInURI, invalidCharacter
            case badPercentEncoding, unsupportedScheme, controlCharacter, oversize
            case noOutsidePrefix, invalidPrefix, invalidPattern
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// No digit is left after normalisation.
        public static let empty = Code(.empty)
        /// More digits than ``DialTarget/maximumDigits``.
        public static let tooManyDigits = Code(.tooManyDigits)
        /// A decimal digit outside ASCII (Arabic-Indic, full-width, …).
        public static let nonASCIIDigit = Code(.nonASCIIDigit)
        /// A letter in the number part of a `tel:`/`callto:` URI (vanity numbers are not dialled).
        public static let letterInURI = Code(.letterInURI)
        /// A character that is neither a digit nor a visual separator in a URI.
        public static let invalidCharacter = Code(.invalidCharacter)
        /// A `%` escape that is malformed or does not decode to UTF-8.
        public static let badPercentEncoding = Code(.badPercentEncoding)
        /// A URI scheme other than `tel:` or `callto:`.
        public static let unsupportedScheme = Code(.unsupportedScheme)
        /// A control character (NUL, newline inside the text, escape, …).
        public static let controlCharacter = Code(.controlCharacter)
        /// The input is larger than ``DialTarget/maximumInputBytes``.
        public static let oversize = Code(.oversize)
        /// `outsidePrefix = "auto"` but the server listed no prefix.
        public static let noOutsidePrefix = Code(.noOutsidePrefix)
        /// A dial-plan prefix that is not a string of ASCII digits.
        public static let invalidPrefix = Code(.invalidPrefix)
        /// A dial-plan `internalPattern` that is not a valid regular expression.
        public static let invalidPattern = Code(.invalidPattern)

        /// The code's name.
        public var description: String { self.value.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation shown to the user.
    public var description: String { self.message }

    static let empty = DialNumberError(.empty, "invalid number: no digits to dial")
    static func tooManyDigits(_ count: Int) -> Self {
        .init(.tooManyDigits, "invalid number: \(count) digits, at most \(DialTarget.maximumDigits) are allowed")
    }
    static func nonASCIIDigit(_ scalar: Unicode.Scalar) -> Self {
        .init(.nonASCIIDigit, "invalid number: digit '\(scalar)' (\(scalar.codePointName)) is not an ASCII digit 0-9; type the number with 0-9")
    }
    static func letterInURI(_ scalar: Unicode.Scalar, scheme: String) -> Self {
        .init(.letterInURI, "invalid number: letter '\(scalar)' in a \(scheme): URI; letters are not dialled (vanity numbers are not supported)")
    }
    static func invalidCharacter(_ scalar: Unicode.Scalar, scheme: String) -> Self {
        .init(.invalidCharacter, "invalid number: character \(scalar.shownForMessage) is not allowed in a \(scheme): URI")
    }
    static let badPercentEncoding = DialNumberError(.badPercentEncoding, "invalid number: bad percent-encoding (expected %XX escapes of UTF-8)")
    static func unsupportedScheme(_ scheme: String) -> Self {
        let shown = scheme.count > 20 ? String(scheme.prefix(20)) + "…" : scheme
        return .init(.unsupportedScheme, "unsupported URI scheme '\(shown):' (only tel: and callto: are dialled)")
    }
    static func controlCharacter(_ scalar: Unicode.Scalar) -> Self {
        .init(.controlCharacter, "invalid number: control character \(scalar.codePointName) in the input")
    }
    static func oversize(_ bytes: Int) -> Self {
        .init(.oversize, "invalid number: input is \(bytes) bytes, at most \(DialTarget.maximumInputBytes) are accepted")
    }
    static let noOutsidePrefix = DialNumberError(
        .noOutsidePrefix, "cannot dial an outside number: dialPlan.outsidePrefix is \"auto\" but the server lists no trunk prefix")
    static func invalidPrefix(_ name: String, _ value: String) -> Self {
        .init(.invalidPrefix, "invalid dial plan: \(name) '\(value)' must be ASCII digits only")
    }
    static func invalidPattern(_ pattern: String, _ reason: String) -> Self {
        .init(.invalidPattern, "invalid dial plan: internalPattern '\(pattern)' is not a valid regular expression (\(reason))")
    }
}

extension Unicode.Scalar {
    /// `'x' (U+0078)` for a visible character; only `U+202E` for one that is invisible or
    /// rearranges the text around it (format, separator, private use, unassigned), so an
    /// error message never carries e.g. a bidi override to the terminal that prints it.
    var shownForMessage: String {
        switch self.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator,
            .nonspacingMark, .enclosingMark, .spacingMark:
            return self.codePointName
        default:
            return "'\(self)' (\(self.codePointName))"
        }
    }

    /// `U+00A0`-style name of the code point, for error messages.
    var codePointName: String {
        let hex = String(self.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
