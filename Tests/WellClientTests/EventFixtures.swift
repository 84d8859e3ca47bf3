@testable import WellClient
import WellProtocol

/// Builds wire events as the server sends them (for pure tests of decoding and the call model).
enum EventFixtures {
    nonisolated(unsafe) static var serial = 1000

    static func event(_ name: String, _ fields: [String: JSONValue], src: String = "8001@demo.cc") -> WellEvent {
        serial += 1
        var object = fields
        object["eventName"] = .string(name)
        object["serial"] = .number(Double(serial))
        object["srcDeviceId"] = .string(src)
        object["eventTime"] = "2026.01.01 10:00:00"
        object["params"] = ["agent": "5001@demo.cc"]
        object["_type"] = "component.cti.event.X"
        object["topics"] = ["csta"]
        return try! WellEvent(json: .object(object))
    }
}
