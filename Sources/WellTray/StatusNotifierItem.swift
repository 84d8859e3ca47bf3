#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellDBus

/// The agent's item on the desktop panel: a StatusNotifierItem with a `com.canonical.dbusmenu`
/// menu, exported on an existing bus connection.
///
/// ``start()`` exports both objects and registers with the `org.kde.StatusNotifierWatcher` if
/// one runs; ``run()`` watches the watcher's name and registers again whenever it gets a new
/// owner (a panel that starts or restarts). Without a watcher the item logs that once and
/// keeps working: a watcher that comes later gets the registration then.
///
/// ``update(_:)`` takes the agent's state; the item recomputes its ``TrayView`` and emits the
/// change signals hosts listen to (`NewIcon`, `NewStatus`, `NewToolTip`, `LayoutUpdated`, …).
/// A menu click calls `perform` with the item's ``TrayAction``; the caller runs it.
public actor StatusNotifierItem {
    private let connection: DBusConnection
    private let id: String
    private let strings: TrayStrings
    private let logger: Logger
    private let perform: @Sendable (TrayAction) async -> Void
    private let clock: @Sendable () -> Date
    private let signals: AsyncStream<DBusSignal>

    private var state = TrayState(session: .loggingIn)
    private var sections: [TrayMenuSection] = []
    /// What is shown now.
    public private(set) var view: TrayView
    /// Bumped on each change of the menu's shape (`LayoutUpdated`).
    public private(set) var revision: UInt32 = 1
    /// Registrations that the watcher accepted.
    public private(set) var registrationCount = 0
    private var saidNoWatcher = false
    private var started = false

    /// An item for `connection`; nothing is exported before ``start()``.
    /// - Parameters:
    ///   - id: the `Id` property (the application's id).
    ///   - perform: runs a clicked item's action (it should not wait for long: the click's
    ///     reply waits for it).
    ///   - clock: the time for the tooltip's "since"/"left" lines.
    public init(
        connection: DBusConnection, id: String, strings: TrayStrings, logger: Logger = Logger(label: "wellclient.tray"),
        clock: @escaping @Sendable () -> Date = { Date() },
        perform: @escaping @Sendable (TrayAction) async -> Void
    ) {
        self.connection = connection
        self.id = id
        self.strings = strings
        self.logger = logger
        self.clock = clock
        self.perform = perform
        self.signals = connection.signals(bufferingNewest: 256)
        self.view = TrayView(TrayState(session: .loggingIn), strings: strings, now: clock())
    }

    // MARK: - lifetime

    /// Exports the item and its menu, subscribes to the watcher's ownership changes and
    /// registers if a watcher runs. Throws only when the connection fails.
    public func start() async throws {
        guard !started else { return }
        started = true
        try await connection.exportObject(
            path: StatusNotifierInterface.itemPath, methods: StatusNotifierInterface.itemMethods,
            introspectionXML: StatusNotifierInterface.itemXML
        ) { [weak self] call in
            guard let self else { return .error(name: DBusError.failedName, message: "the tray item is gone") }
            return await self.handleItem(call)
        }
        try await connection.exportObject(
            path: StatusNotifierInterface.menuPath, methods: StatusNotifierInterface.menuMethods,
            introspectionXML: StatusNotifierInterface.menuXML
        ) { [weak self] call in
            guard let self else { return .error(name: DBusError.failedName, message: "the tray item is gone") }
            return await self.handleMenu(call)
        }
        try await connection.addMatch(
            "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='\(StatusNotifierInterface.watcherName)'"
        )
        if try await connection.getNameOwner(StatusNotifierInterface.watcherName) != nil {
            await register()
        } else {
            noWatcher()
        }
    }

    /// Registers again whenever the watcher's name gets a new owner, until the connection
    /// ends or the task is cancelled.
    public func run() async {
        for await signal in signals {
            guard signal.sender == "org.freedesktop.DBus", signal.member == "NameOwnerChanged",
                signal.arguments.count == 3, signal.arguments[0].string == StatusNotifierInterface.watcherName
            else { continue }
            if let owner = signal.arguments[2].string, !owner.isEmpty {
                logger.info("a StatusNotifierWatcher appeared (\(owner)); registering the tray item")
                await register()
            } else {
                logger.info("the StatusNotifierWatcher went away; the tray item registers again when one starts")
            }
        }
    }

    /// Stops serving both objects.
    public func stop() async {
        guard started else { return }
        started = false
        await connection.unexportObject(path: StatusNotifierInterface.itemPath)
        await connection.unexportObject(path: StatusNotifierInterface.menuPath)
    }

    private func register() async {
        do {
            _ = try await connection.call(
                destination: StatusNotifierInterface.watcherName, path: StatusNotifierInterface.watcherPath,
                interface: StatusNotifierInterface.watcherInterface, member: "RegisterStatusNotifierItem",
                arguments: [.string(connection.uniqueName)])
            registrationCount += 1
            saidNoWatcher = false
            logger.debug("tray item registered with the StatusNotifierWatcher")
        } catch let error as DBusError where error.name == DBusError.serviceUnknownName || error.name == DBusError.nameHasNoOwnerName {
            noWatcher()
        } catch {
            logger.warning("the StatusNotifierWatcher refused the tray item: \(error)")
        }
    }

    private func noWatcher() {
        guard !saidNoWatcher else { return }
        saidNoWatcher = true
        logger.info("no StatusNotifierWatcher on the session bus: no panel shows the tray item until one starts")
    }

    // MARK: - updates

    /// Shows `state`.
    public func update(_ state: TrayState) async {
        self.state = state
        await refresh()
    }

    /// Replaces the extra menu sections (e.g. recent calls, open panel).
    public func setSections(_ sections: [TrayMenuSection]) async {
        self.sections = sections
        await refresh()
    }

    private func refresh() async {
        let old = view
        let new = TrayView(state, strings: strings, sections: sections, now: clock())
        guard new != old else { return }
        view = new
        guard started else { return }
        if new.title != old.title { await emitItem("NewTitle") }
        if new.look != old.look {
            await emitItem("NewIcon")
            await emitItem("NewAttentionIcon")
            if new.look.row.status != old.look.row.status { await emitItem("NewStatus", [.string(new.look.row.status)]) }
        }
        if new.title != old.title || new.details != old.details || new.look != old.look { await emitItem("NewToolTip") }
        let oldRoot = DBusMenuEncoding.root(old.menu), newRoot = DBusMenuEncoding.root(new.menu)
        if oldRoot.shape != newRoot.shape {
            revision += 1
            await emitMenu("LayoutUpdated", [.uint32(revision), .int32(0)])
        } else if oldRoot != newRoot {
            var updated: [DBusValue] = [], removed: [DBusValue] = []
            for item in newRoot.flattened {
                guard let before = oldRoot.item(item.id), before != item else { continue }
                let now = DBusMenuEncoding.itemProperties(item), then = DBusMenuEncoding.itemProperties(before)
                updated.append(.structure([.int32(item.id), DBusMenuEncoding.properties(now, names: [])]))
                let gone = then.keys.filter { now[$0] == nil }.sorted()
                if !gone.isEmpty { removed.append(.structure([.int32(item.id), .stringArray(gone)])) }
            }
            await emitMenu(
                "ItemsPropertiesUpdated",
                [.array(elementSignature: "(ia{sv})", updated), .array(elementSignature: "(ias)", removed)])
        }
    }

    private func emitItem(_ member: String, _ arguments: [DBusValue] = []) async {
        await emit(StatusNotifierInterface.itemPath, StatusNotifierInterface.itemInterface, member, arguments)
    }

    private func emitMenu(_ member: String, _ arguments: [DBusValue]) async {
        await emit(StatusNotifierInterface.menuPath, StatusNotifierInterface.menuInterface, member, arguments)
    }

    private func emit(_ path: String, _ interface: String, _ member: String, _ arguments: [DBusValue]) async {
        guard connection.isConnected else { return }
        do {
            try await connection.emitSignal(path: path, interface: interface, member: member, arguments: arguments)
        } catch {
            logger.debug("cannot emit \(member): \(error)")
        }
    }

    // MARK: - the item's methods and properties

    /// The properties of `org.kde.StatusNotifierItem`.
    var itemProperties: [String: DBusValue] {
        let row = view.look.row
        let ring = view.look == .ringing
        return [
            "Category": .string("Communications"),
            "Id": .string(id),
            "Title": .string(view.title),
            "Status": .string(row.status),
            "WindowId": .int32(0),
            "IconThemePath": .string(""),
            "IconName": .string(row.iconName),
            "IconPixmap": DBusMenuEncoding.pixmaps(TrayPixmap.discs(colour: row.colour)),
            "OverlayIconName": .string(""),
            "OverlayIconPixmap": DBusMenuEncoding.pixmaps([]),
            "AttentionIconName": .string(row.attentionIconName),
            "AttentionIconPixmap": DBusMenuEncoding.pixmaps(ring ? TrayPixmap.discs(colour: row.colour, ring: true) : []),
            "AttentionMovieName": .string(""),
            "ToolTip": .structure([
                .string(row.iconName), DBusMenuEncoding.pixmaps([]), .string(view.title),
                .string(view.details.joined(separator: "\n")),
            ]),
            "ItemIsMenu": .bool(true),
            "Menu": .objectPath(StatusNotifierInterface.menuPath),
        ]
    }

    /// The properties of `com.canonical.dbusmenu`.
    var menuProperties: [String: DBusValue] {
        [
            "Version": .uint32(StatusNotifierInterface.menuVersion),
            "TextDirection": .string("ltr"),
            "Status": .string("normal"),
            "IconThemePath": .stringArray([]),
        ]
    }

    private func handleItem(_ call: DBusMethodCall) async -> DBusMethodResult {
        if call.interface == StatusNotifierInterface.properties || ["Get", "GetAll", "Set"].contains(call.member) {
            return properties(call, interface: StatusNotifierInterface.itemInterface, itemProperties)
        }
        // ItemIsMenu: hosts show the menu on a click; the activations do nothing more.
        return .reply([])
    }

    private func properties(_ call: DBusMethodCall, interface: String, _ values: [String: DBusValue]) -> DBusMethodResult {
        let asked = call.arguments.first?.string ?? ""
        guard asked.isEmpty || asked == interface else {
            return .error(name: DBusError.invalidArgsName, message: "no interface \(asked.prefix(80)) here")
        }
        switch call.member {
        case "Get":
            let name = call.arguments.count > 1 ? (call.arguments[1].string ?? "") : ""
            guard let value = values[name] else {
                return .error(name: DBusError.invalidArgsName, message: "no property \(name.prefix(80))")
            }
            return .reply([.variant(value)])
        case "GetAll":
            return .reply([.vardict(values)])
        default:
            return .error(name: "org.freedesktop.DBus.Error.PropertyReadOnly", message: "the properties are read-only")
        }
    }

    // MARK: - the menu's methods

    private func handleMenu(_ call: DBusMethodCall) async -> DBusMethodResult {
        if call.interface == StatusNotifierInterface.properties || ["Get", "GetAll", "Set"].contains(call.member) {
            return properties(call, interface: StatusNotifierInterface.menuInterface, menuProperties)
        }
        let a = call.arguments
        let root = DBusMenuEncoding.root(view.menu)
        switch call.member {
        case "GetLayout":
            let parent = a[0].int32 ?? 0, depth = a[1].int32 ?? -1, names = a[2].stringArray ?? []
            guard let item = root.item(parent) else { return unknownItem(parent) }
            return .reply([.uint32(revision), DBusMenuEncoding.layout(item, depth: depth, names: names)])
        case "GetGroupProperties":
            let ids = (a[0].arrayElements ?? []).compactMap(\.int32), names = a[1].stringArray ?? []
            let items = ids.isEmpty ? root.flattened : ids.compactMap { root.item($0) }
            return .reply([
                .array(
                    elementSignature: "(ia{sv})",
                    items.map { .structure([.int32($0.id), DBusMenuEncoding.properties(DBusMenuEncoding.itemProperties($0), names: names)]) })
            ])
        case "GetProperty":
            let id = a[0].int32 ?? -1, name = a[1].string ?? ""
            guard let item = root.item(id) else { return unknownItem(id) }
            guard let property = DBusMenuEncoding.itemProperties(item)[name] else {
                return .error(name: DBusError.invalidArgsName, message: "item \(id) has no property \(name.prefix(80))")
            }
            return .reply([.variant(DBusMenuEncoding.value(property))])
        case "Event":
            let id = a[0].int32 ?? -1
            guard let item = root.item(id) else { return unknownItem(id) }
            if a[1].string == "clicked" { await click(item) }
            return .reply([])
        case "EventGroup":
            var errors: [DBusValue] = []
            for event in a[0].arrayElements ?? [] {
                let fields = event.structureFields ?? []
                guard fields.count == 4, let id = fields[0].int32 else { continue }
                guard let item = root.item(id) else {
                    errors.append(.int32(id))
                    continue
                }
                if fields[1].string == "clicked" { await click(item) }
            }
            return .reply([.array(elementSignature: "i", errors)])
        case "AboutToShow":
            let id = a[0].int32 ?? -1
            guard root.item(id) != nil else { return unknownItem(id) }
            return .reply([.bool(false)])
        case "AboutToShowGroup":
            let ids = (a[0].arrayElements ?? []).compactMap(\.int32)
            let errors = ids.filter { root.item($0) == nil }.map(DBusValue.int32)
            return .reply([.array(elementSignature: "i", []), .array(elementSignature: "i", errors)])
        default:
            return .error(name: DBusError.unknownMethodName, message: "no method \(call.member)")
        }
    }

    private func unknownItem(_ id: Int32) -> DBusMethodResult {
        .error(name: DBusError.invalidArgsName, message: "no menu item \(id)")
    }

    /// A click on an enabled item with an action runs it; anything else is ignored, as
    /// hosts send clicks for header lines and submenu parents too.
    private func click(_ item: TrayMenuItem) async {
        guard item.enabled, let action = item.action else { return }
        logger.debug("tray menu: \(item.label)")
        await perform(action)
    }
}
