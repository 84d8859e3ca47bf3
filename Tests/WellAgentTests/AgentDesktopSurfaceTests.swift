import Foundation
import Testing
import WellDBus
import WellControl
import WellProtocol
import WellSimulator
import WellTestSupport

/// What other desktop programs see of a running agent: its signals, `org.freedesktop.Application`
/// (Activate / ActivateAction), notifications surviving a restart of the notification server,
/// and the CRM screen pop.
@Suite(
    "Desktop agent: signals, Application interface, notification server restart, screen pop",
    .serialized, .timeLimit(.minutes(3)))
struct AgentDesktopSurfaceTests {
    typealias Name = ControlInterface.ErrorName
    static let app = ControlInterface.applicationInterface

    @Test("CallStateChanged, Event and AgentStateChanged reach a second connection with a match rule, from the agent")
    func signalsSeenByAnotherConnection() async throws {
        try await AgentHarness.run { harness in
            try await AgentSignalLog.watching(busAddress: harness.bus.address) { log in
                let agentName = try #require(try await harness.peer.getNameOwner(ControlInterface.busName))
                let callId = try await harness.sim.simulator.ring("8001", from: "13800138000")
                try await eventually("CallStateChanged ringingIn") { log.arguments(of: "CallStateChanged").contains { $0.prefix(2) == [callId, "ringingIn"] } }
                try await eventually("the delivered Event signal of the call") { log.arguments(of: "Event").contains { $0.first == "delivered" && $0.last?.contains(callId) == true } }

                try await harness.call("Answer", [.string(callId)])
                try await eventually("CallStateChanged connected") { log.arguments(of: "CallStateChanged").contains { $0.prefix(2) == [callId, "connected"] } }
                try await eventually("the established Event signal") { log.arguments(of: "Event").contains { $0.first == "established" } }
                try await harness.call("HangUp", [.string(callId)])
                try await eventually("CallStateChanged ended") { log.arguments(of: "CallStateChanged").contains { $0.prefix(2) == [callId, "ended"] } }

                // The call's states in order, repeats (data-only changes) folded.
                var phases: [String] = []
                for arguments in log.arguments(of: "CallStateChanged") where arguments.first == callId && phases.last != arguments[1] {
                    phases.append(arguments[1])
                }
                #expect(phases == ["ringingIn", "connected", "ended"])
                // The JSON argument is JSON and names the call.
                let ringing = try #require(log.arguments(of: "CallStateChanged").first { $0.first == callId })
                let json = try JSONDecoder().decode(JSONValue.self, from: Data(ringing[2].utf8))
                #expect(json["callId"]?.stringValue == callId)

                try await harness.call("SetAgentMode", [.string("Ready"), .string("")])
                try await eventually("AgentStateChanged Ready") { log.arguments(of: "AgentStateChanged").contains { $0.first == "Ready" } }
                let state = try #require(log.arguments(of: "AgentStateChanged").last { $0.first == "Ready" })
                let agent = try JSONDecoder().decode(JSONValue.self, from: Data(state[1].utf8))
                #expect(agent["mode"] == "Ready")
                #expect(agent["loggedIn"] == true)

                // Every one of them came from the agent's connection, with the signatures of the introspection data.
                #expect(log.all.allSatisfy { $0.sender == agentName })
                #expect(log.all.filter { $0.member == "CallStateChanged" }.allSatisfy { $0.signature == "sss" })
                #expect(log.all.filter { $0.member == "AgentStateChanged" || $0.member == "Event" }.allSatisfy { $0.signature == "ss" })
            }
        }
    }

    @Test("Activate shows the current call's notification again, in place")
    func activateReshows() async throws {
        try await AgentHarness.run { harness in
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            let id = try #require(try await harness.notificationID(forCategory: "call.incoming"))
            let before = try await harness.control.calls("Notify").count
            try await harness.call("Activate", [.vardict([:])], interface: Self.app)
            try await eventually("a new Notify") { try await harness.control.calls("Notify").count > before }
            let again = try #require(try await harness.control.calls("Notify").compactMap(RecordedNotify.init).last)
            #expect(again.replacesID == id)
            #expect(again.hints["category"] == .string("call.incoming"))
            #expect(again.actions == ["answer", "Answer", "hangup", "Reject", "default", ""])
            // With no call, Activate shows nothing.
            try await harness.sim.simulator.hangup(from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.unanswered") }
            let settled = try await harness.control.calls("Notify").count
            try await harness.call("Activate", [.vardict([:])], interface: Self.app)
            #expect(try await harness.control.calls("Notify").count == settled)
        }
    }

    @Test("ActivateAction answer, hangup and dial act on calls; unknown actions and bad parameters are InvalidArgument")
    func activateAction() async throws {
        try await AgentHarness.run { harness in
            func action(_ name: String, _ parameters: [DBusValue]) async -> DBusError? {
                await harness.callError(
                    "ActivateAction",
                    [
                        .string(name), .array(elementSignature: "v", parameters.map(DBusValue.variant)),
                        .vardict([:]),
                    ], interface: Self.app)
            }
            #expect(await action("transfer", [])?.name == Name.invalidArgument)
            #expect(await action("dial", [])?.name == Name.invalidArgument)
            #expect(await action("dial", [.string("8002"), .string("8003")])?.name == Name.invalidArgument)
            #expect(await action("dial", [.string("tel:1-800-FLOWERS")])?.name == Name.invalidNumber)
            #expect(await action("answer", [])?.name == Name.noSuchCall)
            #expect(await harness.simulatorCalls().isEmpty)

            let callId = try await harness.sim.simulator.ring("8001", from: "13800138000")
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.count == 1 }
            #expect(await action("answer", []) == nil) // no parameter: the ringing call
            try await eventually("8001 connected at the simulator") { await harness.simulatorPartyState("8001") == "Connect" }
            #expect(await action("hangup", [.string(callId)]) == nil)
            try await eventually("no call left at the simulator") { await harness.simulatorCalls().isEmpty }

            // One call at a time: wait until the agent, too, has seen the call end.
            try await harness.waitForStatus { $0["calls"]?.arrayValue?.isEmpty == true }
            let dialled = await action("dial", [.string("tel:+86 (10) 8002")])
            #expect(dialled == nil, "\(String(describing: dialled))")
            let call = try await harness.simulatorCall(to: "86108002")
            #expect(call["callingDevice"]?.stringValue == "8001@demo.cc")
        }
    }

    @Test("when the notification server restarts, the current call's notification reappears and its buttons work")
    func notificationServerRestart() async throws {
        try await AgentHarness.run { harness in
            let mock = try #require(harness.mock)
            try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }

            try await mock.restart()
            // The new server recorded nothing of the old one: this Notify is the agent showing the call again.
            let again = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            #expect(again.replacesID == 0)
            #expect(again.body.contains("13800138000"))
            #expect(again.actions == ["answer", "Answer", "hangup", "Reject", "default", ""])
            #expect(again.hints["urgency"] == .byte(2))

            let id = try #require(try await harness.notificationID(forCategory: "call.incoming"))
            try await harness.control.invokeAction(id: id, key: "answer")
            try await eventually("8001 connected at the simulator") { await harness.simulatorPartyState("8001") == "Connect" }
            let connected = try await harness.notify { $0.hints["category"] == .string("call.ongoing") }
            #expect(connected.replacesID == id)
        }
    }

    @Test("screenPopURL is opened once on established, with {ani} and {callId} filled in")
    func screenPop() async throws {
        let template = "https://crm.example/search?phone={ani}&call={callId}"
        try await AgentHarness.run(configText: { AgentHarness.config(url: $0, calls: "screenPopURL = \"\(template)\"") }) { harness in
            // A fake xdg-open first on the agent's PATH records what it was asked to open.
            let record = harness.home.root + "/opened.txt"
            try harness.home.writeExecutable("xdg-open", body: "printf '%s\\n' \"$*\" >> '\(record)'")
            func opened() -> [String] {
                ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            }

            let callId = try await harness.sim.simulator.ring("8001", from: "13800138000")
            _ = try await harness.notify { $0.hints["category"] == .string("call.incoming") }
            #expect(opened().isEmpty) // not while ringing
            try await harness.call("Answer", [.string(callId)])
            let firstPop = "https://crm.example/search?phone=13800138000&call=\(callId)"
            try await eventually("the screen-pop URL opened") { !opened().isEmpty }
            #expect(opened() == [firstPop])

            // Hold and retrieve do not open it again.
            try await harness.call("Hold", [.string(callId)])
            try await eventually("8001 on hold at the simulator") { await harness.simulatorPartyState("8001") == "Hold" }
            _ = try await harness.notify { $0.summary.hasPrefix("On hold") }
            try await harness.call("Retrieve", [.string(callId)])
            try await eventually("8001 connected at the simulator") { await harness.simulatorPartyState("8001") == "Connect" }
            try await eventually("a second \"On call\" notification") {
                try await harness.control.calls("Notify").compactMap(RecordedNotify.init).filter { $0.summary.hasPrefix("On call") }.count >= 2
            }

            // Ordering barrier: a second call's pop. The agent handles the client's events one at
            // a time and starts each pop as it handles the event, so a pop that hold or retrieve
            // wrongly caused was started before the second call's (seconds before: the hang-up,
            // a new ring and its answer come between).
            try await harness.call("HangUp", [.string(callId)])
            try await eventually("no call at the simulator") { await harness.simulatorCalls().isEmpty }
            let second = try await harness.sim.simulator.ring("8001", from: "13800138001")
            _ = try await harness.notify { $0.body.contains("13800138001") }
            try await harness.call("Answer", [.string(second)])
            let secondPop = "https://crm.example/search?phone=13800138001&call=\(second)"
            try await eventually("the second call's screen pop") { opened().contains(secondPop) }
            #expect(opened() == [firstPop, secondPop], "hold/retrieve must not open the page again")
            try await harness.call("HangUp", [.string(second)])
        }
    }

    @Test("an outbound call's notifications always name the dialled number (never 'unknown caller' first)")
    func outboundNeverUnknown() async throws {
        try await AgentHarness.run { harness in
            let callId = try #require(try await harness.call("Dial", [.string("tel:13800138000")]).first?.string)
            _ = try await harness.notify { $0.summary == "Calling 13800138000…" }
            try await harness.sim.simulator.answer(from: "13800138000")
            _ = try await harness.notify { $0.summary == "On call with 13800138000" }
            let summaries = try await harness.control.calls("Notify").compactMap(RecordedNotify.init).map(\.summary)
            #expect(summaries == ["Calling 13800138000…", "On call with 13800138000"], "\(summaries)")
            try await harness.call("HangUp", [.string(callId)])
        }
    }
}
