#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// One reply to the extension: `{"ok": true, …}` or `{"ok": false, "error": "…", "code": "…"}`,
/// with the request's `id` when it had one.
public struct BrowserReply: Sendable, Equatable {
    /// The reply's members, without `id`.
    public var members: [String: JSONValue]
    /// The `id` echoed.
    public var id: JSONValue?

    /// A reply with exactly these members.
    public init(members: [String: JSONValue], id: JSONValue? = nil) {
        self.members = members
        self.id = id
    }

    /// `{"ok": true, "callId": …, "number": …}`.
    public static func dialled(callId: String, number: String, id: JSONValue?) -> BrowserReply {
        BrowserReply(members: ["ok": true, "callId": .string(callId), "number": .string(number)], id: id)
    }

    /// `{"ok": true, "status": …}`.
    public static func status(_ status: JSONValue, id: JSONValue?) -> BrowserReply {
        BrowserReply(members: ["ok": true, "status": status], id: id)
    }

    /// `{"ok": true, "config": {"sites": […], "clickCallClass": …}}`.
    public static func config(sites: [String], clickCallClass: String, id: JSONValue?) -> BrowserReply {
        BrowserReply(
            members: [
                "ok": true,
                "config": ["sites": .array(sites.map(JSONValue.string)), "clickCallClass": .string(clickCallClass)],
            ], id: id)
    }

    /// `{"ok": false, "error": message, "code": code}`.
    public static func error(_ code: BrowserErrorCode, _ message: String, id: JSONValue? = nil) -> BrowserReply {
        BrowserReply(members: ["ok": false, "error": .string(message), "code": .string(code.rawValue)], id: id)
    }

    /// The JSON object as sent.
    public var json: JSONValue {
        var object = self.members
        if let id { object["id"] = id }
        return .object(object)
    }

    /// The UTF-8 JSON body (compact, keys sorted). A reply that would not fit in a frame (a
    /// `Status` of extraordinary size) becomes an `unavailable` error, which always fits.
    public var body: [UInt8] {
        let bytes = Self.encoded(self.json)
        guard let bytes, bytes.count <= NativeMessageFrame.maximumSize else {
            return Self.encoded(Self.error(.unavailable, "the agent's answer is too large to pass to the browser", id: nil).json) ?? []
        }
        return bytes
    }

    private static func encoded(_ value: JSONValue) -> [UInt8]? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { Array($0) }
    }
}
