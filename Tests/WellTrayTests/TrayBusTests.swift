import DesktopTestSupport
import Foundation
import Synchronization
import Testing
import WellDBus
import WellTray

/// The StatusNotifierItem and its dbusmenu on a private bus, with the watcher stand-in a
/// panel would run: registration, properties, layout, clicks, change signals.
@Suite(.timeLimit(.minutes(2)))
struct TrayBusTests {
    /// The item's connection, the item, a peer (the "host"), and the clicked actions.
    struct Rig: Sendable {
        let bus: PrivateBus
        let connection: DBusConnection
        let item: StatusNotifierItem
        let host: DBusConnection
        let clicked: Clicks

        func get(_ name: String, path: String = StatusNotifierInterface.itemPath, interface: String = StatusNotifierInterface.itemInterface) async throws -> DBusValue {
            let reply = try await host.call(
                destination: connection.uniqueName, path: path, interface: StatusNotifierInterface.properties, member: "Get",
                arguments: [.string(interface), .string(name)])
            return try #require(reply.first?.variantValue)
        }

        func menu(_ member: String, _ arguments: [DBusValue]) async throws -> [DBusValue] {
            try await host.call(
                destination: connection.uniqueName, path: StatusNotifierInterface.menuPath, interface: StatusNotifierInterface.menuInterface,
                member: member, arguments: arguments)
        }

        /// The root's children as (id, label) from `GetLayout(0, -1, [])`.
        func layout() async throws -> [(Int32, String)] {
            let reply = try await menu("GetLayout", [.int32(0), .int32(-1), .stringArray([])])
            let root = try #require(reply.last?.structureFields)
            return (root[2].arrayElements ?? []).compactMap { child in
                guard let fields = child.variantValue?.structureFields, let id = fields[0].int32 else { return nil }
                let properties = fields[1].stringKeyedDictionary ?? [:]
                return (id, properties["label"]?.string ?? (properties["type"]?.string ?? ""))
            }
        }
    }

    /// The actions the item asked for, in order.
    final class Clicks: Sendable {
        private let list = Mutex<[TrayAction]>([])
        func append(_ action: TrayAction) { list.withLock { $0.append(action) } }
        var all: [TrayAction] { list.withLock { $0 } }
    }

    static func withRig(_ body: (Rig) async throws -> Void) async throws {
        try await withPrivateBus { bus in
            let connection = try await DBusConnection.connect(address: bus.address)
            let host = try await DBusConnection.connect(address: bus.address)
            let clicked = Clicks()
            let item = StatusNotifierItem(connection: connection, id: "wellclient-test", strings: TrayStrings(simplifiedChinese: false)) {
                action in clicked.append(action)
            }
            let rig = Rig(bus: bus, connection: connection, item: item, host: host, clicked: clicked)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await connection.run() }
                group.addTask { await item.run() }
                try await body(rig)
                group.cancelAll()
            }
            await item.stop()
            await host.close()
            await connection.close()
        }
    }

    static let readyState = TrayState(
        session: .loggedIn, agentId: "5001", extensionNumber: "8001", mode: .ready, notReadyReasons: ["Break", "Lunch"])

    @Test func registersWithARunningWatcherAndServesItsProperties() async throws {
        try await Self.withRig { rig in
            let watcher = try await StatusNotifierWatcherStandIn.start(busAddress: rig.bus.address)
            try await rig.item.start()
            await rig.item.update(Self.readyState)
            try await eventually("a registration") { !watcher.registrations.isEmpty }
            let registration = try #require(watcher.registrations.first)
            #expect(registration.sender == rig.connection.uniqueName)
            #expect(watcher.items == [rig.connection.uniqueName + "/StatusNotifierItem"])

            #expect(try await rig.get("Category") == .string("Communications"))
            #expect(try await rig.get("Id") == .string("wellclient-test"))
            #expect(try await rig.get("Status") == .string("Active"))
            #expect(try await rig.get("IconName") == .string("wellclient-ready"))
            #expect(try await rig.get("Title") == .string("Ready"))
            #expect(try await rig.get("ItemIsMenu") == .bool(true))
            #expect(try await rig.get("Menu") == .objectPath("/MenuBar"))
            let tooltip = try #require(try await rig.get("ToolTip").structureFields)
            #expect(tooltip.count == 4 && tooltip[2] == .string("Ready") && tooltip[3] == .string("Agent 5001 · extension 8001"))
            let pixmaps = try #require(try await rig.get("IconPixmap").arrayElements)
            #expect(pixmaps.count == TrayPixmap.sizes.count)
            let first = try #require(pixmaps.first?.structureFields)
            #expect(first[0] == .int32(16) && first[1] == .int32(16) && first[2].arrayElements?.count == 16 * 16 * 4)
            // GetAll on both objects; the menu says its version.
            let all = try await rig.host.call(
                destination: rig.connection.uniqueName, path: StatusNotifierInterface.itemPath,
                interface: StatusNotifierInterface.properties, member: "GetAll", arguments: [.string(StatusNotifierInterface.itemInterface)])
            let keys = Set((all.first?.stringKeyedDictionary ?? [:]).keys)
            #expect(keys.isSuperset(of: ["Category", "Id", "Title", "Status", "IconName", "IconPixmap", "ToolTip", "Menu", "ItemIsMenu", "AttentionIconName"]))
            #expect(try await rig.get("Version", path: "/MenuBar", interface: "com.canonical.dbusmenu") == .uint32(3))
            // Read-only.
            let refused = await #expect(throws: DBusError.self) {
                _ = try await rig.host.call(
                    destination: rig.connection.uniqueName, path: StatusNotifierInterface.itemPath, interface: StatusNotifierInterface.properties,
                    member: "Set", arguments: [.string(StatusNotifierInterface.itemInterface), .string("Title"), .variant(.string("x"))])
            }
            #expect(refused?.name == "org.freedesktop.DBus.Error.PropertyReadOnly")
            await watcher.stop()
        }
    }

    @Test func layoutFollowsTheStateAndClicksComeBackAsActions() async throws {
        try await Self.withRig { rig in
            try await rig.item.start()
            await rig.item.update(Self.readyState)
            let labels = try await rig.layout().map(\.1).filter { $0 != "separator" }
            #expect(labels == ["5001 · 8001 · Ready", "Ready", "Not Ready", "Log out", "Quit"])
            // The reasons' submenu, one level down.
            let sub = try await rig.menu("GetLayout", [.int32(TrayView.ItemID.notReady), .int32(1), .stringArray(["label"])])
            let children = try #require(sub.last?.structureFields?[2].arrayElements)
            #expect(children.compactMap { $0.variantValue?.structureFields?[1].stringKeyedDictionary?["label"]?.string } == ["Break", "Lunch"])

            _ = try await rig.menu("Event", [.int32(TrayView.ItemID.reasonBase + 1), .string("clicked"), .variant(.int32(0)), .uint32(0)])
            _ = try await rig.menu("Event", [.int32(TrayView.ItemID.ready), .string("hovered"), .variant(.int32(0)), .uint32(0)])
            _ = try await rig.menu("Event", [.int32(TrayView.ItemID.header), .string("clicked"), .variant(.int32(0)), .uint32(0)])
            let errors = try await rig.menu(
                "EventGroup",
                [
                    .array(
                        elementSignature: "(isvu)",
                        [
                            .structure([.int32(TrayView.ItemID.ready), .string("clicked"), .variant(.int32(0)), .uint32(0)]),
                            .structure([.int32(999), .string("clicked"), .variant(.int32(0)), .uint32(0)]),
                        ])
                ])
            #expect(errors.first?.arrayElements == [.int32(999)])
            // Hover and the disabled header do nothing; the reason and Ready act, in order.
            #expect(rig.clicked.all == [.notReady(reason: "Lunch"), .ready])
            let unknown = await #expect(throws: DBusError.self) {
                _ = try await rig.menu("Event", [.int32(4242), .string("clicked"), .variant(.int32(0)), .uint32(0)])
            }
            #expect(unknown?.name == DBusError.invalidArgsName)
            #expect(try await rig.menu("AboutToShow", [.int32(0)]) == [.bool(false)])

            // Ringing: the layout changes (new revision, LayoutUpdated) and Answer/Reject appear.
            let signals = rig.host.signals()
            try await rig.host.addMatch("type='signal',sender='\(rig.connection.uniqueName)'")
            var ringing = Self.readyState
            ringing.ringing = .init(callId: "c1", caller: "13800138000", queue: "7000")
            await rig.item.update(ringing)
            var seen: [String] = []
            for await signal in signals {
                seen.append(signal.member)
                if signal.member == "NewStatus" { #expect(signal.arguments == [.string("NeedsAttention")]) }
                if signal.member == "LayoutUpdated" { break }
            }
            #expect(Set(seen).isSuperset(of: ["NewTitle", "NewIcon", "NewAttentionIcon", "NewStatus", "NewToolTip", "LayoutUpdated"]))
            #expect(try await rig.get("AttentionIconName") == .string("wellclient-ringing-attention"))
            #expect(try await rig.get("AttentionIconPixmap").arrayElements?.count == TrayPixmap.sizes.count)
            #expect(try await rig.layout().map(\.1).contains("Answer"))
            _ = try await rig.menu("Event", [.int32(TrayView.ItemID.answer), .string("clicked"), .variant(.int32(0)), .uint32(0)])
            #expect(rig.clicked.all.last == .answer(callId: "c1"))
        }
    }

    @Test func aPropertyOnlyChangeSendsItemsPropertiesUpdated() async throws {
        try await Self.withRig { rig in
            try await rig.item.start()
            await rig.item.update(Self.readyState)
            let revision = try await rig.menu("GetLayout", [.int32(0), .int32(0), .stringArray([])]).first
            let signals = rig.host.signals()
            try await rig.host.addMatch("type='signal',sender='\(rig.connection.uniqueName)',interface='com.canonical.dbusmenu'")
            var lunch = Self.readyState
            lunch.mode = .notReady(reason: "Lunch")
            await rig.item.update(lunch)
            let signal = try #require(await first(signals) { _ in true })
            #expect(signal.member == "ItemsPropertiesUpdated")
            let updated = (signal.arguments.first?.arrayElements ?? []).compactMap { $0.structureFields?.first?.int32 }
            #expect(Set(updated).isSuperset(of: [TrayView.ItemID.header, TrayView.ItemID.ready, TrayView.ItemID.notReady, TrayView.ItemID.reasonBase + 1]))
            // Same shape: the revision did not move.
            #expect(try await rig.menu("GetLayout", [.int32(0), .int32(0), .stringArray([])]).first == revision)
        }
    }

    @Test func noWatcherIsNoErrorAndAWatcherThatStartsOrRestartsGetsANewRegistration() async throws {
        try await Self.withRig { rig in
            try await rig.item.start()
            await rig.item.update(Self.readyState)
            // Still served without a watcher.
            #expect(try await rig.get("IconName") == .string("wellclient-ready"))
            #expect(await rig.item.registrationCount == 0)
            let first = try await StatusNotifierWatcherStandIn.start(busAddress: rig.bus.address)
            try await eventually("a registration with the new watcher") { !first.registrations.isEmpty }
            // The watcher records a registration before it replies, and the item counts it on the
            // reply: stopping the watcher in between would lose the reply.
            try await eventually("the first registration accepted") { await rig.item.registrationCount == 1 }
            await first.stop()
            let second = try await StatusNotifierWatcherStandIn.start(busAddress: rig.bus.address)
            try await eventually("a registration with the restarted watcher") { !second.registrations.isEmpty }
            #expect(second.registrations.first?.sender == rig.connection.uniqueName)
            try await eventually("two accepted registrations") { await rig.item.registrationCount == 2 }
            await second.stop()
        }
    }

    @Test func introspectionDescribesBothObjects() async throws {
        try await Self.withRig { rig in
            try await rig.item.start()
            let xml = try await rig.host.call(
                destination: rig.connection.uniqueName, path: "/StatusNotifierItem", interface: "org.freedesktop.DBus.Introspectable",
                member: "Introspect")
            #expect(xml.first?.string?.contains("<interface name=\"org.kde.StatusNotifierItem\">") == true)
            let menu = try await rig.host.call(
                destination: rig.connection.uniqueName, path: "/MenuBar", interface: "org.freedesktop.DBus.Introspectable", member: "Introspect")
            #expect(menu.first?.string?.contains("<method name=\"GetLayout\">") == true)
        }
    }
}
