import CDBus
import WellThreads

/// A private connection to a D-Bus message bus, driven by libdbus-1.
///
/// **Threading.** Each connection has one owner thread (named `dbus`) that runs a `poll(2)`
/// loop over libdbus's watches and timeouts; *every* libdbus call on the connection runs on
/// that thread. The async methods below validate and build their message on the caller's
/// thread, queue a job for the owner thread and suspend until it completes, so no
/// cooperative thread ever blocks on the bus.
///
/// **Exported objects.** ``exportObject(path:methods:introspectionXML:handler:)`` routes
/// calls for a path; unknown members get `org.freedesktop.DBus.Error.UnknownMethod`, wrong
/// argument signatures `…InvalidArgs`, `Introspectable.Introspect` returns the given XML and
/// libdbus answers `Peer.Ping`. Handlers are async and run in ``run()`` (one child task per
/// call), so a slow handler never holds up the dispatch thread or other calls.
///
/// **Lifetime.** ``run()`` returns after ``close()`` and throws ``DBusError`` (`Disconnected`)
/// when the bus goes away; ``waitUntilDisconnected()`` reports the same without serving.
public final class DBusConnection: Sendable {
    let core: DBusConnectionCore

    /// The unique name the bus assigned to this connection (e.g. `:1.42`).
    public let uniqueName: String

    private init(core: DBusConnectionCore, uniqueName: String) {
        self.core = core
        self.uniqueName = uniqueName
    }

    deinit {
        core.enqueue { $0.requestClose() }
    }

    // MARK: - Opening and closing

    /// Opens a private connection to the bus at `address` and registers on it (`Hello`).
    public static func connect(address: String) async throws -> DBusConnection {
        guard !address.isEmpty, !address.utf8.contains(0) else {
            throw DBusError(name: "org.freedesktop.DBus.Error.BadAddress", message: "empty or invalid bus address")
        }
        let core = try DBusConnectionCore()
        let unique: String = try await withCheckedThrowingContinuation { continuation in
            do {
                try DetachedThread.start(name: "dbus") {
                    let loop = DBusLoop(core: core)
                    loop.run(address: address) { result in continuation.resume(with: result) }
                }
            } catch {
                continuation.resume(throwing: DBusError(name: DBusError.noMemoryName, message: "\(error)"))
            }
        }
        return DBusConnection(core: core, uniqueName: unique)
    }

    /// Opens the session bus named by `DBUS_SESSION_BUS_ADDRESS` in `environment`.
    /// Throws `org.freedesktop.DBus.Error.NotSupported` when the variable is unset.
    public static func session(environment: [String: String]) async throws -> DBusConnection {
        guard let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty else {
            throw DBusError(name: DBusError.notSupportedName, message: "DBUS_SESSION_BUS_ADDRESS is not set")
        }
        return try await connect(address: address)
    }

    /// Closes the connection after flushing queued messages. Pending calls fail with
    /// `Disconnected`; ``run()`` returns normally. Idempotent.
    public func close() async {
        if core.enqueue({ $0.requestClose() }) {
            _ = await core.waitForDisconnection()
        }
    }

    /// False once the connection has been closed or lost.
    public var isConnected: Bool { core.disconnectReason == nil }

    /// Suspends until the connection ends and tells why (``DBusDisconnectReason/lost`` means
    /// the bus went away).
    public func waitUntilDisconnected() async -> DBusDisconnectReason {
        await core.waitForDisconnection()
    }

    // MARK: - Serving exported objects

    /// Serves method calls on exported objects until the connection ends or the task is
    /// cancelled. Each call runs its handler in a child task; the reply is sent when it
    /// returns. Calls that arrive while nobody runs this wait (up to 4096, then
    /// `LimitsExceeded`). Only one `run()` may be active per connection.
    ///
    /// - Throws: ``DBusError`` `Disconnected` when the bus connection was lost (not after ``close()``).
    public func run() async throws {
        guard core.beginServing() else {
            throw DBusError(name: DBusError.failedName, message: "run() is already active on this connection")
        }
        defer { core.endServing() }
        let core = self.core
        await withDiscardingTaskGroup { group in
            for await incoming in core.incomingCalls {
                group.addTask {
                    let result = await incoming.handler(incoming.call)
                    core.enqueue { $0.sendReply(result, method: incoming.method, token: incoming.token) }
                }
            }
        }
        if core.disconnectReason == .lost { throw DBusError.disconnected }
    }

    /// Exports an object at `path`. `methods` lists what it implements (routing and argument
    /// checks); `introspectionXML` is returned by `Introspect` (start it with
    /// ``DBusIntrospection/doctype``).
    public func exportObject(
        path: String, methods: [DBusMethod], introspectionXML: String,
        handler: @escaping DBusMethodHandler
    ) async throws {
        try DBusNames.checkPath(path)
        for method in methods {
            try DBusNames.checkInterface(method.interface)
            try DBusNames.checkMember(method.name)
            try DBusNames.checkSignature(method.inputSignature)
            try DBusNames.checkSignature(method.outputSignature)
        }
        let export = DBusLoop.DBusExport(methods: methods, introspectionXML: introspectionXML.replacingNULs(), handler: handler)
        try await onOwnerThread { loop throws(DBusError) in try loop.export(path: path, export) }
    }

    /// Stops serving `path`.
    public func unexportObject(path: String) async {
        try? await onOwnerThread { loop in loop.unexport(path: path) }
    }

    // MARK: - Calls and signals

    /// Calls a method and returns the reply's arguments.
    /// - Throws: ``DBusError`` with the remote error name and message, `NoReply` on timeout,
    ///   `Disconnected`, `InvalidArgs` for arguments that cannot be marshalled, or
    ///   `CancellationError` when the task is cancelled.
    public func call(
        destination: String?, path: String, interface: String?, member: String,
        arguments: [DBusValue] = [], timeout: Duration = .seconds(25)
    ) async throws -> [DBusValue] {
        try await callReturningReply(
            destination: destination, path: path, interface: interface, member: member,
            arguments: arguments, timeout: timeout
        ).arguments
    }

    /// Like ``call(destination:path:interface:member:arguments:timeout:)`` but also returns the
    /// unique name of the connection that replied.
    public func callReturningReply(
        destination: String?, path: String, interface: String?, member: String,
        arguments: [DBusValue] = [], timeout: Duration = .seconds(25)
    ) async throws -> DBusReply {
        if let destination { try DBusNames.checkBusName(destination) }
        try DBusNames.checkPath(path)
        if let interface { try DBusNames.checkInterface(interface) }
        try DBusNames.checkMember(member)
        let message = try DBusMessageBox.make(
            { dbus_message_new_method_call(destination, path, interface, member) },
            arguments: arguments)
        let timeoutMs = timeout.dbusMilliseconds
        let id = core.nextCallID()
        let core = self.core
        try Task.checkCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<DBusReply, any Error>) in
                let queued = core.enqueue { loop in
                    loop.startCall(id: id, message: message, timeoutMs: timeoutMs, continuation: continuation)
                }
                if !queued { continuation.resume(throwing: DBusError.disconnected) }
            }
        } onCancel: {
            core.enqueue { $0.cancelCall(id: id) }
        }
    }

    /// Emits a signal. With `destination` the signal is unicast to that connection (which
    /// receives it regardless of match rules); otherwise it is broadcast.
    /// Returns once the message is queued on the connection, in order with later sends.
    public func emitSignal(
        path: String, interface: String, member: String,
        arguments: [DBusValue] = [], destination: String? = nil
    ) async throws {
        try DBusNames.checkPath(path)
        try DBusNames.checkInterface(interface)
        try DBusNames.checkMember(member)
        if let destination { try DBusNames.checkBusName(destination) }
        let message = try DBusMessageBox.make({ dbus_message_new_signal(path, interface, member) }, arguments: arguments)
        if let destination {
            guard dbus_message_set_destination(message.pointer, destination) != 0 else { throw DBusError.noMemory }
        }
        try await onOwnerThread { loop throws(DBusError) in
            guard loop.send(message) else { throw DBusError.disconnected }
        }
    }

    /// A stream of every signal this connection receives from now on (broadcasts matching a
    /// rule from ``addMatch(_:)`` and unicast signals sent to us). It finishes when the
    /// connection ends. Each call returns an independent stream; keeps the newest `limit`
    /// signals when the consumer falls behind.
    public func signals(bufferingNewest limit: Int = 1024) -> AsyncStream<DBusSignal> {
        core.subscribe(bufferingNewest: limit)
    }

    // MARK: - Owner-thread helper

    /// Runs `body` on the owner thread and returns its result.
    func onOwnerThread<T: Sendable>(_ body: @escaping @Sendable (DBusLoop) throws(DBusError) -> T) async throws -> T {
        let core = self.core
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let queued = core.enqueue { loop in
                guard loop.isOpen else {
                    continuation.resume(throwing: DBusError.disconnected)
                    return
                }
                do { continuation.resume(returning: try body(loop)) } catch { continuation.resume(throwing: error) }
            }
            if !queued { continuation.resume(throwing: DBusError.disconnected) }
        }
    }
}
