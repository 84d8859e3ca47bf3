import WellProtocol

/// `[browser]`: where the browser extension's click-to-call works and which class marks a
/// number in a page. The agent hands both to the extension (D-Bus `BrowserSettings`).
public struct BrowserSettings: Sendable, Equatable {
    /// The class the seed's click-to-call looks for.
    public static let defaultClickCallClass = "well-canBeCalled"
    /// The entry of ``sites`` that enables every site.
    public static let everySite = "*"
    /// The longest class name accepted.
    static let maximumClassNameLength = 64

    /// Exact origins (`scheme://host[:port]`, as a browser writes `location.origin`), or `"*"`.
    public var sites: [String]
    /// The CSS class whose elements dial their text when clicked.
    public var clickCallClass: String

    /// Settings; by default no site and the seed's class.
    public init(sites: [String] = [], clickCallClass: String = Self.defaultClickCallClass) {
        self.sites = sites
        self.clickCallClass = clickCallClass
    }

    /// The JSON the agent's `BrowserSettings` method returns: `{"clickCallClass": …, "sites": […]}`.
    public var json: JSONValue {
        ["sites": .array(self.sites.map(JSONValue.string)), "clickCallClass": .string(self.clickCallClass)]
    }

    /// These settings with `origin` enabled too (kept once).
    public func enabling(_ origin: String) -> BrowserSettings {
        var copy = self
        if !copy.sites.contains(origin) { copy.sites.append(origin) }
        return copy
    }

    /// Why `text` is not a site entry, or `nil` when it is one: `"*"`, or an origin exactly as a
    /// browser writes it — `http` or `https`, a lower-case host name, IPv4 or bracketed IPv6
    /// address, an optional port that is not the scheme's default, nothing after it. A page's
    /// origin is compared to it as a string, so any other spelling would never match.
    public static func originProblem(_ text: String) -> String? {
        if text == Self.everySite { return nil }
        let scheme: String
        if text.hasPrefix("https://") {
            scheme = "https"
        } else if text.hasPrefix("http://") {
            scheme = "http"
        } else {
            return "must be an origin such as \"https://crm.example.com\" (http:// or https://, in lower case) or \"*\""
        }
        let authority = text.dropFirst(scheme.count + 3)
        guard !authority.isEmpty else { return "has no host" }
        if authority.contains(where: { "/?#".contains($0) }) {
            return "must be an origin only: no path, not even a trailing \"/\" (e.g. \"https://crm.example.com\")"
        }
        if authority.contains("@") { return "must not contain a user name" }
        var host = Substring(authority)
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "has an unclosed IPv6 address" }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "has characters after the IPv6 address" }
                port = after.dropFirst()
            }
            let inside = host.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit && !$0.isUppercase || $0 == ":" || $0 == "." }) else {
                return "has an invalid IPv6 address (lower-case hex digits, ':' and '.')"
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            }
            guard !host.isEmpty else { return "has no host" }
            guard host.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }) else {
                return host.contains(where: \.isUppercase)
                    ? "must write the host in lower case, as a browser does"
                    : "has an invalid host (letters a-z, digits, '-' and '.'; international names in their xn-- form)"
            }
            guard !host.hasPrefix("."), !host.hasSuffix("."), !host.contains("..") else { return "has an invalid host" }
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), !port.hasPrefix("0"),
                let number = Int(port), (1...65535).contains(number)
            else {
                return "has an invalid port (1-65535)"
            }
            if (scheme == "http" && number == 80) || (scheme == "https" && number == 443) {
                return "must leave out the default port \(number), as a browser does"
            }
        }
        return nil
    }

    /// Why `name` is not a usable class name, or `nil` when it is one: an ASCII CSS identifier
    /// (`-?[_a-zA-Z][_a-zA-Z0-9-]*`), at most 64 characters, so that the extension can match it
    /// with a selector without escaping.
    public static func classNameProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "must not be empty" }
        guard name.count <= Self.maximumClassNameLength else { return "is longer than \(Self.maximumClassNameLength) characters" }
        var rest = Substring(name)
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        guard let first = rest.first, first == "_" || (first.isASCII && first.isLetter),
            rest.allSatisfy({ $0 == "_" || $0 == "-" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        else {
            return "must be a CSS class name: letters a-z/A-Z, digits, '-' and '_', not starting with a digit (e.g. \"well-canBeCalled\")"
        }
        return nil
    }
}
