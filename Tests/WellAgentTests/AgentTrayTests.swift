import Foundation
import Synchronization
import Testing
import WellAgent
import WellControl
import WellDBus
import WellProtocol
import WellSimulator
import WellTestSupport
import WellTray

/// The agent's panel item end to end: the real agent on a private bus with a panel's
/// StatusNotifierWatcher stand-in, the simulator behind it; the test plays the tray host
/// (reads properties, asks for the layout, clicks items) and checks the simulator.
@Suite("The agent's tray item", .serialized, .timeLimit(.minutes(3)))
struct AgentTrayTests {
    /// The item of the agent, as a tray host sees it.
    struct Host: Sendable {
        let harness: AgentHarness
        /// The agent's unique name (the owner of `cc.wellcloud.WellClient`).
        let agent: String

        init(_ harness: AgentHarness) async throws {
            self.harness = harness
            self.agent = try #require(try await harness.peer.getNameOwner(ControlInterface.busName))
        }

        func property(_ name: String) async throws -> DBusValue {
            let reply = try await harness.peer.call(
                destination: agent, path: StatusNotifierInterface.itemPath, interface: StatusNotifierInterface.properties, member: "Get",
                arguments: [.string(StatusNotifierInterface.itemInterface), .string(name)])
            return try #require(reply.first?.variantValue)
        }

        /// `IconName`, `Status` and the tooltip's title and body.
        func looks() async throws -> (icon: String, status: String, title: String, body: String) {
            let tooltip = try await property("ToolTip").structureFields ?? []
            return (
                try await property("IconName").string ?? "", try await property("Status").string ?? "",
                tooltip.count == 4 ? (tooltip[2].string ?? "") : "", tooltip.count == 4 ? (tooltip[3].string ?? "") : ""
            )
        }

        /// Waits until the item shows `icon`.
        func waitForIcon(_ icon: String, fileID: String = #fileID, line: Int = #line) async throws {
            var last = ""
            try await eventually("the icon \(icon)", lastSeen: { last }, fileID: fileID, line: line) {
                last = try await property("IconName").string ?? ""
                return last == icon
            }
        }

        /// The labels of the menu's items, submenus flattened, with their ids.
        func menu() async throws -> [String: Int32] {
            let reply = try await harness.peer.call(
                destination: agent, path: StatusNotifierInterface.menuPath, interface: StatusNotifierInterface.menuInterface,
                member: "GetLayout", arguments: [.int32(0), .int32(-1), .stringArray([])])
            var items: [String: Int32] = [:]
            func walk(_ node: DBusValue) {
                guard let fields = node.structureFields, fields.count == 3, let id = fields[0].int32 else { return }
                if let label = fields[1].stringKeyedDictionary?["label"]?.string { items[label] = id }
                for child in fields[2].arrayElements ?? [] { walk(child.variantValue ?? child) }
            }
            walk(try #require(reply.last))
            return items
        }

        /// Sends `Event(id of label, "clicked")`, as a host does when the item is chosen.
        func click(_ label: String) async throws {
            let id = try #require(try await menu()[label], "no menu item \(label)")
            _ = try await harness.peer.call(
                destination: agent, path: StatusNotifierInterface.menuPath, interface: StatusNotifierInterface.menuInterface,
                member: "Event", arguments: [.int32(id), .string("clicked"), .variant(.int32(0)), .uint32(0)])
        }
    }

    /// Agent 5001's mode and reason at the simulator.
    static func simulatorAgent(_ harness: AgentHarness) async -> (mode: String?, reason: String?) {
        let agents = await harness.sim.simulator.state()["agents"]?.arrayValue ?? []
        let agent = agents.first { $0["agentId"]?.stringValue == "5001@demo.cc" }
        return (agent?["agentMode"]?.stringValue, agent?["reason"]?.stringValue)
    }

    static func waitForSimulatorMode(_ harness: AgentHarness, _ mode: String, reason: String? = nil) async throws {
        var last: (String?, String?) = (nil, nil)
        try await eventually("agent 5001 \(mode) at the simulator", lastSeen: { "\(last)" }) {
            last = await simulatorAgent(harness)
            return last.0 == mode && (reason == nil || last.1 == reason)
        }
    }

    static let wrapUpSimulator = SimulatorConfiguration.testing(tenant: SimulatorTenant(wrapUpSeconds: 600))

    static func config(_ url: URL) -> String {
        AgentHarness.config(url: url, agent: "notReadyReasons = [\"Break\", \"Lunch\"]\nwrapUpSeconds = 600")
    }

    @Test("registers with the watcher; follows login, Ready/Not Ready, a queue call, hold and after-call work; menu clicks act")
    func wholeDay() async throws {
        let watcher = Mutex<StatusNotifierWatcherStandIn?>(nil)
        try await AgentHarness.run(
            configText: { Self.config($0) }, simulator: Self.wrapUpSimulator,
            onBus: { bus in
                let started = try await StatusNotifierWatcherStandIn.start(busAddress: bus.address)
                watcher.withLock { $0 = started }
            }
        ) { harness in
            let panel = try #require(watcher.withLock { $0 })
            let host = try await Host(harness)
            try await eventually("the agent's registration") { panel.registrations.contains { $0.sender == host.agent } }
            #expect(panel.items == [host.agent + "/StatusNotifierItem"])
            #expect(try await host.property("Category") == .string("Communications"))
            #expect(try await host.property("Menu") == .objectPath("/MenuBar"))

            // Logged in Not Ready (the config's default initial mode).
            try await host.waitForIcon("wellclient-not-ready")
            var looks = try await host.looks()
            #expect(looks.status == "Active" && looks.title == "Not Ready" && looks.body.contains("Agent 5001 · extension 8001"))
            var menu = try await host.menu()
            #expect(menu.keys.contains("Ready") && menu.keys.contains("Lunch") && menu.keys.contains("Log out") && menu.keys.contains("Quit"))
            #expect(!menu.keys.contains("Answer") && !menu.keys.contains("Hang up") && !menu.keys.contains("Log in"))

            // Ready, then Not Ready › Lunch, then Ready: each at the simulator, each on the item.
            try await host.click("Ready")
            try await Self.waitForSimulatorMode(harness, "Ready")
            try await host.waitForIcon("wellclient-ready")
            try await host.click("Lunch")
            try await Self.waitForSimulatorMode(harness, "NotReady", reason: "Lunch")
            try await host.waitForIcon("wellclient-not-ready")
            #expect(try await host.looks().title == "Not Ready: Lunch")
            try await host.click("Ready")
            try await Self.waitForSimulatorMode(harness, "Ready")
            try await host.waitForIcon("wellclient-ready")

            // A queue call rings: attention, caller and queue in the tooltip, Answer/Reject.
            let callId = try await harness.sim.simulator.ring("7000", from: "13800138000")
            try await host.waitForIcon("wellclient-ringing")
            looks = try await host.looks()
            #expect(looks.status == "NeedsAttention" && looks.title == "Incoming call from 13800138000" && looks.body.contains("Queue: 7000"))
            #expect(try await host.property("AttentionIconName") == .string("wellclient-ringing-attention"))
            menu = try await host.menu()
            #expect(menu.keys.contains("Answer") && menu.keys.contains("Reject"))

            // Answer, Hold, Retrieve through the menu.
            try await host.click("Answer")
            try await eventually("8001 connected") { await harness.simulatorPartyState("8001") == "Connect" }
            try await host.waitForIcon("wellclient-on-call")
            looks = try await host.looks()
            #expect(looks.title == "On call with 13800138000" && looks.body.contains("since "))
            try await host.click("Hold")
            try await eventually("8001 holding") { await harness.simulatorPartyState("8001") == "Hold" }
            try await host.waitForIcon("wellclient-on-hold")
            #expect(try await host.menu().keys.contains("Retrieve"))
            try await host.click("Retrieve")
            try await eventually("8001 connected again") { await harness.simulatorPartyState("8001") == "Connect" }
            try await host.waitForIcon("wellclient-on-call")

            // Hang up: the call ends and after-call work starts (the tenant's 600 s).
            try await host.click("Hang up")
            try await eventually("the call gone at the simulator") { await harness.simulatorCalls().allSatisfy { $0["callId"]?.stringValue != callId } }
            try await Self.waitForSimulatorMode(harness, "WorkNotReady")
            try await host.waitForIcon("wellclient-after-call")
            looks = try await host.looks()
            #expect(looks.title == "After-call work")
            // The tenant's 600 s are configured (agent.wrapUpSeconds): the time left counts down.
            let left = { (body: String) in body.split(separator: "\n").first { $0.hasSuffix(" s left") }.flatMap { Int($0.split(separator: " ")[0]) } }
            let first = try #require(left(looks.body), "\(looks.body)")
            #expect((590...600).contains(first))
            var later = first
            try await eventually("the time left to count down", lastSeen: { "\(later)" }) {
                later = left(try await host.looks().body) ?? first
                return later < first
            }
            try await harness.waitForStatus {
                $0["agent"]?["mode"] == "WorkNotReady" && $0["afterCallWorkSince"]?.stringValue != nil && $0["afterCallWorkUntil"]?.stringValue != nil
            }
            let notice = try await harness.notify { $0.summary == "After-call work" }
            #expect(notice.body.contains("wellclient mode Ready"))

            // `wellclient status` says so; `wellclient mode Ready` ends it early.
            let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
            let environment = harness.home.environment(["DBUS_SESSION_BUS_ADDRESS": harness.bus.address])
            let status = try await ToolRun.run(binary, ["status"], environment: environment)
            #expect(status.standardOutput.contains("after-call work (WorkNotReady) since "), "\(status)")
            let mode = try await ToolRun.run(binary, ["mode", "Ready"], environment: environment)
            #expect(mode.succeeded, "\(mode)")
            try await Self.waitForSimulatorMode(harness, "Ready")
            try await host.waitForIcon("wellclient-ready")
            try await harness.waitForStatus { $0["agent"]?["mode"] == "Ready" && $0["afterCallWorkSince"] == JSONValue.null }
            await panel.stop()
        }
    }

    @Test("Reject and a refused action: the call is dropped; a failure is told in a notification")
    func rejectAndFailure() async throws {
        try await AgentHarness.run(configText: { Self.config($0) }) { harness in
            let host = try await Host(harness)
            try await host.click("Ready")
            try await Self.waitForSimulatorMode(harness, "Ready")
            _ = try await harness.sim.simulator.ring("8001", from: "13900000000")
            try await host.waitForIcon("wellclient-ringing")
            try await host.click("Reject")
            try await eventually("the call gone") { await harness.simulatorCalls().isEmpty }
            try await host.waitForIcon("wellclient-ready")

            // On a call, Log out is refused (by the agent's guard or the server): the same error
            // as the D-Bus method, shown in a notification; the agent stays logged in.
            _ = try await harness.sim.simulator.ring("8001", from: "13900000001")
            try await host.waitForIcon("wellclient-ringing")
            try await host.click("Answer")
            try await host.waitForIcon("wellclient-on-call")
            let direct = await harness.callError("Logout")
            let refusal = try #require(direct)
            try await host.click("Log out")
            let failed = try await harness.notify { $0.summary == "“Log out” failed" }
            #expect(failed.body == refusal.message)
            try await harness.waitForStatus { $0["login"] == "loggedIn" }
        }
    }

    @Test("no watcher is no error; a watcher that starts later, or restarts, gets a new registration")
    func watcherComesAndGoes() async throws {
        try await AgentHarness.run(configText: { Self.config($0) }) { harness in
            let host = try await Host(harness)
            // Served and up to date without any watcher.
            try await host.waitForIcon("wellclient-not-ready")
            try await harness.waitForStatus { $0["login"] == "loggedIn" }
            let first = try await StatusNotifierWatcherStandIn.start(busAddress: harness.bus.address)
            try await eventually("a registration with the new watcher") { first.registrations.contains { $0.sender == host.agent } }
            await first.stop()
            let second = try await StatusNotifierWatcherStandIn.start(busAddress: harness.bus.address)
            try await eventually("a registration with the restarted watcher") { second.registrations.contains { $0.sender == host.agent } }
            #expect(second.items == [host.agent + "/StatusNotifierItem"])
            await second.stop()
        }
    }

    @Test("Quit in the menu stops the agent process as SIGTERM does: logged out, exit 0")
    func quitStopsTheProcess() async throws {
        try await SimulatorHarness.with { sim in
            try await EndToEndSignalTests.withAgentAndBus(sim) { agent, log, bus in
                let watcher = try await StatusNotifierWatcherStandIn.start(busAddress: bus.address)
                let peer = try await DBusConnection.connect(address: bus.address)
                try await eventually("the agent logged in Ready") { await EndToEndSignalTests.mode(sim) == "Ready" }
                // The agent's own login must be complete too: a stop during the login leaves the
                // server's session alone, for SIGTERM and Quit alike.
                try await eventually("the agent's log saying it is logged in") { EndToEndSignalTests.logText(log).contains("logged in as") }
                try await eventually("the agent's registration") { !watcher.registrations.isEmpty }
                let item = try #require(watcher.registrations.last?.busName)
                let layout = try await peer.call(
                    destination: item, path: StatusNotifierInterface.menuPath, interface: StatusNotifierInterface.menuInterface,
                    member: "GetLayout", arguments: [.int32(TrayView.ItemID.quit), .int32(0), .stringArray(["label"])])
                #expect(layout.last?.structureFields?[1].stringKeyedDictionary?["label"]?.string == "Quit")
                _ = try await peer.call(
                    destination: item, path: StatusNotifierInterface.menuPath, interface: StatusNotifierInterface.menuInterface,
                    member: "Event", arguments: [.int32(TrayView.ItemID.quit), .string("clicked"), .variant(.int32(0)), .uint32(0)])
                #expect(await agent.waitForExit(timeout: .seconds(30)) == .exited(0), "\(EndToEndSignalTests.logText(log).suffix(1500))")
                let mode = await EndToEndSignalTests.mode(sim)
                #expect(mode == "Logout", "mode at the server: \(mode ?? "-")")
                #expect(EndToEndSignalTests.logText(log).contains("Quit chosen in the tray menu"))
                await peer.close()
                await watcher.stop()
            }
        }
    }
}
