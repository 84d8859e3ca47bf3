import Testing
import WellTestSupport
@testable import WellClient
import WellProtocol

/// The one-pass body decoder must give exactly what the general path (full JSON tree, then
/// `WellEvent(json:)`) gives, and must decline (return `nil`) whenever the general path fails.
struct EventBodyDecoderTests {
    /// The general path, or `nil` when it throws.
    static func general(_ text: String) -> WellEvent? {
        guard let value = try? FastJSONParser.parse(Array(text.utf8)) else { return nil }
        return try? WellEvent(json: value)
    }

    static let plumbing = #""params":{"_amqpTopic":"event.csta.demo.cc","agent":"5001@demo.cc"},"_type":"component.cti.event.DeliveredEvent","topics":["delivered","agent:5001@demo.cc"]"#

    static let bodies: [String] = [
        #"{"eventName":"delivered","eventType":"csta","serial":12,"srcDeviceId":"8001@demo.cc","deviceId":"8001@demo.cc","callId":"c-1","alertingDevice":"8001@demo.cc","callingDevice":"13800138000@demo.cc","calledDevice":"8001@demo.cc","userData":{"data":{"originalANI":"138","n":[1,2.5,true,null]}},"callType":"Inbound",\#(plumbing)}"#,
        #"{"eventName":"agentLoggedOn","agentId":"5001@demo.cc","agentMode":"Ready","devices":{"Voice":"8001@demo.cc"},"serial":1}"#,
        // Duplicates: the first wins, for documented and undocumented members alike.
        #"{"eventName":"held","eventName":"retrieved","serial":3,"serial":4,"callId":"a","callId":"b","x":1,"x":2,"holdingDevice":"8001@demo.cc"}"#,
        // Documented members of unexpected types go to `extra`.
        #"{"eventName":"agentNotReady","reason":7,"serial":"12","callId":null,"isSuccess":"true","failedCode":1.5,"devices":[1]}"#,
        #"{"eventName":"failed","serial":+7,"failedCode":-0,"x":+1}"#,
        #"{"eventName":"failed","serial":1e3,"failedCode":14,"failedMsg":"unknown","isSuccess":false}"#,
        #"{"eventName":"recordStarted","recordId":99,"serial":-5,"isSuccess":true,"fileName":"/mnt/\u00e9t\u00e9.wav"}"#,
        // Escapes and non-ASCII in names and values.
        #"{"event\u004eame":"established","call\u0049d":"c-2","answeringDevice":"\u0038001@demo.cc","note":"café ☎ \ud83d\ude00","caf\u00e9":1}"#,
        #"{"eventName":"connectionCleared","releasingDevice":"8001@demo.cc","cause":"NORMAL_CLEARING","par\u0061ms":{"a":1},"serial":99999999999999999999}"#,
        // Whitespace everywhere.
        " \n{ \"eventName\" : \"originated\" ,\t\"callingDevice\" : \"8001@demo.cc\" , \"calledDevice\":\"8002@demo.cc\" } \r\n",
        // Unknown and client-less names go through the general path.
        #"{"eventName":"somethingNew","serial":5,"extraField":{"k":"v"},\#(plumbing)}"#,
        #"{"eventName":"ChannelStateChangedEvent","serial":6}"#,
        // Things the general path refuses.
        #"{"eventName":"","serial":1}"#,
        #"{"serial":1}"#,
        #"{"eventName":1}"#,
        #"["eventName","delivered"]"#,
        #"{"eventName":"delivered","serial":01}"#,
        #"{"eventName":"delivered",}"#,
        #"{"eventName":"delivered"} x"#,
        #"{"eventName":"delivered","params":{"a":"\x"}}"#,
        #"{"eventName":"delivered","topics":["\ud800"]}"#,
        #"{"eventName":"delivered","_type":tru}"#,
        "{\"eventName\":\"delivered\",\"callId\":\"a\u{01}b\"}",
        #"{"eventName":"delivered""#,
        "",
    ]

    @Test(arguments: Self.bodies)
    func matchesTheGeneralPath(_ text: String) throws {
        let expected = Self.general(text)
        let fast = EventBodyDecoder.decode(Array(text.utf8))
        if let fast {
            #expect(fast == expected, "\(text)")
        }
        // Whatever the route, the public initializer agrees with the general path.
        let viaInit = try? WellEvent(body: Array(text.utf8))
        #expect(viaInit == expected, "\(text)")
    }

    @Test func takesTheFastPathForOrdinaryEvents() {
        #expect(EventBodyDecoder.decode(Array(Self.bodies[0].utf8)) != nil)
        #expect(EventBodyDecoder.decode(Array(Self.bodies[1].utf8)) != nil)
    }

    @Test func declinesWhatTheGeneralPathRejects() {
        for text in Self.bodies where Self.general(text) == nil {
            #expect(EventBodyDecoder.decode(Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func invalidUTF8IsRejectedEverywhere() {
        for bytes: [UInt8] in [
            Array(#"{"eventName":"delivered","callId":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
            Array(#"{"eventName":"delivered","params":""#.utf8) + [0xFF] + Array(#""}"#.utf8),
            Array(#"{"eventName":"delivered",""#.utf8) + [0xE2, 0x82] + Array(#"":1}"#.utf8),
        ] {
            #expect(EventBodyDecoder.decode(bytes) == nil)
            #expect((try? WellEvent(body: bytes)) == nil)
        }
    }

    /// Seeded byte mutations of valid bodies: the fast path never accepts what the general path
    /// rejects, and never differs from it.
    @Test func mutationsAgreeWithTheGeneralPath() {
        var generator = SeededGenerator(seed: 0x5EED_2026)
        let seeds = Self.bodies.prefix(10).map { Array($0.utf8) }
        let alphabet = Array(#"{}[]":,\u0-9+.eEaflnrstu "#.utf8) + [0x80, 0xC3, 0xFF, 0x00, 0x0A]
        var fastAccepted = 0
        for _ in 0..<4_000 {
            var bytes = seeds[Int(generator.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(generator.next() % 3)) where !bytes.isEmpty {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                }
            }
            let expected = (try? FastJSONParser.parse(bytes)).flatMap { try? WellEvent(json: $0) }
            if let fast = EventBodyDecoder.decode(bytes) {
                fastAccepted += 1
                #expect(fast == expected, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(fastAccepted > 100, "the mutations should leave many bodies valid")
    }
}
