import Foundation
import Testing
import WellBrowserHost
import WellControl
import WellProtocol

/// The requests and replies of the host, against a scripted agent: what reaches the agent and
/// what the extension gets back.
@Suite("Browser host: requests and replies")
struct BrowserHostTests {
    static let chromium = [BrowserCaller.chromiumOrigin]

    /// Runs the host over `messages` (raw bodies) and returns the replies and the agent's calls.
    static func exchange(_ bodies: [[UInt8]], agent: ScriptedAgent = ScriptedAgent(), arguments: [String] = chromium)
        async throws -> (replies: [JSONValue], calls: [String], outcome: BrowserHostProcess<ChunkedSource, RecordingSink>.Outcome)
    {
        let stream = bodies.flatMap { NativeMessageFrame.encode($0) }
        let (outcome, output) = await Self.run(stream, agent: agent, arguments: arguments)
        return (try Frames.replies(output), agent.recorded, outcome)
    }

    static func run(_ stream: [UInt8], agent: ScriptedAgent, arguments: [String] = chromium)
        async -> (BrowserHostProcess<ChunkedSource, RecordingSink>.Outcome, [UInt8])
    {
        var process = BrowserHostProcess(input: ChunkedSource([stream]), output: RecordingSink(), host: BrowserHost(agent: agent), log: { _ in })
        let outcome = await process.run(arguments: arguments)
        return (outcome, process.output.bytes)
    }

    static func exchange(_ json: String, agent: ScriptedAgent = ScriptedAgent()) async throws -> (reply: JSONValue, calls: [String]) {
        let result = try await Self.exchange([Array(json.utf8)], agent: agent)
        try #require(result.replies.count == 1)
        return (result.replies[0], result.calls)
    }

    // MARK: - dial

    @Test(
        "class and selection text: every non-digit dropped, even after tel:",
        arguments: [
            ("8001sd12", "800112", "800112"),
            ("1380-0138-000", "13800138000", "13800138000"),
            ("tel:8001sd12", "800112", "800112"),
            ("+86 138 0013 8000", "+8613800138000", "8613800138000"),
            ("  138\n0013\t8000 ", "13800138000", "13800138000"),
        ])
    func textDials(text: String, sent: String, number: String) async throws {
        for source in ["class", "selection"] {
            let request = JSONValue.object(["dial": .string(text), "source": .string(source), "id": 3])
            let (reply, calls) = try await Self.exchange(try Self.text(request))
            #expect(calls == ["Dial \(sent)"])
            #expect(reply == ["ok": true, "callId": "call-1", "number": .string(number), "id": 3])
        }
    }

    @Test(
        "a link is read by the tel: URI rules",
        arguments: [
            ("tel:+86 138-0013-8000", "+8613800138000", "8613800138000"),
            ("TEL:8002;ext=5", "8002", "8002"),
            ("callto://8003", "8003", "8003"),
            ("tel:%2B86%20138", "+86138", "86138"),
        ])
    func linkDials(href: String, sent: String, number: String) async throws {
        let (reply, calls) = try await Self.exchange(try Self.text(["dial": .string(href), "source": "link"]))
        #expect(calls == ["Dial \(sent)"])
        #expect(reply == ["ok": true, "callId": "call-1", "number": .string(number)])
    }

    @Test(
        "numbers the rules refuse: invalidNumber, the agent is not asked",
        arguments: [
            ("tel:1-800-FLOWERS", "link"),
            ("8002", "link"),
            ("https://crm.example.com/call?n=8002", "link"),
            ("javascript:alert(1)", "link"),
            ("tel:", "link"),
            ("tel:80%ZZ", "link"),
            ("no digits here", "class"),
            ("", "selection"),
            ("١٢٣", "class"),
            (String(repeating: "9", count: 33), "selection"),
            (String(repeating: "x", count: 2000) + "8002", "class"),
        ])
    func refusedNumbers(text: String, source: String) async throws {
        let (reply, calls) = try await Self.exchange(try Self.text(["dial": .string(text), "source": .string(source), "id": "r"]))
        #expect(calls == [])
        #expect(reply["ok"] == false)
        #expect(reply["code"] == "invalidNumber")
        #expect(reply["id"] == "r")
        #expect(reply["error"]?.stringValue?.hasSuffix("; no call placed") == true, "\(reply)")
    }

    @Test(
        "the agent's D-Bus errors become codes",
        arguments: [
            ("cc.wellcloud.WellClient1.Error.Refused", "refused"),
            ("cc.wellcloud.WellClient1.Error.NotLoggedIn", "notLoggedIn"),
            ("cc.wellcloud.WellClient1.Error.Unavailable", "unavailable"),
            ("cc.wellcloud.WellClient1.Error.Configuration", "configuration"),
            ("cc.wellcloud.WellClient1.Error.Cancelled", "cancelled"),
            ("cc.wellcloud.WellClient1.Error.Server", "server"),
            ("cc.wellcloud.WellClient1.Error.InvalidNumber", "invalidNumber"),
            ("cc.wellcloud.WellClient1.Error.InvalidArgument", "invalidRequest"),
            ("cc.wellcloud.WellClient1.Error.NoSuchCall", "refused"),
            ("org.freedesktop.DBus.Error.ServiceUnknown", "unavailable"),
            ("org.freedesktop.DBus.Error.NameHasNoOwner", "unavailable"),
            ("org.freedesktop.DBus.Error.NoReply", "unavailable"),
            ("org.freedesktop.DBus.Error.Disconnected", "unavailable"),
            ("org.freedesktop.DBus.Error.UnknownMethod", "unavailable"),
            ("org.freedesktop.DBus.Error.AccessDenied", "refused"),
        ])
    func agentErrors(name: String, code: String) async throws {
        let failure = ScriptedAgent.failure(name, "what the agent said")
        let agent = ScriptedAgent(dial: .failure(failure), status: .failure(failure), settings: .failure(failure))
        for request in [#"{"dial":"8002","source":"class"}"#, #"{"status":true}"#, #"{"config":true}"#] {
            let (reply, _) = try await Self.exchange(request, agent: agent)
            #expect(reply["ok"] == false)
            #expect(reply["code"] == .string(code), "\(reply)")
            #expect(reply["error"]?.stringValue?.isEmpty == false)
            if name.hasPrefix("cc.wellcloud.") { #expect(reply["error"] == "what the agent said") }
        }
        #expect(agent.recorded == ["Dial 8002", "Status", "BrowserSettings"])
    }

    // MARK: - status and config

    @Test func statusIsTheAgentsObject() async throws {
        let (reply, calls) = try await Self.exchange(#"{"status":true,"id":"s1"}"#)
        #expect(calls == ["Status"])
        #expect(reply == ["ok": true, "status": ["login": "loggedIn", "calls": []], "id": "s1"])
    }

    @Test func configIsTheAgentsSettings() async throws {
        let (reply, calls) = try await Self.exchange(#"{"config":true}"#)
        #expect(calls == ["BrowserSettings"])
        #expect(reply == ["ok": true, "config": ["sites": ["https://crm.example.com"], "clickCallClass": "well-canBeCalled"]])
    }

    @Test(
        "an agent answer that is not the JSON expected: unavailable",
        arguments: [
            ("not json", #"{"sites":"x","clickCallClass":"c"}"#),
            ("[1]", #"{"sites":[1],"clickCallClass":"c"}"#),
            ("\"text\"", #"{"sites":[]}"#),
        ])
    func malformedAgentAnswers(status: String, settings: String) async throws {
        let agent = ScriptedAgent(status: .success(status), settings: .success(settings))
        for request in [#"{"status":true}"#, #"{"config":true}"#] {
            let (reply, _) = try await Self.exchange(request, agent: agent)
            #expect(reply["ok"] == false)
            #expect(reply["code"] == "unavailable")
        }
    }

    // MARK: - invalid requests

    @Test(
        "invalid requests: invalidRequest, the agent is not asked",
        arguments: [
            #"{"dial":"8002"}"#,
            #"{"dial":"8002","source":"page"}"#,
            #"{"dial":8002,"source":"class"}"#,
            #"{"dial":["8002"],"source":"class"}"#,
            #"{"status":1}"#,
            #"{"status":false}"#,
            #"{"config":"yes"}"#,
            #"{"dial":"8002","source":"class","status":true}"#,
            #"{"call":"8002"}"#,
            #"{}"#,
            #"[{"status":true}]"#,
            #""status""#,
            #"null"#,
            #"{"status":true,"id":{"x":1}}"#,
            #"{"status":true"#,
            #"{'status': true}"#,
            "",
            " ",
            String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
        ])
    func invalidRequests(json: String) async throws {
        let (reply, calls) = try await Self.exchange(json)
        #expect(calls == [])
        #expect(reply["ok"] == false)
        #expect(reply["code"] == "invalidRequest", "\(reply)")
        let message = reply["error"]?.stringValue ?? ""
        #expect(!message.isEmpty)
    }

    @Test("duplicate keys are answered, never a crash")
    func duplicateKeys() async throws {
        let result = try await Self.exchange([#"{"status":true,"status":true}"#, #"{"a":{"b":1,"b":2},"config":true}"#].map { Array($0.utf8) })
        #expect(result.replies.map { $0["ok"] } == [true, true])
        #expect(result.outcome == .finished)
    }

    @Test func badUTF8IsInvalidRequest() async throws {
        let bodies: [[UInt8]] = [[0x7B, 0x22, 0xFF, 0x22, 0x7D], [0xC3, 0x28], Array(#"{"dial":"8002","source":"class"}"#.utf8) + [0xED, 0xA0, 0x80]]
        let result = try await Self.exchange(bodies)
        #expect(result.calls == [])
        #expect(result.replies.count == 3)
        for reply in result.replies {
            #expect(reply["code"] == "invalidRequest")
            #expect(reply["error"] == "the message is not valid UTF-8")
        }
        #expect(result.outcome == .finished)
    }

    @Test func invalidRequestEchoesAReadableId() async throws {
        let (reply, _) = try await Self.exchange(#"{"call":"8002","id":"abc"}"#)
        #expect(reply["id"] == "abc")
        #expect(reply["code"] == "invalidRequest")
    }

    // MARK: - the process: callers, several messages, limits

    @Test(
        "callers other than the WellClient extension get forbidden and nothing is read",
        arguments: [
            [String](),
            ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"],
            ["chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi"],
            ["chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi/x"],
            ["CHROME-EXTENSION://FNDAEMACHFNCNDGADLDHJKDCNBKKFAHI/"],
            ["/home/u/.mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json", "evil@example.com"],
            ["/home/u/.mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json"],
            ["wellclient@wellcloud.cc"],
            ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/", "wellclient@wellcloud.cc"],
        ])
    func forbiddenCallers(arguments: [String]) async throws {
        let agent = ScriptedAgent()
        let stream = Frames.frame(#"{"dial":"8002","source":"class"}"#)
        let source = ChunkedSource([stream])
        var process = BrowserHostProcess(input: source, output: RecordingSink(), host: BrowserHost(agent: agent), log: { _ in })
        let outcome = await process.run(arguments: arguments)
        #expect(outcome == .forbidden)
        #expect(outcome.exitStatus == 1)
        #expect(try Frames.replies(process.output.bytes) == [["ok": false, "code": "forbidden", "error": "this host answers only the WellClient extension"]])
        #expect(agent.recorded == [])
        #expect(source.tally.delivered == 0)
    }

    @Test(
        "the WellClient extension in Chromium and in Firefox is answered",
        arguments: [
            ["chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi/"],
            ["chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi/", "--parent-window=0"],
            ["/usr/lib/mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json", "wellclient@wellcloud.cc"],
        ])
    func allowedCallers(arguments: [String]) async throws {
        let result = try await Self.exchange([Array(#"{"status":true}"#.utf8)], arguments: arguments)
        #expect(result.outcome == .finished)
        #expect(result.replies.first?["ok"] == true)
    }

    @Test("several messages on one connection are answered in order; a hostile one places no call")
    func severalMessages() async throws {
        let bodies = [
            #"{"dial":"tel:1-800-FLOWERS","source":"link","id":1}"#, #"{"nonsense":true,"id":2}"#, #"{"status":true,"id":3}"#,
            #"{"dial":"8001sd12","source":"class","id":4}"#,
        ]
        let result = try await Self.exchange(bodies.map { Array($0.utf8) })
        #expect(result.replies.map { $0["id"] } == [1, 2, 3, 4])
        #expect(result.replies.map { $0["ok"] } == [false, false, true, true])
        #expect(result.calls == ["Status", "Dial 800112"])
        #expect(result.outcome == .finished)
    }

    @Test("an over-cap length: an invalidRequest reply, then the host stops without reading the body or later messages")
    func overCapStops() async throws {
        let agent = ScriptedAgent()
        let header = NativeMessageFrame.header(length: UInt32(NativeMessageFrame.maximumSize + 1))
        let later = Frames.frame(#"{"dial":"8002","source":"class"}"#)
        let source = ChunkedSource([Frames.frame(#"{"status":true}"#), header, later])
        var process = BrowserHostProcess(input: source, output: RecordingSink(), host: BrowserHost(agent: agent), log: { _ in })
        let outcome = await process.run(arguments: Self.chromium)
        #expect(outcome == .inputFailed(.tooLarge(UInt32(NativeMessageFrame.maximumSize + 1))))
        #expect(outcome.exitStatus == 1)
        let replies = try Frames.replies(process.output.bytes)
        #expect(replies.count == 2)
        #expect(replies.last?["code"] == "invalidRequest")
        #expect(agent.recorded == ["Status"])
        #expect(source.tally.delivered == Frames.frame(#"{"status":true}"#).count + 4)
    }

    @Test func zeroLengthMessageGetsAnErrorAndTheHostGoesOn() async throws {
        let result = try await Self.exchange([[], Array(#"{"status":true}"#.utf8)])
        #expect(result.replies.count == 2)
        #expect(result.replies[0]["code"] == "invalidRequest")
        #expect(result.replies[1]["ok"] == true)
    }

    @Test func truncatedInputStopsTheHostWithoutAReply() async throws {
        let agent = ScriptedAgent()
        let frame = Frames.frame(#"{"dial":"8002","source":"class"}"#)
        let (outcome, output) = await Self.run(Array(frame.dropLast(3)), agent: agent)
        #expect(outcome == .inputFailed(.truncated(got: frame.count - 7, expected: frame.count - 4)))
        #expect(output.isEmpty)
        #expect(agent.recorded == [])
    }

    @Test func repliesAreCompactUTF8() async throws {
        let agent = ScriptedAgent(status: .success(#"{"text":"拨打 / call"}"#))
        let (_, output) = await Self.run(Frames.frame(#"{"status":true}"#), agent: agent)
        #expect(String(decoding: output.dropFirst(4), as: UTF8.self) == #"{"ok":true,"status":{"text":"拨打 / call"}}"#)
    }

    static func text(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
