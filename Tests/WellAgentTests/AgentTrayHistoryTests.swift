import Foundation
import Synchronization
import Testing
import WellAgent
import WellControl
import WellDBus
import WellProtocol
import WellSimulator
import WellTestSupport

/// The tray item and the call history together: "Recent calls" is the history's newest calls
/// and calls back, the tooltip's missed count is the history's, and "Open panel" opens the
/// panel as `wellclient panel` does. The real agent on a private bus, the simulator behind it.
@Suite("The tray's recent calls and Open panel", .serialized, .timeLimit(.minutes(3)))
struct AgentTrayHistoryTests {
    static let caller = "13800138000"

    @Test("a missed call: counted in the tooltip from the history, listed in Recent calls; a click calls back; seen clears the count")
    func recentCallsCallBack() async throws {
        try await AgentHarness.run(configText: { AgentTrayTests.config($0) }) { harness in
            let host = try await AgentTrayTests.Host(harness)
            #expect(try await !host.menu().keys.contains("Recent calls"), "no history yet: no section")
            try await host.click("Ready")
            try await AgentTrayTests.waitForSimulatorMode(harness, "Ready")

            // The caller gives up while it rings: a missed call.
            _ = try await harness.sim.simulator.ring("8001", from: Self.caller)
            try await host.waitForIcon("wellclient-ringing")
            try await harness.sim.simulator.hangup(from: Self.caller)
            var body = ""
            try await eventually("“1 missed call” in the tooltip", lastSeen: { body }) {
                body = try await host.looks().body
                return body.contains("1 missed call")
            }
            #expect(try await harness.call("MissedCount").first?.uint32 == 1)
            var menu = try await host.menu()
            #expect(menu.keys.contains("Recent calls"))
            let missedLine = try #require(menu.keys.first { $0.hasPrefix("↙ \(Self.caller) · ") }, "\(menu.keys.sorted())")
            #expect(missedLine.hasSuffix(" · missed"))

            // Call back from the menu: the simulator sees 8001 call the number.
            try await host.click(missedLine)
            try await eventually("the call back at the simulator") { await harness.simulatorPartyState(Self.caller) != nil }
            try await harness.waitForStatus { ($0["calls"]?.arrayValue ?? []).count == 1 }
            _ = try await harness.call("HangUp", [.string("")])
            try await eventually("no call at the simulator") { await harness.simulatorCalls().isEmpty }

            // The call back ends: it heads the list, outgoing; the missed call follows.
            try await eventually("the call back in Recent calls") {
                menu = try await host.menu()
                return menu.keys.contains { $0.hasPrefix("↗ \(Self.caller) · ") }
            }
            #expect(menu.keys.filter { $0.contains(" \(Self.caller) · ") }.count == 2)

            // Seen (as the panel or `history --missed` say): the count leaves the tooltip.
            _ = try await harness.call("MarkMissedSeen")
            try await eventually("no missed calls in the tooltip", lastSeen: { body }) {
                body = try await host.looks().body
                return !body.contains("missed call")
            }
            #expect(try await harness.call("MissedCount").first?.uint32 == 0)
            // The missed call is still listed (seen is not forgotten).
            #expect(try await host.menu().keys.contains(missedLine))

            // Another missed call, seen through `wellclient history --missed` in another process:
            // it goes through the running agent, so the tooltip drops the count at once.
            _ = try await harness.sim.simulator.ring("8001", from: "13900139000")
            try await host.waitForIcon("wellclient-ringing")
            try await harness.sim.simulator.hangup(from: "13900139000")
            try await eventually("“1 missed call” again", lastSeen: { body }) {
                body = try await host.looks().body
                return body.contains("1 missed call")
            }
            let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
            let environment = harness.home.environment(["DBUS_SESSION_BUS_ADDRESS": harness.bus.address])
            let listed = try await ToolRun.run(binary, ["history", "--missed"], environment: environment)
            #expect(listed.succeeded && listed.standardOutput.contains("13900139000"), "\(listed)")
            try await eventually("the tooltip without missed calls after history --missed", lastSeen: { body }) {
                body = try await host.looks().body
                return !body.contains("missed call")
            }

            // A third missed call, then `wellclient history --clear` in another process: it goes
            // through the running agent, so the count and the recent calls leave the tray at once.
            _ = try await harness.sim.simulator.ring("8001", from: "13700137000")
            try await host.waitForIcon("wellclient-ringing")
            try await harness.sim.simulator.hangup(from: "13700137000")
            try await eventually("“1 missed call” a third time", lastSeen: { body }) {
                body = try await host.looks().body
                return body.contains("1 missed call")
            }
            let cleared = try await ToolRun.run(binary, ["history", "--clear"], environment: environment)
            #expect(cleared.succeeded && cleared.standardOutput.contains("4 calls"), "\(cleared)")
            var keys: [String] = []
            try await eventually("no recent calls and no missed count after history --clear", lastSeen: { "\(keys) \(body)" }) {
                keys = try await host.menu().keys.sorted()
                body = try await host.looks().body
                return !keys.contains { $0.contains(Self.caller) || $0.contains("13700137000") } && !body.contains("missed call")
            }
            #expect(try await harness.call("MissedCount").first?.uint32 == 0)
            #expect(try await harness.call("History", [.uint32(0)]).first?.string == "[]")
        }
    }

    @Test("Open panel: the panel starts, its private launch file is opened (the token on no command line) in a scope of its own")
    func openPanel() async throws {
        let systemd = Mutex<SystemdUserMock?>(nil)
        try await AgentHarness.run(
            configText: { AgentTrayTests.config($0) },
            options: { options in
                // Only the home's bin folder on PATH: the stand-in opener there is all the agent can find.
                options.environment["PATH"] = options.environment["PATH"].map { String($0.prefix { $0 != ":" }) }
            },
            onBus: { bus in
                let started = try await SystemdUserMock.start(busAddress: bus.address)
                systemd.withLock { $0 = started }
            }
        ) { harness in
            let manager = try #require(systemd.withLock { $0 })
            let host = try await AgentTrayTests.Host(harness)
            let record = harness.home.root + "/opened.txt"
            let pidFile = harness.home.root + "/opener.pid"
            try harness.home.writeExecutable(
                "xdg-open", body: "echo $$ > '\(pidFile)'; printf 'xdg-open %s\\n' \"$*\" >> '\(record)'")
            func opened() -> [String] {
                ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            }
            try await host.click("Open panel")
            try await eventually("xdg-open to be run") { !opened().isEmpty }
            let file = harness.home.runtimeDirectory + "/wellclient/panel.html"
            #expect(opened() == ["xdg-open file://\(file)"])
            let url = try #require(try await harness.call("PanelURL").first?.string)
            let page = try String(contentsOfFile: file, encoding: .utf8)
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0;url=\(url)\">"), "\(page)")
            #expect(!opened().joined().contains(String(url.split(separator: "#").last ?? "")))
            // The opener was moved out of the agent's cgroup: a scope of its own at the user's
            // systemd, so stopping the agent's unit does not close the browser it started.
            let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            var units: [SystemdUserMock.TransientUnit] = []
            try await eventually("a transient scope for the opener", lastSeen: { "\(units)" }) {
                units = try await manager.transientUnits()
                return !units.isEmpty
            }
            #expect(units.map(\.name) == ["app-wellclient-panel-\(pid).scope"])
            #expect(units.first?.mode == "fail")
            #expect(units.first?.properties["PIDs"] == .array(elementSignature: "u", [.uint32(UInt32(pid))]))
            #expect(units.first?.properties["CollectMode"] == .string("inactive-or-failed"))

            // No opener at all: the failure is told in a notification, nothing else happens.
            try FileManager.default.removeItem(atPath: harness.home.binDirectory + "/xdg-open")
            try await host.click("Open panel")
            let failed = try await harness.notify { $0.summary == "“Open panel” failed" }
            #expect(failed.body.contains("neither a Chromium-based browser nor xdg-open"), "\(failed.body)")
            #expect(try await manager.transientUnits().count == 1, "nothing started, no scope asked for")
            await manager.stop()
        }
    }
}
