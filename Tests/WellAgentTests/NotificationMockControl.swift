import WellDBus
import WellNotifications
import WellTestSupport

/// Typed access to dbusmock's control interface (`org.freedesktop.DBus.Mock`) over a
/// ``DBusConnection`` (WellTestSupport does not link WellAgent).
struct NotificationMockControl {
    let connection: DBusConnection

    /// Arguments of every recorded call of `method` (variants unwrapped), oldest first.
    func calls(_ method: String) async throws -> [[DBusValue]] {
        let reply = try await connection.call(
            destination: DesktopNotifier.busName, path: DesktopNotifier.objectPath,
            interface: "org.freedesktop.DBus.Mock", member: "GetMethodCalls", arguments: [.string(method)])
        guard let records = reply.first?.arrayElements else { return [] }
        return records.compactMap { record in
            guard let fields = record.structureFields, fields.count == 2, let arguments = fields[1].arrayElements else { return nil }
            return arguments.map { $0.variantValue ?? $0 }
        }
    }

    /// The ids of every recorded `CloseNotification`, oldest first (the mock records some as
    /// INT32, some as UINT32).
    func closedIDs() async throws -> [UInt32] {
        try await calls("CloseNotification").compactMap { arguments in
            switch arguments.first {
            case .uint32(let id)?: id
            case .int32(let id)?: UInt32(exactly: id)
            default: nil
            }
        }
    }

    /// Makes the mock emit `org.freedesktop.Notifications.<name>` from its own connection.
    func emit(_ name: String, signature: String, _ arguments: [DBusValue]) async throws {
        _ = try await connection.call(
            destination: DesktopNotifier.busName, path: DesktopNotifier.objectPath,
            interface: "org.freedesktop.DBus.Mock", member: "EmitSignal",
            arguments: [
                .string(DesktopNotifier.interface), .string(name), .string(signature),
                .array(elementSignature: "v", arguments.map(DBusValue.variant)),
            ])
    }

    func invokeAction(id: UInt32, key: String) async throws {
        try await emit("ActionInvoked", signature: "us", [.uint32(id), .string(key)])
    }
}

/// Parsed `Notify` arguments as the mock recorded them.
struct RecordedNotify {
    let appName: String
    let replacesID: UInt32
    let icon: String
    let summary: String
    let body: String
    let actions: [String]
    let hints: [String: DBusValue]
    let expireTimeout: Int32

    init?(_ arguments: [DBusValue]) {
        guard arguments.count == 8,
            let appName = arguments[0].string, let replacesID = arguments[1].uint32,
            let icon = arguments[2].string, let summary = arguments[3].string, let body = arguments[4].string,
            let actions = arguments[5].stringArray, let hints = arguments[6].stringKeyedDictionary,
            let expireTimeout = arguments[7].int32
        else { return nil }
        self.appName = appName
        self.replacesID = replacesID
        self.icon = icon
        self.summary = summary
        self.body = body
        self.actions = actions
        self.hints = hints
        self.expireTimeout = expireTimeout
    }
}

/// A bus, optionally a notification mock, a notifier under test (with `run()` going) and a
/// second connection for the test's own calls.
struct NotificationHarness {
    let bus: PrivateBus
    let mock: NotificationMock?
    let connection: DBusConnection
    let notifier: DesktopNotifier
    let control: NotificationMockControl
    let peer: DBusConnection

    static func run(
        mockCapabilities: String? = NotificationMock.capabilitiesWithActions,
        _ body: (NotificationHarness, inout AsyncStream<NotificationEvent>.Iterator) async throws -> Void
    ) async throws {
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let mock = try await mockCapabilities.asyncMap { try await NotificationMock.start(busAddress: bus.address, capabilities: $0) }
        defer { mock?.stop() }
        let connection = try await DBusConnection.connect(address: bus.address)
        let peer = try await DBusConnection.connect(address: bus.address)
        let notifier = try await DesktopNotifier(connection: connection, appName: "wellclient-test")
        let harness = NotificationHarness(
            bus: bus, mock: mock, connection: connection, notifier: notifier,
            control: NotificationMockControl(connection: peer), peer: peer)
        var events = notifier.events.makeAsyncIterator()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await notifier.run() }
            try await body(harness, &events)
            group.cancelAll()
        }
        await connection.close()
        await peer.close()
    }

    /// Calls the bus from `peer` and waits for the answer: every message `peer` sent before
    /// has then been routed by the daemon (ordering point for "was it dropped?" checks).
    func flushPeer() async throws {
        _ = try await peer.getNameOwner("org.freedesktop.DBus")
    }

    /// A ringing-call notification like the agent's.
    static let ringing = NotificationRequest(
        summary: "Incoming call", body: "From 13800138000 <queue 7000> & co",
        actions: [.init(key: "answer", label: "Answer"), .init(key: "hangup", label: "Reject"), .init(key: "default", label: "")],
        urgency: .critical, category: "call.incoming", resident: true, soundName: "phone-incoming-call",
        desktopEntry: "cc.wellcloud.WellClient", expiry: .never)
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
