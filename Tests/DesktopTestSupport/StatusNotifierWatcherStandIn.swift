import Synchronization
import WellDBus

/// A StatusNotifierWatcher on a private bus, as a panel's tray host runs it: it owns
/// `org.kde.StatusNotifierWatcher`, serves `RegisterStatusNotifierItem` and
/// `RegisterStatusNotifierHost` at `/StatusNotifierWatcher`, answers the watcher's properties
/// (`RegisteredStatusNotifierItems`, `IsStatusNotifierHostRegistered`, `ProtocolVersion`), emits
/// `StatusNotifierItemRegistered` / `StatusNotifierItemUnregistered`, and forgets an item whose
/// connection leaves the bus. ``stop()`` closes its connection (the name goes away, as when the
/// panel exits); a new ``start(busAddress:)`` is a restarted panel.
public final class StatusNotifierWatcherStandIn: Sendable {
    public static let name = "org.kde.StatusNotifierWatcher"
    public static let path = "/StatusNotifierWatcher"
    public static let interface = "org.kde.StatusNotifierWatcher"

    /// One `RegisterStatusNotifierItem` call.
    public struct Registration: Sendable, Equatable {
        /// The caller's unique name, stamped by the bus.
        public var sender: String
        /// The argument as sent (a bus name or an object path).
        public var service: String
        /// The item as the watcher lists it: bus name + object path.
        public var item: String
        /// Its bus name and object path.
        public var busName: String
        public var objectPath: String
    }

    /// The watcher's own connection (its unique name owns the watcher name).
    public let connection: DBusConnection
    private let state = Mutex<(registrations: [Registration], items: [String])>(([], []))
    private let serving: Task<Void, Never>
    private let watching: Task<Void, Never>

    private init(connection: DBusConnection, serving: Task<Void, Never>, watching: Task<Void, Never>) {
        self.connection = connection
        self.serving = serving
        self.watching = watching
    }

    /// Every registration so far, oldest first.
    public var registrations: [Registration] { state.withLock { $0.registrations } }
    /// `RegisteredStatusNotifierItems` now.
    public var items: [String] { state.withLock { $0.items } }

    static let xml =
        DBusIntrospection.doctype + """
            <node>
              <interface name="org.kde.StatusNotifierWatcher">
                <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
                <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
                <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
                <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
                <property name="ProtocolVersion" type="i" access="read"/>
                <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
                <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
                <signal name="StatusNotifierHostRegistered"/>
              </interface>
            \(DBusIntrospection.standardInterfaces)</node>
            """

    /// Connects to the bus at `busAddress`, takes the watcher name and serves until ``stop()``.
    public static func start(busAddress: String) async throws -> StatusNotifierWatcherStandIn {
        let connection = try await DBusConnection.connect(address: busAddress)
        let holder = Mutex<StatusNotifierWatcherStandIn?>(nil)
        let methods = [
            DBusMethod(interface: interface, name: "RegisterStatusNotifierItem", inputSignature: "s"),
            DBusMethod(interface: interface, name: "RegisterStatusNotifierHost", inputSignature: "s"),
            DBusMethod(interface: "org.freedesktop.DBus.Properties", name: "Get", inputSignature: "ss", outputSignature: "v"),
            DBusMethod(interface: "org.freedesktop.DBus.Properties", name: "GetAll", inputSignature: "s", outputSignature: "a{sv}"),
        ]
        try await connection.exportObject(path: path, methods: methods, introspectionXML: xml) { call in
            guard let watcher = holder.withLock({ $0 }) else { return .error(name: DBusError.failedName, message: "starting") }
            return await watcher.handle(call)
        }
        try await connection.addMatch(
            "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged'")
        let signals = connection.signals()
        let serving = Task<Void, Never> { _ = try? await connection.run() }
        let watching = Task {
            for await signal in signals where signal.member == "NameOwnerChanged" && signal.sender == "org.freedesktop.DBus" {
                guard signal.arguments.count == 3, let gone = signal.arguments[0].string, signal.arguments[2].string == "" else { continue }
                await holder.withLock { $0 }?.forget(busName: gone)
            }
        }
        let watcher = StatusNotifierWatcherStandIn(connection: connection, serving: serving, watching: watching)
        holder.withLock { $0 = watcher }
        // The name last: an item that sees the watcher appear registers at once, and that call
        // must find the watcher ready (not "starting").
        guard try await connection.requestName(name, flags: [.doNotQueue]) == .primaryOwner else {
            await watcher.stop()
            throw DBusError(name: DBusError.failedName, message: "another StatusNotifierWatcher owns \(name)")
        }
        return watcher
    }

    /// Releases the watcher's name and closes its connection. The name is released by a call,
    /// so it is free when `stop()` returns (a close alone frees it only once the bus has noticed
    /// the hang-up, and a watcher started right after could find it still owned).
    public func stop() async {
        _ = try? await connection.releaseName(Self.name)
        await connection.close()
        serving.cancel()
        watching.cancel()
    }

    private func handle(_ call: DBusMethodCall) async -> DBusMethodResult {
        switch call.member {
        case "RegisterStatusNotifierItem":
            guard let sender = call.sender, let service = call.arguments.first?.string, !service.isEmpty else {
                return .error(name: DBusError.invalidArgsName, message: "service is empty")
            }
            // A path means "this sender, at that path"; a name means "that name, at /StatusNotifierItem".
            let busName = service.hasPrefix("/") ? sender : service
            let objectPath = service.hasPrefix("/") ? service : "/StatusNotifierItem"
            let registration = Registration(
                sender: sender, service: service, item: busName + objectPath, busName: busName, objectPath: objectPath)
            let isNew = state.withLock { current in
                current.registrations.append(registration)
                guard !current.items.contains(registration.item) else { return false }
                current.items.append(registration.item)
                return true
            }
            if isNew {
                try? await connection.emitSignal(
                    path: Self.path, interface: Self.interface, member: "StatusNotifierItemRegistered",
                    arguments: [.string(registration.item)])
            }
            return .reply([])
        case "RegisterStatusNotifierHost":
            return .reply([])
        case "Get", "GetAll":
            let properties: [String: DBusValue] = [
                "RegisteredStatusNotifierItems": .stringArray(items), "IsStatusNotifierHostRegistered": .bool(true),
                "ProtocolVersion": .int32(0),
            ]
            if call.member == "GetAll" { return .reply([.vardict(properties)]) }
            let name = call.arguments.count > 1 ? (call.arguments[1].string ?? "") : ""
            guard let value = properties[name] else { return .error(name: DBusError.invalidArgsName, message: "no property \(name)") }
            return .reply([.variant(value)])
        default:
            return .error(name: DBusError.unknownMethodName, message: call.member)
        }
    }

    private func forget(busName: String) async {
        let removed = state.withLock { current -> [String] in
            let gone = current.items.filter { $0.hasPrefix(busName + "/") }
            current.items.removeAll { gone.contains($0) }
            return gone
        }
        for item in removed {
            try? await connection.emitSignal(
                path: Self.path, interface: Self.interface, member: "StatusNotifierItemUnregistered", arguments: [.string(item)])
        }
    }
}
