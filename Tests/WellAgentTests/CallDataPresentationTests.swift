import Foundation
import Testing
import WellProtocol
@testable import WellNotifications
import WellAgent

/// The call data a person sees (ringing / connected notifications, `wellclient status`): every
/// shape the platform sends, the bookkeeping hidden, and hostile values kept in their place.
struct CallDataPresentationTests {
    typealias Presentation = CallDataPresentation

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// An inbound call from 13900139000 ringing on 8001 (the simulator's call data for it).
    static let inbound = Presentation.Context(callingDevice: "13900139000@demo.cc", calledDevice: "8001@demo.cc", ownDevice: "8001@demo.cc")

    @Test("nested userData.data: custom keys sorted, nested objects dotted, the platform's bookkeeping hidden")
    func nested() throws {
        let data = try Self.json(
            """
            {"data":{"originalANI":"13900139000","originalCallId":"b999cc88-0000","originalDNIS":"8001",
                     "orderId":"42","customer":{"name":"Li Lei","tier":2},"tags":["vip","cn"],"paid":true,"score":9.5}}
            """)
        #expect(
            Presentation.lines(data, context: Self.inbound) == [
                "customer.name: Li Lei", "customer.tier: 2", "orderId: 42", "paid: true", "score: 9.5", "tags: vip, cn",
            ])
    }

    @Test("originalANI / originalDNIS are shown when they say something new; originalCallId never")
    func bookkeepingOnlyWhenRepeated() throws {
        let data = try Self.json(#"{"data":{"originalANI":"13900139000","originalDNIS":"7000","originalCallId":"c1"}}"#)
        // A queue call: the DNIS is the queue, not this extension.
        #expect(Presentation.lines(data, context: Self.inbound) == ["originalDNIS: 7000"])
        // Transferred in: the original caller is not the device calling now.
        let transferred = Presentation.Context(callingDevice: "8002@demo.cc", calledDevice: "8001@demo.cc", ownDevice: "8001@demo.cc")
        #expect(Presentation.lines(data, context: transferred) == ["originalANI: 13900139000", "originalDNIS: 7000"])
        // Nothing known about the call: nothing can be called a repetition.
        #expect(Presentation.lines(data) == ["originalANI: 13900139000", "originalDNIS: 7000"])
        // The demo's ringing call: everything repeats, nothing is left (the notification had a raw JSON line).
        let demo = try Self.json(#"{"data":{"originalANI":"13900139000","originalCallId":"b9","originalDNIS":"8001"}}"#)
        #expect(Presentation.lines(demo, context: Self.inbound) == [])
    }

    @Test("a flat userData object; keys beside data are shown after data's")
    func flat() throws {
        #expect(
            Presentation.lines(try Self.json(#"{"vip":true,"orderId":42,"note":"call back after 5"}"#))
                == ["note: call back after 5", "orderId: 42", "vip: true"])
        #expect(Presentation.lines(try Self.json(#"{"source":"ivr","data":{"orderId":"42"}}"#)) == ["orderId: 42", "source: ivr"])
        // A `data` that is text is an ordinary key.
        #expect(Presentation.lines(try Self.json(#"{"data":"plain"}"#)) == ["data: plain"])
    }

    @Test("the [{key, value}] list form keeps its order; elements without a string key are skipped")
    func list() throws {
        let data = try Self.json(#"[{"key":"b","value":"2"},{"key":"a","value":1},{"value":"no key"},"junk",{"key":"c"}]"#)
        #expect(Presentation.lines(data) == ["b: 2", "a: 1", "c: "])
        #expect(Presentation.lines(try Self.json(#"{"data":[{"key":"x","value":"1"}]}"#)) == ["x: 1"])
    }

    @Test(
        "nothing to show: no data, null, empty containers, a bare scalar, only bookkeeping",
        arguments: [
            "null", "{}", "[]", #"{"data":{}}"#, #"{"data":[]}"#, #""just text""#, "42", #"{"data":{"originalCallId":"c1"}}"#,
        ])
    func empty(_ text: String) throws {
        #expect(Presentation.lines(try Self.json(text), context: Self.inbound) == [])
        #expect(Presentation.lines(nil) == [])
    }

    @Test("hostile: control and format characters cannot make a line of their own or restyle a terminal")
    func controlCharacters() throws {
        let data = JSONValue.object([
            "note": .string("line1\nFrom 110\r\u{1B}[31mred\u{202E}gnp.exe"),
            "ke\ny": .string("v"),
        ])
        let lines = Presentation.lines(data)
        #expect(lines == [#"ke\u{a}y: v"#, #"note: line1\u{a}From 110\u{d}\u{1b}[31mred\u{202e}gnp.exe"#])
        for line in lines {
            #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
        }
    }

    @Test("hostile: markup is kept as text here and escaped in the notification for a body-markup server")
    func markup() throws {
        let data = JSONValue.object(["note": .string("<b>VIP</b> & <a href='x'>link</a>")])
        let lines = Presentation.lines(data)
        #expect(lines == ["note: <b>VIP</b> & <a href='x'>link</a>"])
        let policy = CallNotificationPolicy(strings: AgentStrings(.english), serverHasActions: true, sound: false)
        let plan = try #require(policy.plan(for: CallPresentation(callId: "c1", phase: .connected, party: "8002", callData: lines)))
        #expect(NotificationRequest.escapeMarkup(plan.body) == "note: &lt;b&gt;VIP&lt;/b&gt; &amp; &lt;a href=&apos;x&apos;&gt;link&lt;/a&gt;")
    }

    @Test("a long key and a long value are cut with an ellipsis; a huge value costs no more than its head")
    func longValues() {
        let data = JSONValue.object([
            String(repeating: "k", count: 500): .string("v"),
            "long": .string(String(repeating: "x", count: 1_000_000)),
        ])
        let lines = Presentation.lines(data)
        #expect(lines.count == 2)
        #expect(lines[0] == String(repeating: "k", count: Presentation.maxKeyLength - 1) + "…: v")
        #expect(lines[1] == "long: " + String(repeating: "x", count: Presentation.maxValueLength - 1) + "…")
        // An escaped control character counts as what is shown.
        let escaped = Presentation.lines(.object(["e": .string(String(repeating: "\u{1}", count: 200))]))
        #expect(escaped[0].unicodeScalars.count == "e: ".unicodeScalars.count + Presentation.maxValueLength)
        #expect(escaped[0].hasSuffix("…"))
        // Exactly at the limit: not cut.
        let exact = Presentation.lines(.object(["v": .string(String(repeating: "y", count: Presentation.maxValueLength))]))
        #expect(exact == ["v: " + String(repeating: "y", count: Presentation.maxValueLength)])
    }

    @Test("hostile: 10,000 keys give the first lines in key order and one ellipsis line")
    func tenThousandKeys() {
        var object: [String: JSONValue] = [:]
        for index in 0..<10_000 { object[String(format: "key%05d", index)] = .string("value \(index)") }
        let start = ContinuousClock.now
        let lines = Presentation.lines(.object(["data": .object(object)]))
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(lines.count == Presentation.maxLines + 1)
        #expect(lines.prefix(3) == ["key00000: value 0", "key00001: value 1", "key00002: value 2"])
        #expect(lines.last == "…")
        let list = JSONValue.array((0..<10_000).map { ["key": .string("k\($0)"), "value": .string("v")] })
        let listed = Presentation.lines(list)
        #expect(listed.count == Presentation.maxLines + 1 && listed.first == "k0: v" && listed.last == "…")
    }

    @Test("the whole block is capped: long lines end it early with the ellipsis line")
    func blockCap() {
        var object: [String: JSONValue] = [:]
        for index in 0..<8 { object["k\(index)"] = .string(String(repeating: "z", count: 500)) }
        let lines = Presentation.lines(.object(object))
        #expect(lines.last == "…")
        #expect(lines.count < Presentation.maxLines + 1)
        #expect(lines.joined(separator: "\n").unicodeScalars.count <= Presentation.maxBlockLength)
    }

    @Test("deep nesting opens a few levels into dotted keys, then shows JSON")
    func deepNesting() {
        var value: JSONValue = .string("bottom")
        for level in (0..<30).reversed() { value = .object(["l\(level)": value]) }
        let lines = Presentation.lines(value)
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("l0.l1.l2.l3: {\"l4\":{\"l5\""), "\(lines)")
        #expect(lines[0].hasSuffix("…"))
    }

    @Test("wellclient status shows the same lines under the call")
    func statusReport() throws {
        let status = try Self.json(
            """
            {"login":"loggedIn","deviceId":"8001@demo.cc","calls":[{"callId":"c7","origin":"received",
             "callingDevice":"13900139000@demo.cc","calledDevice":"8001@demo.cc",
             "parties":[{"deviceId":"8001@demo.cc","state":"Alerting","isOwn":true,"isCalling":false},
                        {"deviceId":"13900139000@demo.cc","state":"Connect","isOwn":false,"isCalling":true}],
             "userData":{"data":{"originalANI":"13900139000","originalCallId":"c7","originalDNIS":"8001",
                                 "orderId":"42","note":"a\\nb"}}}]}
            """)
        let text = AgentStatusReport(status: status).render()
        let lines = text.split(separator: "\n").map(String.init)
        let callLine = try #require(lines.firstIndex { $0.contains("• 13900139000 (inbound): ringing here") }, "\(text)")
        #expect(lines[callLine + 1].hasSuffix("  note: a\\u{a}b"), "\(text)")
        #expect(lines[callLine + 2].hasSuffix("  orderId: 42"), "\(text)")
        #expect(!text.contains("original"), "\(text)")
        #expect(!text.contains("{\""), "\(text)") // no JSON object (an escape like \u{a} has a brace too)
    }
}
