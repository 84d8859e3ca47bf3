#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// The JSON lines `wellclient console` writes for its results: `{"result": VERB, "ok": true,
/// "value": …}` or `{"result": VERB, "ok": false, "error": …, "kind": …, "status": …, "meaning": …}`.
public enum ConsoleReply {
    /// A success; `value` is left out when nil.
    public static func success(_ verb: String, value: JSONValue? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["result": .string(verb), "ok": true]
        if let value { object["value"] = value }
        return .object(object)
    }

    /// A failure, with the kind, HTTP status and meaning of a ``WellClientError``.
    public static func failure(_ verb: String, _ error: any Error) -> JSONValue {
        var object: [String: JSONValue] = ["result": .string(verb), "ok": false, "error": .string("\(error)")]
        if let error = error as? WellClientError {
            object["kind"] = .string(error.kind.rawValue)
            if let status = error.status { object["status"] = .number(Double(status)) }
            if let meaning = error.meaning { object["meaning"] = .string(meaning) }
        }
        return .object(object)
    }

    /// `value` as one line of JSON (sorted keys, no line break inside), without the newline.
    public static func line(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return #"{"ok":false,"error":"unencodable reply"}"# }
        return String(decoding: data, as: UTF8.self)
    }
}
