#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// One request from the extension, parsed from a message body.
///
/// The body is a JSON object in which one key selects the request — `dial` (with `source`),
/// `status` or `config` — and an optional `id` (a string or a number) is echoed in the reply.
/// Other keys are ignored.
public struct BrowserRequest: Sendable, Equatable {
    /// Where the text of a dial request comes from, which decides how it is read.
    public enum DialSource: String, Sendable, Equatable, CaseIterable {
        /// The text of an element with the click-to-call class: every non-digit is dropped.
        case `class`
        /// The `href` of a `tel:`/`callto:` link: the URI rules.
        case link
        /// Selected text (the context menu): every non-digit is dropped.
        case selection
    }

    /// What is asked.
    public enum Kind: Sendable, Equatable {
        /// Dial this text or link.
        case dial(String, DialSource)
        /// The agent's `Status`.
        case status
        /// The agent's browser settings (sites, class).
        case config
    }

    /// What is asked.
    public var kind: Kind
    /// The `id` to echo, when the request had one.
    public var id: JSONValue?

    /// A request.
    public init(kind: Kind, id: JSONValue? = nil) {
        self.kind = kind
        self.id = id
    }

    /// The keys that select a request.
    static let selectors = ["dial", "status", "config"]

    /// Parses a message body.
    /// - Parameter body: the bytes of one message.
    /// - Returns: the request.
    /// - Throws: ``BrowserRequestError`` (code `invalidRequest`), with the `id` when one could be read.
    public static func parse(_ body: [UInt8]) throws(BrowserRequestError) -> BrowserRequest {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw BrowserRequestError("the message is not valid UTF-8")
        }
        guard !text.isEmpty else { throw BrowserRequestError("the message is empty (a JSON object was expected)") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw BrowserRequestError("the message is not valid JSON")
        }
        guard case .object(let members) = value else {
            throw BrowserRequestError("the message must be a JSON object")
        }
        let id = members["id"]
        switch id {
        case nil, .string?, .number?: break
        default: throw BrowserRequestError("'id' must be a string or a number")
        }
        let present = Self.selectors.filter { members[$0] != nil }
        guard present.count == 1, let selector = present.first else {
            throw BrowserRequestError(
                present.isEmpty
                    ? "unknown request (expected one of \"dial\", \"status\", \"config\")"
                    : "one request at a time (got \(present.map { "\"\($0)\"" }.joined(separator: ", ")))",
                id: id)
        }
        switch selector {
        case "dial":
            guard case .string(let text)? = members["dial"] else {
                throw BrowserRequestError("'dial' must be a string", id: id)
            }
            guard case .string(let name)? = members["source"], let source = DialSource(rawValue: name) else {
                throw BrowserRequestError("'source' must be \"class\", \"link\" or \"selection\"", id: id)
            }
            return BrowserRequest(kind: .dial(text, source), id: id)
        case "status":
            guard members["status"] == .bool(true) else { throw BrowserRequestError("'status' must be true", id: id) }
            return BrowserRequest(kind: .status, id: id)
        default:
            guard members["config"] == .bool(true) else { throw BrowserRequestError("'config' must be true", id: id) }
            return BrowserRequest(kind: .config, id: id)
        }
    }
}

/// A message that is not a valid request: the reply's message, and the `id` to echo when the
/// message was an object with a valid one.
public struct BrowserRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for a person.
    public var message: String
    /// The request's `id`, when it could be read.
    public var id: JSONValue?

    /// An error saying `message`.
    public init(_ message: String, id: JSONValue? = nil) {
        self.message = message
        self.id = id
    }

    /// The message.
    public var description: String { self.message }
}
