import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport
import WellDBus

/// The CTI server restarts under a running agent (issue #5, faults): with the agent idle, while
/// a call rings, while a call is connected; once keeping the PBX state (sessions lost: 426 →
/// TPI re-login → resync from client-state) and once losing everything (the server no longer
/// knows the agent → Login again). Afterwards `Status` and the notifications tell the truth and
/// the agent still works.
@Suite("Agent faults: server restart", .serialized, .timeLimit(.minutes(3)))
struct AgentFaultRestartTests {
    /// Our own leg's state in the only call of `status` (nil without exactly one call).
    static func ownState(_ status: JSONValue) -> String? {
        guard let calls = status["calls"]?.arrayValue, calls.count == 1 else { return nil }
        return calls[0]["parties"]?.arrayValue?.first { $0["isOwn"] == true }?["state"]?.stringValue
    }

    /// The call ids `Status` lists.
    static func callIds(_ status: JSONValue) -> [String] {
        (status["calls"]?.arrayValue ?? []).compactMap { $0["callId"]?.stringValue }
    }

    /// Whether the (current) server has agent 5001 logged in on an extension.
    static func loggedInAtServer(_ rig: AgentFaultRig) async -> Bool {
        guard let mode = await rig.simulatorAgentMode() else { return false }
        return mode != "Logout"
    }

    /// Waits until the agent is logged in and linked to the (new) server again.
    static func waitForRelink(_ rig: AgentFaultRig) async throws {
        try await eventually("a WebSocket to the new server") { await rig.webSockets() == 1 }
        try await rig.waitForStatus("logged in with the link up") {
            $0["login"] == "loggedIn" && $0["loggedIn"] == true && $0["server"]?["connection"] == "up"
        }
    }

    /// Rings 8001 from the outside and waits until the agent shows it ringing; returns the call id.
    static func ringHere(_ rig: AgentFaultRig) async throws -> String {
        let callId = try await rig.simulator.ring("8001", from: "13800138000")
        try await rig.waitForStatus("the ringing call") { ownState($0) == "Alerting" }
        return callId
    }

    @Test("idle, server restarted empty: the agent logs in again and works")
    func idleRestartLosingState() async throws {
        try await AgentFaultRig.run { rig in
            try await rig.restartSimulator(keepingCalls: false)
            try await Self.waitForRelink(rig)
            // The new server has the agent logged in again (a Login, not just a TPI session).
            try await eventually("agent 5001 logged in at the new server") { await Self.loggedInAtServer(rig) }
            try await rig.waitForStatus("logged in again, no call") {
                $0["agent"]?["loggedIn"] == true && $0["login"] == "loggedIn" && $0["calls"]?.arrayValue?.isEmpty == true
            }
            #expect(!rig.logLines(containing: "no longer knows this agent").isEmpty)
            // It works: an inbound call shows up with its notification.
            let callId = try await Self.ringHere(rig)
            _ = try await rig.harness.notify { $0.body.contains("13800138000") }
            #expect(Self.callIds(try await rig.harness.status()) == [callId])
        }
    }

    @Test("idle, server restarted keeping the PBX: 426, new TPI session, no second Login, still works")
    func idleRestartKeepingState() async throws {
        try await AgentFaultRig.run { rig in
            try await rig.restartSimulator(keepingCalls: true)
            try await Self.waitForRelink(rig)
            #expect(await Self.loggedInAtServer(rig))
            #expect(rig.logLines(containing: "no longer knows this agent").isEmpty, "the session was resynced, not replaced")
            try await rig.harness.call("SetAgentMode", [.string("Ready"), .string("")])
            try await eventually("Ready at the new server") { await rig.simulatorAgentMode() == "Ready" }
            try await rig.waitForStatus("mode Ready") { $0["agent"]?["mode"] == "Ready" }
        }
    }

    @Test("ringing, server restarted keeping the PBX: still ringing after the resync; Answer works")
    func ringingRestartKeepingState() async throws {
        try await AgentFaultRig.run { rig in
            let callId = try await Self.ringHere(rig)
            let first = try await rig.harness.notify { $0.body.contains("13800138000") }
            try await rig.restartSimulator(keepingCalls: true)
            try await Self.waitForRelink(rig)
            let status = try await rig.harness.status()
            #expect(Self.callIds(status) == [callId])
            #expect(Self.ownState(status) == "Alerting")
            // The notification still belongs to the call (not closed, not turned into a missed call).
            let ids = status["notifications"]?["calls"]?.objectValue ?? [:]
            #expect(ids[callId] != nil)
            #expect(
                try await rig.harness.control.calls("Notify").compactMap(RecordedNotify.init)
                    .allSatisfy { !$0.summary.lowercased().contains("missed") })
            _ = first
            try await rig.harness.call("Answer", [.string(callId)])
            try await eventually("8001 connected at the new server") { await rig.simulatorPartyState("8001") == "Connect" }
            try await rig.waitForStatus("the call connected") { Self.ownState($0) == "Connect" }
            try await rig.simulator.hangup(from: "13800138000")
            try await rig.waitForStatus("no call") { $0["calls"]?.arrayValue?.isEmpty == true }
        }
    }

    @Test("ringing, server restarted empty: the call is gone from Status and its notification; logged in again")
    func ringingRestartLosingState() async throws {
        try await AgentFaultRig.run { rig in
            let callId = try await Self.ringHere(rig)
            _ = try await rig.harness.notify { $0.body.contains("13800138000") }
            try await rig.restartSimulator(keepingCalls: false)
            try await Self.waitForRelink(rig)
            // The client's call memory drops the call before the agent has handled that event and
            // closed the notification: wait for both, so the check below is not a race.
            try await rig.waitForStatus("no call and its notification closed") {
                $0["calls"]?.arrayValue?.isEmpty == true && $0["notifications"]?["calls"]?.objectValue?[callId] == nil
            }
            try await eventually("agent 5001 logged in at the new server") { await Self.loggedInAtServer(rig) }
            // Dialling works again (the 2 s guard never saw a dial).
            let newCall = try #require(try await rig.harness.call("Dial", [.string("8002")]).first?.string)
            #expect(!newCall.isEmpty)
            try await eventually("the new call at the server") { await rig.simulatorCalls().count == 1 }
        }
    }

    @Test("connected, server restarted keeping the PBX: still connected after the resync; HangUp works")
    func connectedRestartKeepingState() async throws {
        try await AgentFaultRig.run { rig in
            let callId = try await Self.ringHere(rig)
            try await rig.harness.call("Answer", [.string(callId)])
            try await rig.waitForStatus("connected") { Self.ownState($0) == "Connect" }
            try await rig.restartSimulator(keepingCalls: true)
            try await Self.waitForRelink(rig)
            let status = try await rig.harness.status()
            #expect(Self.callIds(status) == [callId])
            #expect(Self.ownState(status) == "Connect")
            try await rig.harness.call("HangUp", [.string("")])
            try await eventually("the call ended at the server") { await rig.simulatorCalls().isEmpty }
            try await rig.waitForStatus("no call and no call notification") {
                $0["calls"]?.arrayValue?.isEmpty == true && $0["notifications"]?["calls"]?.objectValue?.isEmpty == true
            }
        }
    }

    @Test("connected, server restarted empty: no call left in Status, no 'missed call'; logged in again")
    func connectedRestartLosingState() async throws {
        try await AgentFaultRig.run { rig in
            let callId = try await Self.ringHere(rig)
            try await rig.harness.call("Answer", [.string(callId)])
            try await rig.waitForStatus("connected") { Self.ownState($0) == "Connect" }
            try await rig.restartSimulator(keepingCalls: false)
            try await Self.waitForRelink(rig)
            try await rig.waitForStatus("no call and no call notification") {
                $0["calls"]?.arrayValue?.isEmpty == true && $0["notifications"]?["calls"]?.objectValue?.isEmpty == true
            }
            // An answered call that vanished is not a missed call.
            #expect(
                try await rig.harness.control.calls("Notify").compactMap(RecordedNotify.init)
                    .allSatisfy { !$0.summary.lowercased().contains("missed") })
            try await eventually("agent 5001 logged in at the new server") { await Self.loggedInAtServer(rig) }
        }
    }
}
