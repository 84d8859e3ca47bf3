import Synchronization

/// The trunk rules applied to a ``DialTarget`` before it is sent (docs/numbers.md §6; the
/// `[dialPlan]` table of the config file).
///
/// Order: a number written with `+` gets ``plusPrefix`` in place of the `+`; the result is
/// internal iff it fully matches ``internalPattern``; an external number then gets the
/// ``outsidePrefix``.
public struct DialPlan: Sendable, Equatable {
    /// The compiled ``internalPattern``, built once per plan (the call model asks for every
    /// party of every ended call; compiling a `Regex` each time dominated event handling), and
    /// only when first needed: the default pattern over ASCII digits is decided without the regex
    /// engine, so a process with the default plan never touches its code (~1.3 MiB resident).
    private final class InternalMatcher: Sendable {
        let pattern: String
        /// `nil` until first needed; then the compiled pattern, or `nil` inside for an invalid one.
        let regex: Mutex<Regex<AnyRegexOutput>??>

        init(pattern: String) {
            self.pattern = pattern
            self.regex = Mutex(nil)
        }

        func matches(_ digits: String) -> Bool {
            // The default pattern over ASCII input, decided without the regex engine.
            if self.pattern == DialPlan.defaultInternalPattern, let answer = Self.defaultPattern(digits) { return answer }
            return self.regex.withLock { compiled in
                if compiled == nil { compiled = .some(try? Regex(self.pattern)) }
                guard case .some(.some(let regex)) = compiled else { return false }
                return (try? regex.wholeMatch(in: digits)) != nil
            }
        }

        /// `^8\d{3,5}$` for all-ASCII input; `nil` for anything else (`\d` also matches
        /// non-ASCII decimal digits, so those go to the regex).
        static func defaultPattern(_ digits: String) -> Bool? {
            var count = 0
            var allDigits = true
            for byte in digits.utf8 {
                if byte >= 0x80 { return nil }
                if count == 0, byte != UInt8(ascii: "8") { allDigits = false }
                if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { allDigits = false }
                count += 1
            }
            return allDigits && (4...6).contains(count)
        }
    }

    /// What to put in front of an outside (non-internal) number.
    public enum OutsidePrefix: Sendable, Equatable, CustomStringConvertible {
        /// Nothing (the default).
        case none
        /// These ASCII digits, e.g. `"9"`.
        case digits(String)
        /// The first prefix the server lists for the agent (`getMyPrefix()`).
        case auto

        /// Parses the config-file form: `""`, a digit string, or `"auto"`.
        /// - Parameter text: the value of `dialPlan.outsidePrefix`.
        /// - Throws: ``DialNumberError/Code-swift.struct/invalidPrefix`` for anything else.
        public init(configValue text: String) throws(DialNumberError) {
            if text.isEmpty {
                self = .none
            } else if text == "auto" {
                self = .auto
            } else if DialTarget.isPhoneNumber(text) {
                self = .digits(text)
            } else {
                throw .invalidPrefix("outsidePrefix", text)
            }
        }

        /// The config-file form (`""`, digits or `"auto"`).
        public var description: String {
            switch self {
            case .none: ""
            case .digits(let digits): digits
            case .auto: "auto"
            }
        }
    }

    /// The default ``internalPattern``: `8` followed by 3 to 5 digits (the demo's `8001`).
    public static let defaultInternalPattern = #"^8\d{3,5}$"#

    /// Replaces a leading `+` (`""`: the `+` is dropped, as the seed does; e.g. `"00"`).
    public let plusPrefix: String
    /// Put in front of outside numbers.
    public let outsidePrefix: OutsidePrefix
    /// A regular expression that an internal number matches in full.
    public let internalPattern: String

    /// Creates a dial plan, validating every part.
    /// - Parameters:
    ///   - plusPrefix: ASCII digits (or empty) that replace a leading `+`.
    ///   - outsidePrefix: what outside numbers get.
    ///   - internalPattern: a regular expression matched against the whole number.
    /// - Throws: ``DialNumberError`` for a non-digit prefix or an invalid pattern.
    public init(plusPrefix: String = "", outsidePrefix: OutsidePrefix = .none, internalPattern: String = DialPlan.defaultInternalPattern)
        throws(DialNumberError)
    {
        guard plusPrefix.isEmpty || DialTarget.isPhoneNumber(plusPrefix) else { throw .invalidPrefix("plusPrefix", plusPrefix) }
        if case .digits(let digits) = outsidePrefix, !DialTarget.isPhoneNumber(digits) {
            throw .invalidPrefix("outsidePrefix", digits)
        }
        // The default pattern is a constant known to compile (a test compiles it): checking it
        // here would load the regex engine's pages into every agent for nothing.
        if internalPattern != DialPlan.defaultInternalPattern {
            do {
                _ = try Regex(internalPattern)
            } catch {
                throw .invalidPattern(internalPattern, String(describing: error))
            }
        }
        self.plusPrefix = plusPrefix
        self.outsidePrefix = outsidePrefix
        self.internalPattern = internalPattern
        self.matcher = InternalMatcher(pattern: internalPattern)
    }

    private let matcher: InternalMatcher

    /// The plan with every default: no prefixes, internal = `^8\d{3,5}$`.
    public static var standard: DialPlan {
        // The default values are valid by construction.
        try! DialPlan()
    }

    /// Whether `digits` is an internal number: it matches ``internalPattern`` from its first to
    /// its last character (an unanchored match, as in the seed, would call `8613800138000` internal).
    /// - Parameter digits: the number after ``plusPrefix`` was applied.
    /// - Returns: `true` for a full match.
    public func isInternal(_ digits: String) -> Bool {
        self.matcher.matches(digits)
    }

    /// The string to send as the call's destination.
    /// - Parameters:
    ///   - target: the parsed number.
    ///   - prefixes: the trunk prefixes the server lists for this agent (`getMyPrefix()`), used by
    ///     ``OutsidePrefix/auto``.
    /// - Returns: ASCII digits to dial.
    /// - Throws: ``DialNumberError/Code-swift.struct/noOutsidePrefix`` when `auto` finds no prefix.
    public func dialString(for target: DialTarget, prefixes: [String]) throws(DialNumberError) -> String {
        let number = target.hadPlus ? self.plusPrefix + target.digits : target.digits
        if self.isInternal(number) { return number }
        switch self.outsidePrefix {
        case .none:
            return number
        case .digits(let prefix):
            return prefix + number
        case .auto:
            guard let prefix = prefixes.first(where: { !$0.isEmpty }) else { throw .noOutsidePrefix }
            guard DialTarget.isPhoneNumber(prefix) else { throw .invalidPrefix("server prefix", prefix) }
            return prefix + number
        }
    }

    /// Plans are equal when their settings are equal.
    public static func == (lhs: DialPlan, rhs: DialPlan) -> Bool {
        lhs.plusPrefix == rhs.plusPrefix && lhs.outsidePrefix == rhs.outsidePrefix && lhs.internalPattern == rhs.internalPattern
    }
}
