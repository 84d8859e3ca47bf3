import Logging
import WellDBus

// # Desktop notifications: what libdbus and libnotify each do
//
// **libdbus-1 carries the notification protocol.** `DesktopNotifier` speaks
// `org.freedesktop.Notifications` (spec 1.2) itself, over a `DBusConnection` (libdbus-1): it
// calls `GetCapabilities`, `Notify` and `CloseNotification`, and it receives `ActionInvoked` and
// `NotificationClosed`. This is the path in production and in every test. Two reasons:
//
// 1. *The sender check has to be ours and testable.* A signal sent *unicast* to our
//    connection reaches us whatever match rules we have, so any peer on the bus could send us
//    a fake `ActionInvoked(id, "answer")` and answer a call. We accept `ActionInvoked` and
//    `NotificationClosed` only when the bus-stamped sender is the current unique owner of
//    `org.freedesktop.Notifications` (tracked with `GetNameOwner` and the bus daemon's own
//    `NameOwnerChanged`) *and* the id is one this notifier created with that owner and has
//    not seen closed. Everything else is dropped and counted (`droppedSignalCount`).
//    (Debian 12's GLib 2.74.6-2+deb12u1 and later carry the CVE-2024-34397 fix, so GDBus
//    under libnotify would check senders too; we do not depend on the distribution's patch
//    level.)
// 2. *Tests run many private buses in one process.* libnotify goes through GDBus, which
//    keeps one session-bus connection per process (`g_bus_get`), and libnotify caches one
//    proxy on it. A libdbus connection takes an explicit address, so each test gets its own
//    `dbus-daemon` and dbusmock server.
//
// **libnotify is used for what is process-global.** `LibNotifyProbe` (target `WellLibNotify`,
// which the agent does not link, so that it loads no GLib) calls `notify_init`
// (registers the application name once per process), `notify_get_server_info` and
// `notify_get_server_caps` on the process's session bus (libnotify ≥ 0.8 reports the
// xdg-desktop-portal inside Flatpak/Snap, which raw `Notify` calls would miss). The agent does
// not run it: its GLib type system and GDBus threads would stay in the process for a log line;
// it asks its own connection (``serverInformation()``, ``capabilities()``). Its tests run it in a child
// process (Swift Testing exit tests), each with its own private bus, because GDBus's
// connection is per process.

/// Shows desktop notifications and reports the user's answers, safely.
///
/// Create it on a connection (usually the agent's session-bus connection), keep ``run()``
/// running (it processes the server's signals), and read ``events``.
/// The server may come and go: on a new owner the capabilities are read again and the old
/// ids are forgotten (``NotificationEvent/serverVanished``, ``NotificationEvent/serverAppeared``).
public actor DesktopNotifier {
    public static let busName = "org.freedesktop.Notifications"
    public static let objectPath = "/org/freedesktop/Notifications"
    public static let interface = "org.freedesktop.Notifications"

    /// Events that passed the sender and id checks. Single consumer; finishes when the
    /// connection ends.
    public nonisolated let events: AsyncStream<NotificationEvent>
    private let eventContinuation: AsyncStream<NotificationEvent>.Continuation

    private let connection: DBusConnection
    private let appName: String
    private let callTimeout: Duration
    private let logger: Logger
    private let signals: AsyncStream<DBusSignal>
    private var running = false

    /// Unique name of the current owner of `org.freedesktop.Notifications` (nil: none).
    public private(set) var serverOwner: String?
    /// Bumped on each owner change, so answers from an older server are not cached.
    private var ownerGeneration = 0
    private var cachedCapabilities: Set<String>?
    /// Our live notifications: id → unique name of the server that issued it.
    private var live: [UInt32: String] = [:]
    /// Live ids we asked the server to close: their actions are no longer accepted.
    private var closing: Set<UInt32> = []
    /// Signals that failed the checks (fake sender, foreign or closed id, bad signature).
    public private(set) var droppedSignalCount = 0

    /// Subscribes to the server's signals and to ownership changes of its name, then reads
    /// the current owner. Throws only if the bus connection itself fails.
    /// - Parameters:
    ///   - appName: the `app_name` argument of `Notify`.
    ///   - callTimeout: how long to wait for the server on each call.
    public init(
        connection: DBusConnection, appName: String, callTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "wellclient.notifications")
    ) async throws {
        self.connection = connection
        self.appName = appName
        self.callTimeout = callTimeout
        self.logger = logger
        (events, eventContinuation) = AsyncStream.makeStream(of: NotificationEvent.self, bufferingPolicy: .bufferingNewest(256))
        signals = connection.signals(bufferingNewest: 1024)
        // No sender= in the rule: the bus would filter broadcasts by the name's owner, but
        // unicast signals bypass rules anyway, so the check in `handle(_:)` is the authority.
        try await connection.addMatch(
            "type='signal',path='\(Self.objectPath)',interface='\(Self.interface)'")
        try await connection.addMatch(
            "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='\(Self.busName)'")
        serverOwner = try await connection.getNameOwner(Self.busName)
    }

    /// Processes the server's signals until the connection ends or the task is cancelled.
    /// Only one `run()` at a time.
    public func run() async {
        guard !running else { return }
        running = true
        defer { running = false }
        for await signal in signals {
            handle(signal)
        }
        if !connection.isConnected { eventContinuation.finish() }
    }

    // MARK: - Server

    /// The server's capabilities (cached; read again after the server's owner changes).
    public func capabilities() async throws(NotificationError) -> Set<String> {
        if let cachedCapabilities { return cachedCapabilities }
        let generation = ownerGeneration
        let reply = try await serverCall("GetCapabilities")
        let capabilities = Set(reply.arguments.first?.stringArray ?? [])
        if generation == ownerGeneration { cachedCapabilities = capabilities }
        return capabilities
    }

    /// `GetServerInformation`.
    public func serverInformation() async throws(NotificationError) -> NotificationServerInformation {
        let fields = try await serverCall("GetServerInformation").arguments.compactMap(\.string)
        guard fields.count == 4 else { throw .serverError(DBusError(name: DBusError.failedName, message: "unexpected reply")) }
        return NotificationServerInformation(name: fields[0], vendor: fields[1], version: fields[2], specVersion: fields[3])
    }

    /// The ids of notifications this notifier created that the server has not reported closed.
    public var activeNotificationIDs: Set<UInt32> { Set(live.keys) }

    // MARK: - Show and close

    /// Shows a notification, or replaces `replacing` in place when it is still one of ours
    /// (otherwise a new one is created). Actions are left out when the server lacks the
    /// `actions` capability. Returns the notification id.
    @discardableResult
    public func show(_ request: NotificationRequest, replacing: UInt32? = nil) async throws(NotificationError) -> UInt32 {
        let capabilities = try await capabilities()
        let actions = capabilities.contains("actions") ? request.actions : []
        let body = capabilities.contains("body-markup") ? NotificationRequest.escapeMarkup(request.body) : request.body
        let replacesID = replacing.flatMap { live[$0] != nil && !closing.contains($0) ? $0 : nil } ?? 0
        let arguments: [DBusValue] = [
            .string(appName), .uint32(replacesID), .string(request.appIcon), .string(request.summary), .string(body),
            .stringArray(actions.flatMap { [$0.key, $0.label] }), .vardict(request.hints), .int32(request.expiry.wireValue),
        ]
        let reply = try await serverCall("Notify", arguments)
        guard let id = reply.arguments.first?.uint32 else {
            throw .serverError(DBusError(name: DBusError.failedName, message: "Notify returned no id"))
        }
        guard id != 0 else { throw .notShown }
        if let issuer = reply.sender ?? serverOwner { live[id] = issuer }
        return id
    }

    /// Asks the server to close one of our notifications. Ids that are not ours, already
    /// closed or already being closed are ignored. From now on its actions are dropped; the
    /// id stays known until the server's `NotificationClosed`, which is reported as
    /// ``NotificationEvent/closed(id:reason:)`` (so the event does not depend on whether the
    /// server sends the signal before or after its reply).
    public func close(id: UInt32) async throws(NotificationError) {
        guard live[id] != nil, !closing.contains(id) else { return }
        closing.insert(id)
        do {
            _ = try await serverCall("CloseNotification", [.uint32(id)])
        } catch {
            closing.remove(id)
            throw error
        }
    }

    private func serverCall(_ member: String, _ arguments: [DBusValue] = []) async throws(NotificationError) -> DBusReply {
        do {
            return try await connection.callReturningReply(
                destination: Self.busName, path: Self.objectPath, interface: Self.interface,
                member: member, arguments: arguments, timeout: callTimeout)
        } catch let error as DBusError {
            if error.isNoOwner { throw .noServer }
            if error.name == DBusError.invalidArgsName && error.message.hasPrefix("string contains") {
                throw .invalidRequest(error.message)
            }
            throw .serverError(error)
        } catch {
            throw .serverError(DBusError(name: DBusError.failedName, message: "\(error)"))
        }
    }

    // MARK: - Signals

    private func handle(_ signal: DBusSignal) {
        if signal.interface == "org.freedesktop.DBus", signal.member == "NameOwnerChanged" {
            handleOwnerChange(signal)
            return
        }
        guard signal.interface == Self.interface else { return }
        switch (signal.member, signal.arguments) {
        case ("ActionInvoked", let args):
            guard args.count == 2, let id = args[0].uint32, case .string(let key) = args[1],
                isTrusted(signal, id: id), !closing.contains(id)
            else { return drop(signal) }
            eventContinuation.yield(.actionInvoked(id: id, key: key))
        case ("NotificationClosed", let args):
            guard args.count == 2, let id = args[0].uint32, let reason = args[1].uint32,
                isTrusted(signal, id: id)
            else { return drop(signal) }
            live.removeValue(forKey: id)
            closing.remove(id)
            eventContinuation.yield(.closed(id: id, reason: NotificationCloseReason(rawValue: reason)))
        default:
            return // ActivationToken and future signals: not used
        }
    }

    /// The sender must be the current owner of the name and the issuer of a live id of ours.
    private func isTrusted(_ signal: DBusSignal, id: UInt32) -> Bool {
        guard let sender = signal.sender, let owner = serverOwner, sender == owner else { return false }
        return live[id] == sender
    }

    private func handleOwnerChange(_ signal: DBusSignal) {
        // Only the bus daemon can send as org.freedesktop.DBus; anything else is a fake.
        guard signal.sender == "org.freedesktop.DBus",
            signal.arguments.count == 3, signal.arguments[0].string == Self.busName,
            let newOwner = signal.arguments[2].string
        else { return drop(signal) }
        let next: String? = newOwner.isEmpty ? nil : newOwner
        guard next != serverOwner else { return }
        ownerGeneration += 1
        cachedCapabilities = nil
        if serverOwner != nil {
            live.removeAll() // that server's notifications went with it
            closing.removeAll()
            logger.info("notification server vanished")
            eventContinuation.yield(.serverVanished)
        }
        serverOwner = next
        if next != nil {
            logger.info("notification server appeared")
            eventContinuation.yield(.serverAppeared)
        }
    }

    private func drop(_ signal: DBusSignal) {
        droppedSignalCount += 1
        logger.debug(
            "dropped untrusted notification signal",
            metadata: [
                "member": "\(signal.member)", "sender": "\(signal.sender ?? "?")",
            ])
    }
}
