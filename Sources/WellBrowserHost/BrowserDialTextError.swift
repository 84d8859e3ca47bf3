import WellNumbers

/// Why the text of a dial request holds no number to dial.
public enum BrowserDialTextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dialling rules refused the text or link.
    case number(DialNumberError)
    /// A link's `href` that is not a `tel:` or `callto:` URI.
    case notALink

    /// A sentence for a person.
    public var description: String {
        switch self {
        case .number(let error): error.description
        case .notALink: "invalid number: a link to dial must be a tel: or callto: URI"
        }
    }
}
