/// A device or agent address `{number}@{domain}`, e.g. `8001@demo.cc` or `5001@demo.cc`.
///
/// Real servers sometimes double the domain (`8003@jasmine.cc@jasmine.cc`); parsing keeps the
/// number before the first `@` and the domain after the last one.
public struct DeviceID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The part before `@`: an extension, job number, queue or outside number.
    public var number: String
    /// The tenant domain (namespace), e.g. `demo.cc`.
    public var domain: String

    /// Joins a number and a domain.
    public init(number: String, domain: String) {
        self.number = number
        self.domain = domain
    }

    /// Parses `number@domain`; `nil` when there is no `@` or either side is empty.
    public init?(parsing text: String) {
        guard let first = text.firstIndex(of: "@"), let last = text.lastIndex(of: "@") else { return nil }
        let number = String(text[..<first])
        let domain = String(text[text.index(after: last)...])
        guard !number.isEmpty, !domain.isEmpty else { return nil }
        self.init(number: number, domain: domain)
    }

    /// Decodes from the `number@domain` string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = DeviceID(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not number@domain: \(text)"))
        }
        self = parsed
    }

    /// Encodes as the `number@domain` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }

    /// `number@domain`.
    public var description: String { "\(self.number)@\(self.domain)" }
}

/// An agent's login id `{jobNumber}@{domain}` (same shape as a device id).
public typealias AgentID = DeviceID

extension DeviceID {
    /// The number part of an address, or the whole text when it has no `@`.
    public static func number(of address: String) -> String {
        DeviceID(parsing: address)?.number ?? address
    }
}
