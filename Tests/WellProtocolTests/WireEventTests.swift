import Foundation
import Testing
import WellProtocol

struct WireEventTests {
    @Test func decodesEverySeedExampleVerbatim() throws {
        #expect(SeedExamples.events.count == 13)
        for text in SeedExamples.events {
            let data = Data(text.utf8)
            let event = try WireEvent.decode(data)
            let raw = try JSONDecoder().decode([String: JSONValue].self, from: data)
            #expect(event.eventName?.rawValue == raw["eventName"]?.stringValue)
            #expect(event.serial == raw["serial"]?.intValue)
            #expect(event.eventTime.flatMap { EventTime.date(from: $0) } != nil)
            #expect(event.params != nil && event.typeName != nil && event.topics != nil)
            // Lossless: re-encoding gives the same JSON object.
            #expect(event.json == raw)
            let again = try WireEvent.decode(try event.encoded())
            #expect(again == event)
            // No seed field ends up unrecognised, except the agent events' documented `devices`-like extras.
            #expect(event.extra.isEmpty, "unexpected extra keys \(event.extra.keys.sorted())")
        }
    }

    @Test func seedDeliveredFieldsAreTyped() throws {
        let delivered = try #require(
            try SeedExamples.events.map { try WireEvent.decode(Data($0.utf8)) }.first { $0.eventName == .delivered })
        #expect(delivered.eventType == "csta")
        #expect(delivered.alertingDevice == "8002@zhen04.cc")
        #expect(delivered.srcDeviceId == "8002@zhen04.cc")
        #expect(delivered.connectionId == "8002@zhen04.cc|37db6efe-57cc-4053-b0ce-24c96eba66b0")
        #expect(delivered.typeName == "component.cti.event.DeliveredEvent")
        #expect(delivered.eventName?.serverTypeName == delivered.typeName)
        #expect(delivered.strippingPlumbing.params == nil)
        #expect(delivered.strippingPlumbing.topics == nil)
    }

    @Test func serverTypeNamesMatchTheSeed() throws {
        for text in SeedExamples.events {
            let event = try WireEvent.decode(Data(text.utf8))
            #expect(event.eventName?.serverTypeName == event.typeName)
            #expect(event.eventName?.eventType == event.eventType)
        }
    }

    @Test func toleratesOdditiesAndKeepsUnknownFields() throws {
        let text = #"""
            {"eventName":"transferred","serial":"12","transferringDevice":"8003@jasmine.cc@jasmine.cc",
             "primaryOldCall":"0","callingDevice":"1760217****@tt.cc","futureField":{"a":[1,2.5,null]},
             "isSuccess":"yes","topics":[1,2],"eventSrc":{"x":1}}
            """#
        let event = try WireEvent.decode(Data(text.utf8))
        #expect(event.eventName == .transferred)
        #expect(event.serial == nil) // a string serial is kept aside, not guessed
        #expect(event.extra["serial"] == .string("12"))
        #expect(event.primaryOldCall == "0")
        #expect(DeviceID(parsing: event.transferringDevice ?? "")?.number == "8003")
        #expect(DeviceID(parsing: event.transferringDevice ?? "")?.domain == "jasmine.cc")
        #expect(event.callingDevice == "1760217****@tt.cc")
        #expect(event.extra["futureField"] == ["a": [1, 2.5, nil]])
        #expect(event.extra["isSuccess"] == "yes")
        #expect(event.extra["topics"] == [1, 2])
        #expect(event.extra["eventSrc"] == ["x": 1])
        let raw = try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        #expect(event.json == raw)
    }

    @Test func missingFieldsDecodeToNil() throws {
        let event = try WireEvent.decode(Data("{}".utf8))
        #expect(event.eventName == nil && event.serial == nil && event.extra.isEmpty)
        #expect(throws: (any Error).self) { try WireEvent.decode(Data("[1]".utf8)) }
        #expect(throws: (any Error).self) { try WireEvent.decode(Data("{".utf8)) }
    }

    @Test func encodesTheSeedFieldNames() throws {
        var event = WireEvent(eventName: .connectionCleared)
        event.serial = 7
        event.typeName = EventName.connectionCleared.serverTypeName
        event.releasingDevice = "8001@demo.cc"
        event.isSuccess = true
        event.failedCode = 3
        let text = String(decoding: try event.encoded(), as: UTF8.self)
        #expect(text.contains(#""_type":"component.cti.event.ConnectionClearedEvent""#))
        #expect(text.contains(#""releasingDevice":"8001@demo.cc""#))
        #expect(text.contains(#""serial":7"#))
        #expect(text.contains(#""failedCode":3"#))
        #expect(text.contains(#""isSuccess":true"#))
    }

    @Test func eventNamesAreOpen() throws {
        #expect(EventName(rawValue: "somethingNew").rawValue == "somethingNew")
        #expect(EventName.channelStateChanged.serverTypeName == "component.cti.event.ChannelStateChangedEvent")
        #expect(EventName.agentAllocated.isAgentEvent)
        #expect(!EventName.delivered.isAgentEvent)
        #expect(Set(EventName.known).count == EventName.known.count)
    }
}

struct JSONValueTests {
    @Test func roundTripsEveryShape() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil, ["b": [:]]], "n": -3]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(String(decoding: try JSONEncoder().encode(JSONValue.number(3)), as: UTF8.self) == "3")
        #expect(value["n"]?.intValue == -3)
        #expect(JSONValue.string("42").intValue == 42)
        #expect(JSONValue.number(1.5).intValue == nil)
    }
}

struct EventTimeTests {
    @Test func formatsAndParses() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let date = try #require(EventTime.date(from: "2017.03.18 14:13:24", timeZone: zone))
        #expect(EventTime.string(from: date, timeZone: zone) == "2017.03.18 14:13:24")
        #expect(EventTime.string(from: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!) == "1970.01.01 00:00:00")
        for bad in ["2017-03-18 14:13:24", "2017.3.18 14:13:24", "2017.02.30 10:00:00", "2017.03.18", "x"] {
            #expect(EventTime.date(from: bad) == nil, "\(bad)")
        }
    }
}
