import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport
import WellDBus

/// The server is away longer than the link-down notice delay (docs/desktop.md §5: a lost
/// link and its return are each told once). The delay is 30 s in the product; here it is 1 s through the
/// client overrides, with the server gone for 4 s, so the same rule runs in seconds.
@Suite("Agent faults: a long outage is told once, and its end", .serialized, .timeLimit(.minutes(3)))
struct AgentFaultOutageNoticeTests {
    static let lost = "Connection to the call server lost; reconnecting…"
    static let restored = "Connection to the call server restored."

    /// Quick reconnects (100–500 ms) and a 1 s notice delay.
    static let client: @Sendable (inout WellClientConfiguration) -> Void = { configuration in
        AgentFaultRig.quickClient(&configuration)
        configuration.reconnect.downNotice = .seconds(1)
    }

    /// The network notices so far, each with the id the notification server gave it
    /// (dbusmock numbers new notifications 1, 2, … and keeps the id of a replaced one).
    static func notices(_ rig: AgentFaultRig) async throws -> [(id: UInt32, notify: RecordedNotify)] {
        var nextID: UInt32 = 1
        var result: [(id: UInt32, notify: RecordedNotify)] = []
        for notify in try await rig.harness.control.calls("Notify").compactMap(RecordedNotify.init) {
            let id: UInt32
            if notify.replacesID != 0 {
                id = notify.replacesID
            } else {
                id = nextID
                nextID += 1
            }
            if notify.hints["category"] == .string("network") { result.append((id, notify)) }
        }
        return result
    }

    @Test("server gone 4 s (notice delay 1 s): 'lost' once while down, 'restored' once in its place; a short drop afterwards says nothing")
    func longOutageToldOnceAndItsEnd() async throws {
        try await AgentFaultRig.run(client: Self.client) { rig in
            try await AgentSignalLog.watching(busAddress: rig.harness.bus.address) { signals in
                // While the server is away: one 'lost' notice, Status says the link is down.
                async let restart: CTISimulator = rig.restartSimulator(keepingCalls: true, down: .seconds(4))
                let lost = try await rig.harness.notify { $0.body == Self.lost }
                #expect(lost.replacesID == 0)
                #expect(lost.summary == "WellClient")
                #expect(try await rig.harness.status()["server"]?["connection"] == "down")
                try await eventually("the linkDown Event signal") { signals.arguments(of: "Event").contains { $0.first == "linkDown" } }
                _ = try await restart

                // Back: 'restored' replaces the 'lost' notification in place.
                try await rig.waitForStatus("the link up again") { $0["server"]?["connection"] == "up" && $0["login"] == "loggedIn" }
                _ = try await rig.harness.notify { $0.body == Self.restored }
                let told = try await Self.notices(rig)
                #expect(told.map(\.notify.body) == [Self.lost, Self.restored], "\(told.map(\.notify.body))")
                if told.count == 2 {
                    #expect(told[1].notify.replacesID == told[0].id, "the 'restored' notice replaces the 'lost' one")
                }
                #expect(
                    signals.arguments(of: "Event").filter { $0.first == "linkDown" }.count == 1,
                    "one linkDown per outage however many reconnects failed")
                #expect(
                    rig.logLines(containing: "event channel dropped").count >= 2,
                    "several refused attempts while the server was away")

                // A drop shorter than the delay afterwards: reconnected, nothing told.
                await rig.simulator.inject(.dropWebSockets)
                try await eventually("a fresh WebSocket") { await rig.webSockets() == 1 }
                try await rig.waitForStatus("the link up after the short drop") { $0["server"]?["connection"] == "up" }
                #expect(try await Self.notices(rig).count == 2, "a short drop is not told")

                // The agent works over the new link.
                let callId = try await rig.simulator.ring("8001", from: "13800138000")
                try await rig.waitForStatus("the call over the new link") {
                    $0["calls"]?.arrayValue?.first?["callId"]?.stringValue == callId
                }
            }
        }
    }

    @Test("logged out during an outage, logged in again: the new session's first outage is told too")
    func outageAfterLogoutDuringOutageIsTold() async throws {
        try await AgentFaultRig.run(client: Self.client) { rig in
            // An outage of the WebSocket only (REST still answers), told; the agent logs out in it.
            await rig.simulator.inject(.refuseWebSockets)
            _ = try await rig.harness.notify { $0.body == Self.lost }
            let lostID = try #require(try await Self.notices(rig).last?.id)
            try await rig.harness.call("Logout", [])
            try await rig.waitForStatus("logged out") { $0["login"] == "loggedOut" }
            // Nothing reconnects any more: the "reconnecting…" notice is closed, not left standing.
            try await eventually("the 'lost' notice closed") { try await rig.harness.wasClosed(lostID) }
            await rig.simulator.inject(.allowWebSockets)
            try await rig.harness.call("Login", [])
            try await rig.waitForStatus("logged in, link up") { $0["login"] == "loggedIn" && $0["server"]?["connection"] == "up" }

            // The new session's outage is told as well, and its end.
            await rig.simulator.inject(.refuseWebSockets)
            try await eventually("a 'lost' notice for the new session's outage") {
                try await Self.notices(rig).filter { $0.notify.body == Self.lost }.count == 2
            }
            await rig.simulator.inject(.allowWebSockets)
            _ = try await rig.harness.notify { $0.body == Self.restored }
            try await rig.waitForStatus("the link up again") { $0["server"]?["connection"] == "up" }
            let told = try await Self.notices(rig).map(\.notify.body)
            #expect(told == [Self.lost, Self.lost, Self.restored], "\(told)")
        }
    }

    @Test("an outage is told at the notice delay while the next attempt is still a minute away")
    func outageToldAtItsDelayNotAtTheNextAttempt() async throws {
        let client: @Sendable (inout WellClientConfiguration) -> Void = { configuration in
            AgentFaultRig.quickClient(&configuration)
            configuration.reconnect = ReconnectPolicy(
                initialDelay: .seconds(60), maxDelay: .seconds(60), jitter: 0, downNotice: .milliseconds(300))
        }
        try await AgentFaultRig.run(client: client) { rig in
            await rig.simulator.inject(.refuseWebSockets)
            _ = try await rig.harness.notify { $0.body == Self.lost }
            #expect(
                rig.logLines(containing: "event channel dropped").count == 1,
                "told during the wait for the first retry, not at a failed attempt")
            #expect(try await rig.harness.status()["server"]?["connection"] == "down")
        }
    }
}
