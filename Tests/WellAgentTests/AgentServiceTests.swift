import Foundation
import Testing
import WellNotifications
import WellDesktopSupport
import WellControl
import WellAgent
import WellProtocol
import WellSimulator
import WellTestSupport
import WellDBus
import WellCommandLine

/// The desktop agent in-process against a private bus, the dbusmock notification daemon and the
/// simulator; a second D-Bus connection plays the thin client.
@Suite("Desktop agent", .serialized, .timeLimit(.minutes(3)))
struct AgentServiceTests {
    typealias Name = ControlInterface.ErrorName

    @Test("a second agent on the same bus sees the name taken and ends with alreadyRunning (exit 0)")
    func singleInstance() async throws {
        try await AgentHarness.run { harness in
            let printed = AgentHarness.Printed()
            var options = AgentOptions(
                environment: harness.home.environment(), busAddress: harness.bus.address,
                print: { printed.append($0) })
            options.configPath = harness.home.configHome + "/wellclient/config.toml"
            let second = AgentService(options: options)
            try await second.run()
            #expect(await second.exit == .alreadyRunning)
            // The service itself prints nothing: `wellclient agent` says it, on stderr.
            #expect(printed.all.isEmpty, "\(printed.all)")
            // The first agent still answers.
            #expect(try await harness.status()["login"] == "loggedIn")
        }
    }

    @Test("Dial normalises a tel: URI and the simulator sees makeCall from 8001 to the digits")
    func dialNormalises() async throws {
        try await AgentHarness.run { harness in
            let reply = try await harness.call("Dial", [.string("tel:+86 138-0013-8000;ext=12")])
            let callId = try #require(reply.first?.string)
            #expect(!callId.isEmpty)
            let calls = await harness.simulatorCalls()
            let call = try #require(calls.first { $0["callId"]?.stringValue == callId })
            #expect(call["callingDevice"]?.stringValue?.hasPrefix("8001") == true)
            #expect(call["calledDevice"]?.stringValue?.hasPrefix("8613800138000") == true)
            // Outbound ringing notification: "Calling …" with Hang up only.
            let notify = try await harness.notify { $0.summary.contains("8613800138000") }
            #expect(notify.actions == ["hangup", "Hang up"])
            // The 2-second guard refuses a second dial (after hanging up the first call).
            try await harness.call("HangUp", [.string("")])
            try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }
            let guardError = await harness.callError("Dial", [.string("8002")])
            #expect(guardError?.name == Name.refused)
        }
    }

    @Test("inbound call: critical resident notification; Answer action answers and the notification is replaced in place")
    func inboundAnswerAction() async throws {
        try await AgentHarness.run { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            let ringing = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            #expect(ringing.actions == ["answer", "Answer", "hangup", "Reject", "default", ""])
            #expect(ringing.hints["urgency"] == .byte(2))
            #expect(ringing.hints["resident"] == .bool(true))
            #expect(ringing.hints["sound-name"] == .string("phone-incoming-call"))
            #expect(ringing.body.contains("13800138000"))
            #expect(ringing.expireTimeout == 0)
            let id = try #require(try await harness.notificationID(forCategory: "call.incoming"))

            try await harness.control.invokeAction(id: id, key: "answer")
            try await eventually("8001 connected at the simulator") { await harness.simulatorPartyState("8001") == "Connect" }
            let connected = try await harness.notify { $0.hints["category"] == .string("call.ongoing") }
            #expect(connected.replacesID == id)
            #expect(connected.actions == ["hangup", "Hang up"])
            #expect(connected.summary.contains("13800138000"))
        }
    }

    @Test("hangup action drops the call and closes its notification")
    func hangupAction() async throws {
        try await AgentHarness.run { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            try await harness.call("Answer", [.string("")])
            _ = try await harness.notify { $0.hints["category"] == .string("call.ongoing") }
            let id = try #require(try await harness.notificationID(forCategory: "call.ongoing"))
            try await harness.control.invokeAction(id: id, key: "hangup")
            try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }
            try await eventually("CloseNotification of the call notification") {
                try await harness.control.calls("CloseNotification").contains { $0.first == .uint32(id) || $0.first == .int32(Int32(id)) }
            }
        }
    }

    @Test("a call the caller abandons while ringing leaves 'Missed call'; Call back dials the caller")
    func missedCallAndCallBack() async throws {
        try await AgentHarness.run { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            try await harness.sim.simulator.hangup(from: "13800138000")
            let missed = try await harness.notify { $0.hints["category"] == .string("call.unanswered") }
            #expect(missed.summary == "Missed call from 13800138000")
            #expect(missed.actions == ["callback", "Call back"])
            let id = try #require(try await harness.notificationID(forCategory: "call.unanswered"))
            #expect(await harness.simulatorCalls().isEmpty)
            try await harness.control.invokeAction(id: id, key: "callback")
            try await eventually("the call from 8001 to 13800138000 at the simulator") {
                await harness.simulatorCalls().contains {
                    $0["callingDevice"]?.stringValue?.hasPrefix("8001") == true
                        && $0["calledDevice"]?.stringValue?.hasPrefix("13800138000") == true
                }
            }
        }
    }

    @Test("a fake ActionInvoked from another peer is ignored; the body click (default) never answers; a genuine Reject works")
    func fakeActionIgnored() async throws {
        try await AgentHarness.run { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            let id = try #require(try await harness.notificationID(forCategory: "call.incoming"))
            let agentName = try #require(try await harness.peer.getNameOwner(ControlInterface.busName))
            try await harness.peer.emitSignal(
                path: DesktopNotifier.objectPath, interface: DesktopNotifier.interface,
                member: "ActionInvoked", arguments: [.uint32(id), .string("answer")],
                destination: agentName)
            try await harness.peer.emitSignal(
                path: DesktopNotifier.objectPath, interface: DesktopNotifier.interface,
                member: "ActionInvoked", arguments: [.uint32(id), .string("answer")])
            try await harness.control.invokeAction(id: id, key: "default")
            #expect(await harness.simulatorPartyState("8001") == "Alerting")
            // Ordering barrier: a genuine Reject after the fakes. The bus delivers the fakes first
            // (the peer sent them before it asked the mock to emit), the agent handles notification
            // events one at a time and an obeyed answer waits for the server. Rejected, the call
            // ends; the agent calls it missed only if it was never answered, so an obeyed fake
            // (or an answering body click) turns the "Missed call" into a plain close.
            try await harness.control.invokeAction(id: id, key: "hangup")
            var missed: RecordedNotify?
            var closed = false
            try await eventually("the call's notification ended (Missed call or closed)") {
                missed = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
                    .first { $0.hints["category"] == .string("call.unanswered") }
                closed = try await harness.control.closedIDs().contains(id)
                return missed != nil || closed
            }
            #expect(missed?.summary == "Missed call from 13800138000", "a fake or the body click answered the call")
            #expect(!closed)
            #expect(await harness.simulatorCalls().isEmpty)
        }
    }

    @Test("without a notification server the agent keeps working and prints notifications")
    func noNotificationServer() async throws {
        try await AgentHarness.run(capabilities: nil) { harness in
            let callId = try #require(try await harness.call("Dial", [.string("8002")]).first?.string)
            #expect(!callId.isEmpty)
            try await eventually("the \"Calling 8002\" line printed") { harness.printed.all.contains { $0.contains("Calling 8002") } }
            try await harness.call("HangUp", [.string(callId)])
            try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }
        }
    }

    @Test("a server without actions gets informative notifications; D-Bus Answer still answers")
    func serverWithoutActions() async throws {
        try await AgentHarness.run(capabilities: NotificationMock.capabilitiesWithoutActions) { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            let ringing = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            #expect(ringing.actions.isEmpty)
            try await harness.call("Answer", [.string("")])
            try await eventually("8001 connected at the simulator") { await harness.simulatorPartyState("8001") == "Connect" }
        }
    }

    @Test("invalid numbers via Dial and Open are refused with InvalidNumber and nothing is dialled")
    func invalidNumbers() async throws {
        try await AgentHarness.run { harness in
            for input in ["tel:1-800-FLOWERS", "tel:", "tel:%ZZ12", "abc", String(repeating: "1", count: 40)] {
                let error = await harness.callError("Dial", [.string(input)])
                #expect(error?.name == Name.invalidNumber, "\(input)")
                // The number rules' reason, said once, and that nothing was dialled.
                let message = error?.message ?? ""
                #expect(message.components(separatedBy: "invalid number").count <= 2 && message.hasSuffix("; no call placed"), "\(message)")
            }
            let vanity = await harness.callError("Dial", [.string("tel:1-800-FLOWERS")])
            #expect(
                vanity?.message
                    == "invalid number: letter 'F' in a tel: URI; letters are not dialled (vanity numbers are not supported); no call placed")
            let open = await harness.callError(
                "Open", [.stringArray(["tel:1-800-FLOWERS"]), .vardict([:])],
                interface: ControlInterface.applicationInterface)
            #expect(open?.name == Name.invalidNumber)
            let two = await harness.callError(
                "Open", [.stringArray(["tel:8002", "tel:8003"]), .vardict([:])],
                interface: ControlInterface.applicationInterface)
            #expect(two?.name == Name.invalidArgument)
            #expect(await harness.simulatorCalls().isEmpty)
            // Open with one good URI dials like Dial.
            try await harness.call("Open", [.stringArray(["tel:8002"]), .vardict([:])], interface: ControlInterface.applicationInterface)
            try await eventually("one call at the simulator") { await harness.simulatorCalls().count == 1 }
        }
    }

    @Test("Status reports login, server URL, link and calls, never the password or the session id")
    func statusContent() async throws {
        try await AgentHarness.run { harness in
            let status = try await harness.status()
            #expect(status["login"] == "loggedIn")
            #expect(status["server"]?["url"]?.stringValue == harness.sim.baseURL.absoluteString)
            #expect(status["server"]?["connection"] == "up")
            #expect(status["agentId"] == "5001@demo.cc")
            #expect(status["agent"]?["loggedIn"] == true)
            #expect(status["calls"]?.arrayValue?.isEmpty == true)
            #expect(status["configurationError"] == .null)
            #expect(status["version"]?.stringValue == ProductVersion.current)
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.count == 1 }
            let text = try await harness.statusText()
            #expect(!text.contains("123456"))
            #expect(!text.lowercased().contains("sessionid"))
            #expect(!text.contains("password"))
        }
    }

    @Test("an invalid config keeps the agent up; Status names file, key and line; one notification")
    func configurationError() async throws {
        try await AgentHarness.run(
            configText: { url in
                AgentHarness.config(url: url, agent: "pasword = \"x\"")
            }, waitForLogin: false
        ) { harness in
            let status = try await harness.status()
            #expect(status["login"] == "notConfigured")
            let error = try #require(status["configurationError"])
            #expect(error["file"]?.stringValue == harness.home.configHome + "/wellclient/config.toml")
            #expect(error["line"] == 8)
            #expect(error["key"]?.stringValue == "agent.pasword")
            let dial = await harness.callError("Dial", [.string("8002")])
            #expect(dial?.name == Name.configuration)
            let notify = try await harness.notify { $0.summary == "WellClient is not configured" }
            #expect(notify.body.contains("config.toml:8"))
            #expect(try await harness.control.calls("Notify").count == 1)
            #expect(await harness.simulatorCalls().isEmpty)
        }
    }

    @Test("confirmDial: Call dials, Cancel refuses with Cancelled and dials nothing")
    func confirmDial() async throws {
        try await AgentHarness.run(configText: { AgentHarness.config(url: $0, calls: "confirmDial = true") }) { harness in
            // Cancel path.
            async let cancelled = harness.callError("Dial", [.string("tel:8002")])
            let first = try await harness.notify { $0.actions.contains("cancel") }
            #expect(first.summary == "Call 8002?")
            #expect(first.actions == ["call", "Call", "cancel", "Cancel"])
            let firstID = try #require(try await harness.lastNotifyID())
            try await harness.control.invokeAction(id: firstID, key: "cancel")
            #expect(await cancelled?.name == Name.cancelled)
            #expect(await harness.simulatorCalls().isEmpty)

            // Call path.
            async let dialled = harness.call("Dial", [.string("tel:8003")])
            _ = try await harness.notify { $0.summary == "Call 8003?" }
            let secondID = try #require(try await harness.lastNotifyID())
            try await harness.control.invokeAction(id: secondID, key: "call")
            let callId = try #require(try await dialled.first?.string)
            #expect(await harness.simulatorCalls().contains { $0["callId"]?.stringValue == callId })
        }
    }
}

extension AgentHarness {
    /// The id the mock returned for the last Notify whose category is `category` (ids are
    /// assigned in order from 1; a replacement keeps its id).
    func notificationID(forCategory category: String) async throws -> UInt32? {
        let calls = try await control.calls("Notify").compactMap(RecordedNotify.init)
        var nextID: UInt32 = 1
        var result: UInt32?
        for notify in calls {
            let id: UInt32
            if notify.replacesID != 0 {
                id = notify.replacesID
            } else {
                id = nextID
                nextID += 1
            }
            if notify.hints["category"] == .string(category) { result = id }
        }
        return result
    }

    /// The id of the last Notify.
    func lastNotifyID() async throws -> UInt32? {
        let calls = try await control.calls("Notify").compactMap(RecordedNotify.init)
        var nextID: UInt32 = 1
        var result: UInt32?
        for notify in calls {
            if notify.replacesID != 0 {
                result = notify.replacesID
            } else {
                result = nextID
                nextID += 1
            }
        }
        return result
    }
}
