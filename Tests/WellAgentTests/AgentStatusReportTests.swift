import Foundation
import Testing
import WellAgent
import WellProtocol
import WellSimulator
import WellTestSupport
import WellDBus

/// `wellclient status` for a person: the agent's real `Status` through a call's life, and the
/// states a running agent reports less often (not configured, link down, a pending mode).
@Suite("Status report", .timeLimit(.minutes(3)))
struct AgentStatusReportTests {
    static func report(_ json: String) throws -> String {
        AgentStatusReport(status: try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))).render()
    }

    static func line(_ report: String, _ label: String) -> String? {
        report.split(separator: "\n").map(String.init).first { $0.hasPrefix(label + " ") }
    }

    @Test("the real agent's Status: logged in and connected, then a ringing inbound call, then connected with a time")
    func liveAgent() async throws {
        try await AgentHarness.run { harness in
            let idle = AgentStatusReport(status: try await harness.status()).render()
            #expect(Self.line(idle, "Agent")?.contains("5001@\(harness.sim.namespace) on 8001@\(harness.sim.namespace): logged in, ") == true, "\(idle)")
            #expect(Self.line(idle, "Server")?.hasSuffix("\(harness.sim.baseURL.absoluteString), connected") == true, "\(idle)")
            #expect(Self.line(idle, "Calls")?.hasSuffix("none") == true, "\(idle)")
            #expect(Self.line(idle, "Notifications")?.contains("with Answer / Hang up buttons") == true, "\(idle)")
            #expect(!idle.contains("123456"), "the password must not be shown")

            let callId = try await harness.sim.simulator.ring("8001", from: "13800138000")
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.count == 1 }
            let ringing = AgentStatusReport(status: try await harness.status()).render()
            #expect(ringing.contains("• 13800138000 (inbound): ringing here — call \(callId)"), "\(ringing)")
            #expect(Self.line(ringing, "Calls")?.hasSuffix("1") == true, "\(ringing)")

            try await harness.call("Answer", [.string(callId)])
            try await harness.waitForStatus { status in
                status["calls"]?.arrayValue?.first?["parties"]?.arrayValue?.contains {
                    $0["isOwn"]?.boolValue == true && $0["state"]?.stringValue == "Connect"
                } == true
            }
            let connected = AgentStatusReport(status: try await harness.status()).render()
            #expect(connected.contains("• 13800138000 (inbound): connected since "), "\(connected)")
            try await harness.call("HangUp", [.string(callId)])
        }
    }

    @Test("not configured, with the configuration problem named; no server, link closed")
    func notConfigured() throws {
        let text = try Self.report(
            """
            {"login":"notConfigured","demo":false,"version":"0.1.0","server":{"url":null,"connection":"closed"},
             "lastError":null,"configurationError":{"file":"/h/.config/wellclient/config.toml","line":7,"key":"agent.pasword",
             "message":"unknown key","description":"config.toml:7: unknown key 'agent.pasword'"},
             "agent":null,"calls":[],"loggedIn":false}
            """)
        #expect(Self.line(text, "Agent")?.hasSuffix("no agent configured: not configured (run `wellclient setup`)") == true, "\(text)")
        #expect(Self.line(text, "Server")?.hasSuffix("no server configured, not connected") == true, "\(text)")
        #expect(Self.line(text, "Configuration")?.hasSuffix("config.toml:7: unknown key 'agent.pasword'") == true, "\(text)")
        #expect(Self.line(text, "Notifications")?.hasSuffix("off") == true, "\(text)")
        #expect(Self.line(text, "Version")?.hasSuffix("0.1.0") == true, "\(text)")
    }

    @Test("link down, a mode with its reason and a pending mode, the last error; a call on hold and a consultation ringing")
    func busyAgent() throws {
        let text = try Self.report(
            """
            {"login":"loggedIn","demo":true,"server":{"url":"http://127.0.0.1:5088","connection":"down"},
             "lastError":"makeCall refused: HTTP 460","agentId":"5001@demo.cc","deviceId":"8001@demo.cc",
             "confirmDial":true,"autoAnswer":false,"configurationError":null,
             "agent":{"agentId":"5001@demo.cc","deviceId":"8001@demo.cc","loggedIn":true,"mode":"NotReady","reason":"lunch",
                      "pendingMode":"Ready","allocated":false},
             "calls":[
               {"callId":"c1","origin":"dialed","isConferenced":false,"establishedAt":"2026.12.01 10:00:00",
                "parties":[{"deviceId":"8001@demo.cc","isOwn":true,"isCalling":true,"state":"Hold"},
                           {"deviceId":"13800138000@demo.cc","isOwn":false,"isCalling":false,"state":"Connect"}]},
               {"callId":"c2","origin":"consult","isConferenced":false,
                "parties":[{"deviceId":"8001@demo.cc","isOwn":true,"isCalling":true,"state":"Initiate"},
                           {"deviceId":"8003@demo.cc","isOwn":false,"isCalling":false,"state":"Alerting"}]}],
             "notifications":{"actions":false,"calls":{}},"loggedIn":true,"newKey":{"from":"a newer agent"}}
            """)
        #expect(Self.line(text, "Agent")?.hasSuffix("5001@demo.cc on 8001@demo.cc: logged in, NotReady (lunch), Ready after the call") == true, "\(text)")
        #expect(Self.line(text, "Server")?.hasSuffix("http://127.0.0.1:5088, connection lost, reconnecting") == true, "\(text)")
        #expect(Self.line(text, "Last error")?.hasSuffix("makeCall refused: HTTP 460") == true, "\(text)")
        #expect(text.contains("• 13800138000 (outbound): on hold — call c1"), "\(text)")
        #expect(text.contains("• 8003 (consultation): ringing at the other end — call c2"), "\(text)")
        #expect(Self.line(text, "Notifications")?.contains("without buttons") == true, "\(text)")
        #expect(Self.line(text, "Options")?.hasSuffix("auto-answer off, confirm dial on, demo server") == true, "\(text)")
        #expect(!text.contains("newKey"), "\(text)")
        // The labels line up: every value starts in the column after the longest label and two spaces.
        let column = "Notifications".count + 2
        for line in text.split(separator: "\n").map(Array.init) {
            #expect(line.count > column && line[column - 1] == " " && line[column] != " ", "\(String(line))")
        }
    }

    @Test("a conference: every other party named, 'in conference' with its time")
    func conference() throws {
        let text = try Self.report(
            """
            {"login":"loggedIn","deviceId":"8001@demo.cc","server":{"url":"u","connection":"up"},
             "agent":{"mode":"Ready"},
             "calls":[{"callId":"c9","origin":"received","isConferenced":true,"establishedAt":"2026.12.01 11:00:00",
               "parties":[{"deviceId":"13900139000@demo.cc","isOwn":false,"state":"Connect"},
                          {"deviceId":"8001@demo.cc","isOwn":true,"state":"Connect"},
                          {"deviceId":"13700137000@demo.cc","isOwn":false,"state":"Connect"}]}]}
            """)
        #expect(text.contains("• 13900139000, 13700137000 (inbound): in conference since 2026.12.01 11:00:00 — call c9"), "\(text)")
    }

    @Test("text from the server cannot drive the terminal: escape sequences, bidi overrides and newlines are shown as \\u{…}")
    func hostileServerText() throws {
        let text = try Self.report(
            """
            {"login":"loggedIn","deviceId":"8001@demo.cc","server":{"url":"u","connection":"up"},"agent":{"mode":"Ready"},
             "lastError":"refused\\u001b[2J\\u001b]0;owned\\u0007",
             "calls":[{"callId":"c1\\nAgent  fake line","origin":"received",
               "parties":[{"deviceId":"1380\\u202e0013\\u001b[31m8000@demo.cc","isOwn":false,"state":"Connect"},
                          {"deviceId":"8001@demo.cc","isOwn":true,"state":"Alerting"}]}]}
            """)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(text.debugDescription)")
        #expect(text.contains("1380\\u{202e}0013\\u{1b}[31m8000"), "\(text)")
        #expect(text.contains("call c1\\u{a}Agent  fake line"), "\(text)")
        let plain = try Self.report(#"{"login":"loggedIn","lastError":"x","calls":[{}]}"#)
        #expect(text.split(separator: "\n").count == plain.split(separator: "\n").count, "no extra lines: \(text)")
    }
}
