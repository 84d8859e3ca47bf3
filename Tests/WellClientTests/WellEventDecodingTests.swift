import Testing
@testable import WellClient
import WellProtocol

struct WellEventDecodingTests {
    @Test func decodesTypedEventAndStripsPlumbing() throws {
        let body =
            #"{"eventName":"delivered","serial":121027,"params":{"a":1},"_type":"component.cti.event.DeliveredEvent","topics":["x"],"srcDeviceId":"8002@zhen04.cc","callId":"c1","deviceId":"8002@zhen04.cc","localState":"Alerting","alertingDevice":"8002@zhen04.cc","callingDevice":"8001@zhen04.cc","calledDevice":"8002@zhen04.cc","userData":{"data":{"k":"v"}}}"#
        let event = try WellEvent(body: Array(body.utf8))
        guard case .delivered(let delivered) = event else {
            Issue.record("not delivered: \(event)")
            return
        }
        #expect(delivered.alertingDevice == "8002@zhen04.cc")
        #expect(delivered.callingDevice == "8001@zhen04.cc")
        #expect(delivered.call.callId == "c1")
        #expect(event.serial == 121027)
        #expect(delivered.userData?["data"]?["k"] == "v")
        #expect(event.json["params"] == nil)
        #expect(event.json["_type"] == nil)
        #expect(event.json["topics"] == nil)
    }

    @Test func unknownEventsPassThroughAsJSON() throws {
        let event = try WellEvent(body: Array(#"{"eventName":"brandNewEvent","serial":5,"x":[1,2,{"y":null}],"topics":["t"]}"#.utf8))
        guard case .unknown(let name, let json) = event else {
            Issue.record("expected unknown")
            return
        }
        #expect(name == "brandNewEvent")
        #expect(json["x"]?.arrayValue?.count == 3)
        #expect(json["topics"] == nil)
        #expect(event.serial == 5)
    }

    @Test(arguments: [
        "", "{", "[1,2]", #"{"serial":1}"#, #"{"eventName":"x",}"#, #"{"eventName":"a\u12"}"#, "nul", #"{"a":01}"#,
        #"{"eventName":"x"} trailing"#,
    ])
    func malformedBodiesAreErrors(_ body: String) {
        #expect(throws: WellClientError.self) { try WellEvent(body: Array(body.utf8)) }
    }

    @Test func parserHandlesEscapesNumbersAndUnicode() throws {
        let value = try FastJSONParser.parse(Array(#"{"s":"a\"b\\c\n\u00e9\ud83d\ude00","n":-12.5e1,"i":42,"b":true,"z":null,"中":"文"}"#.utf8))
        #expect(value["s"] == .string("a\"b\\c\né😀"))
        #expect(value["n"] == .number(-125))
        #expect(value["i"] == .number(42))
        #expect(value["b"] == .bool(true))
        #expect(value["z"] == .null)
        #expect(value["中"] == "文")
    }

    @Test func deeplyNestedInputIsRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: (any Error).self) { try FastJSONParser.parse(Array(deep.utf8)) }
    }
}
