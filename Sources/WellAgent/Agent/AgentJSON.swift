#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// JSON text for the control interface (sorted keys, compact).
enum AgentJSON {
    static func string(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Any Encodable value as a JSONValue (via its JSON encoding).
    static func value<T: Encodable>(_ encodable: T) -> JSONValue {
        guard let data = try? JSONEncoder().encode(encodable),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .null }
        return value
    }
}
