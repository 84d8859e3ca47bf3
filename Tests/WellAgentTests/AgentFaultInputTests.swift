import Foundation
import Testing
import WellClient
import WellDBus
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport

/// A hostile or over-eager local peer on the session bus (issue #5): a dial storm, and `Dial`
/// with oversized, control-character and injection-laden input. The fake `ActionInvoked` from a
/// non-notification peer is covered by AgentServiceTests ("a fake ActionInvoked from another
/// peer is ignored…") and NotificationTests ("fake ActionInvoked from another peer…").
@Suite("Agent faults: dial storm and malicious bus peers", .serialized, .timeLimit(.minutes(3)))
struct AgentFaultInputTests {
    @Test("Dial 20 times at once: exactly one makeCall reaches the server, 19 clear Refused errors")
    func dialStorm() async throws {
        try await AgentFaultRig.run { rig in
            let started = ContinuousClock.now
            let results = await withTaskGroup(of: Result<String, DBusError>.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            return .success(try await rig.harness.call("Dial", [.string("tel:8002")]).first?.string ?? "")
                        } catch let error as DBusError {
                            return .failure(error)
                        } catch {
                            return .failure(DBusError(name: "test.Unexpected", message: "\(error)"))
                        }
                    }
                }
                var all: [Result<String, DBusError>] = []
                for await result in group { all.append(result) }
                return all
            }
            let elapsed = ContinuousClock.now - started
            print("dial storm: 20 Dial calls answered in \(elapsed)")
            let placed = results.compactMap { try? $0.get() }
            let refused = results.compactMap { result -> DBusError? in if case .failure(let error) = result { error } else { nil } }
            #expect(placed.count == 1, "\(results)")
            #expect(refused.count == 19)
            for error in refused {
                #expect(error.name == ControlInterface.ErrorName.refused, "\(error)")
                #expect(error.message.contains("one dial per") || error.message.contains("a call already exists"), "\(error.message)")
            }
            // The server saw one call, and still only one a moment later.
            try await eventually("the call at the server") { await rig.simulatorCalls().count == 1 }
            try await Task.sleep(for: .milliseconds(500))
            let calls = await rig.simulatorCalls()
            #expect(calls.count == 1)
            #expect(calls.first?["callId"]?.stringValue == placed.first)
        }
    }

    /// Inputs that must be refused with InvalidNumber.
    static let invalid: [String] = [
        String(repeating: "8", count: 10 << 20), // 10 MB
        "tel:" + String(repeating: "8002", count: 2 << 20), // 8 MB URI
        "\u{1B}[2J\u{1B}]0;owned\u{07}8002", // terminal escapes
        "8002\u{7F}", // DEL
        "tel:8002%00", // NUL, escaped
        "tel:8002%0Arm%20-rf%20~", // newline, escaped
        "tel:8002%0D%0AX-Injected:%201", // CRLF header injection
        "tel:8002&x=", // URL parameter injection
        "tel:8002$(rm -rf ~)", // shell substitution
        "tel:`id`8002",
        "tel:8002|id",
        "tel:8002%", // broken escape
        "tel:%FF%FE8002", // invalid UTF-8
        "tel:8002\u{202E}1234", // bidi override
        "tel:\u{FF18}\u{FF10}\u{FF10}\u{FF12}", // full-width digits
        "tel:" + String(repeating: "1", count: 33), // too many digits
        "javascript:alert(1)//8002",
        "file:///etc/passwd",
        "http://evil.example/?n=8002",
        "tel:",
        "",
    ]

    /// Inputs RFC 3966 and docs/numbers.md §2 allow: parameters after `;` or `?` are not part of the
    /// number. They dial exactly the digits and nothing of the rest goes anywhere.
    static let parameterised: [String] = [
        "tel:8002;phone-context=$(rm -rf ~)",
        "tel:8002?body=`id`&x=%0A",
        "tel:8002;ext=$(reboot)\u{202E}",
        "tel:8002;ext=" + String(repeating: "A", count: 900),
    ]

    @Test("a malicious peer's Dial: InvalidNumber for oversized, control and injection input; nothing placed, nothing echoed into the log")
    func maliciousDialInput() async throws {
        try await AgentFaultRig.run(client: { configuration in
            AgentFaultRig.quickClient(&configuration)
            configuration.dialGuardInterval = .zero
        }) { rig in
            for input in Self.invalid {
                let error = await rig.harness.callError("Dial", [.string(input)])
                #expect(error?.name == ControlInterface.ErrorName.invalidNumber, "\(input.prefix(40).debugDescription): \(String(describing: error))")
                // The error message is short and carries no control or bidi characters.
                let message = error?.message ?? ""
                #expect(message.utf8.count < 300, "\(message.prefix(300))")
                #expect(
                    !message.unicodeScalars.contains { [.control, .format].contains($0.properties.generalCategory) },
                    "\(message.debugDescription)")
                let open = await rig.harness.callError(
                    "Open",
                    [
                        .array(elementSignature: "s", [.string(input)]),
                        .dictionary(keySignature: "s", valueSignature: "v", []),
                    ],
                    interface: ControlInterface.applicationInterface)
                #expect(open?.name == ControlInterface.ErrorName.invalidNumber, "Open \(input.prefix(40).debugDescription): \(String(describing: open))")
            }
            #expect(await rig.simulatorCalls().isEmpty, "nothing was placed")

            for input in Self.parameterised {
                let callId = try #require(try await rig.harness.call("Dial", [.string(input)]).first?.string, "\(input)")
                let calls = await rig.simulatorCalls()
                #expect(calls.count == 1)
                let called = calls.first?["calledDevice"]?.stringValue ?? calls.first?["parties"]?.arrayValue?.last?["device"]?.stringValue
                #expect(called == "8002@demo.cc", "\(input): \(String(describing: calls.first))")
                // HangUp names the call: wait until the agent has heard of it.
                try await rig.waitForStatus("the call known") { $0["calls"]?.arrayValue?.isEmpty == false }
                try await rig.harness.call("HangUp", [.string(callId)])
                try await eventually("the call ended") { await rig.simulatorCalls().isEmpty }
                try await rig.waitForStatus("no call") { $0["calls"]?.arrayValue?.isEmpty == true }
            }

            // Nothing of the hostile input reached the agent's log.
            let lines = rig.log.lines
            for needle in ["rm -rf", "$(", "`id`", "reboot", "owned", "X-Injected", "evil.example", "AAAAAAAA", "\u{1B}", "\u{202E}", "\u{7F}"] {
                #expect(!lines.contains { $0.contains(needle) }, "the log carries \(needle.debugDescription)")
            }
            #expect(lines.allSatisfy { $0.utf8.count < 1000 }, "a log line is suspiciously long")
            #expect(!rig.logLines(containing: "dialled 8002").isEmpty, "the dials themselves are logged")
        }
    }
}
