import CDBus
import Glibc
import Synchronization

/// The owner thread of one connection: opens it, runs a `poll(2)` loop over libdbus's
/// watches and timeouts plus a wake-up eventfd, runs queued jobs, dispatches messages, and
/// tears everything down when the connection ends. Every libdbus call on the connection
/// happens on this thread; no instance of this class is ever touched by another thread.
final class DBusLoop {
    let core: DBusConnectionCore
    private(set) var connection: OpaquePointer?
    /// False once the connection is closed or lost; jobs then fail fast.
    private(set) var isOpen = false
    private var closeRequested = false
    /// Whether ``dbusLoopFilter`` was added: libdbus aborts the process when a filter that was
    /// never added is removed (a bus that hangs up during the handshake ends before it is).
    private var filterAdded = false

    private var watches: [OpaquePointer] = []
    private var timeouts: [OpaquePointer: ContinuousClock.Instant] = [:]
    private var pendingCalls: [UInt64: PendingCall] = [:]
    private var exports: [String: DBusExport] = [:]

    struct PendingCall {
        let pending: OpaquePointer
        let continuation: CheckedContinuation<DBusReply, any Error>
    }

    struct DBusExport {
        let methods: [DBusMethod]
        let introspectionXML: String
        let handler: DBusMethodHandler
    }

    init(core: DBusConnectionCore) {
        self.core = core
    }

    private var selfPointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> DBusLoop {
        Unmanaged<DBusLoop>.fromOpaque(pointer!).takeUnretainedValue()
    }

    // MARK: - Thread body

    /// Opens the connection, reports the outcome through `ready`, then loops until it ends.
    func run(address: String, ready: (Result<String, DBusError>) -> Void) {
        var error = CDBus.DBusError()
        dbus_error_init(&error)
        guard let conn = dbus_connection_open_private(address, &error) else {
            ready(.failure(DBusError.consume(&error, fallback: "cannot open \(address)")))
            teardown()
            return
        }
        connection = conn
        dbus_connection_set_exit_on_disconnect(conn, 0)
        guard dbus_bus_register(conn, &error) != 0 else {
            ready(.failure(DBusError.consume(&error, fallback: "cannot register on the bus")))
            dbus_connection_close(conn)
            teardown()
            return
        }
        let watched =
            dbus_connection_set_watch_functions(conn, dbusLoopAddWatch, dbusLoopRemoveWatch, dbusLoopToggleWatch, selfPointer, nil) != 0
            && dbus_connection_set_timeout_functions(conn, dbusLoopAddTimeout, dbusLoopRemoveTimeout, dbusLoopToggleTimeout, selfPointer, nil) != 0
        filterAdded = watched && dbus_connection_add_filter(conn, dbusLoopFilter, selfPointer, nil) != 0
        guard filterAdded else {
            ready(.failure(.noMemory))
            dbus_connection_close(conn)
            teardown()
            return
        }
        isOpen = true
        let unique = dbus_bus_get_unique_name(conn).map { String(cString: $0) } ?? ""
        core.uniqueNameStorage.withLock { $0 = unique }
        ready(.success(unique))

        while true {
            for job in core.takeJobs() { job(self) }
            while dbus_connection_dispatch(conn) == DBUS_DISPATCH_DATA_REMAINS {}
            if dbus_connection_get_is_connected(conn) == 0 { break }
            pollOnce()
        }
        teardown()
    }

    private func pollOnce() {
        var fds = [pollfd(fd: core.wakeFD, events: Int16(POLLIN), revents: 0)]
        var polled: [OpaquePointer] = []
        for watch in watches where dbus_watch_get_enabled(watch) != 0 {
            let flags = dbus_watch_get_flags(watch)
            var events: Int16 = 0
            if flags & DBUS_WATCH_READABLE.rawValue != 0 { events |= Int16(POLLIN) }
            if flags & DBUS_WATCH_WRITABLE.rawValue != 0 { events |= Int16(POLLOUT) }
            fds.append(pollfd(fd: dbus_watch_get_unix_fd(watch), events: events, revents: 0))
            polled.append(watch)
        }
        var timeoutMs: Int32 = -1
        let now = ContinuousClock.now
        for (timeout, deadline) in timeouts where dbus_timeout_get_enabled(timeout) != 0 {
            let remaining = max(0, Self.milliseconds(deadline - now))
            timeoutMs = timeoutMs < 0 ? remaining : min(timeoutMs, remaining)
        }
        let count = poll(&fds, nfds_t(fds.count), timeoutMs)
        if count < 0 && errno != EINTR { return }
        if fds[0].revents != 0 { core.drainWakeFD() }
        for (index, watch) in polled.enumerated() {
            let revents = fds[index + 1].revents
            guard revents != 0, watches.contains(watch) else { continue } // may have been removed meanwhile
            var flags: UInt32 = 0
            if revents & Int16(POLLIN) != 0 { flags |= DBUS_WATCH_READABLE.rawValue }
            if revents & Int16(POLLOUT) != 0 { flags |= DBUS_WATCH_WRITABLE.rawValue }
            if revents & Int16(POLLERR) != 0 { flags |= DBUS_WATCH_ERROR.rawValue }
            if revents & Int16(POLLHUP) != 0 { flags |= DBUS_WATCH_HANGUP.rawValue }
            _ = dbus_watch_handle(watch, flags)
        }
        let after = ContinuousClock.now
        for (timeout, deadline) in timeouts where deadline <= after {
            guard timeouts[timeout] != nil, dbus_timeout_get_enabled(timeout) != 0 else { continue }
            timeouts[timeout] = after + .milliseconds(Int(dbus_timeout_get_interval(timeout)))
            _ = dbus_timeout_handle(timeout)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }

    /// Ends the connection: fails pending calls, finishes streams, closes and frees it.
    private func teardown() {
        let wasOpen = isOpen
        isOpen = false
        if let conn = connection {
            if dbus_connection_get_is_connected(conn) != 0 { dbus_connection_close(conn) }
            for (_, call) in pendingCalls {
                dbus_pending_call_cancel(call.pending)
                dbus_pending_call_unref(call.pending)
                call.continuation.resume(throwing: DBusError.disconnected)
            }
            pendingCalls.removeAll()
            exports.removeAll()
        }
        core.markDisconnected(closeRequested || !wasOpen ? .closed : .lost)
        for job in core.stopAcceptingJobs() { job(self) } // each fails fast: isOpen is false
        core.closeWakeFD()
        if let conn = connection {
            if filterAdded { dbus_connection_remove_filter(conn, dbusLoopFilter, selfPointer) }
            filterAdded = false
            dbus_connection_unref(conn)
            connection = nil
        }
        watches.removeAll()
        timeouts.removeAll()
    }

    // MARK: - Watch and timeout bookkeeping (called by libdbus on this thread)

    func addWatch(_ watch: OpaquePointer) { watches.append(watch) }
    func removeWatch(_ watch: OpaquePointer) { watches.removeAll { $0 == watch } }
    func addTimeout(_ timeout: OpaquePointer) {
        timeouts[timeout] = .now + .milliseconds(Int(dbus_timeout_get_interval(timeout)))
    }
    func removeTimeout(_ timeout: OpaquePointer) { timeouts.removeValue(forKey: timeout) }

    // MARK: - Jobs

    /// Closes the connection (flushing queued replies first).
    func requestClose() {
        closeRequested = true
        guard isOpen, let conn = connection else { return }
        dbus_connection_flush(conn)
        dbus_connection_close(conn)
    }

    /// Sends a message that expects no reply (signals, replies).
    func send(_ message: DBusMessageBox) -> Bool {
        guard isOpen, let conn = connection else { return false }
        return dbus_connection_send(conn, message.pointer, nil) != 0
    }

    /// Sends a method call; `continuation` is resumed exactly once with the reply or an error.
    func startCall(
        id: UInt64, message: DBusMessageBox, timeoutMs: Int32,
        continuation: CheckedContinuation<DBusReply, any Error>
    ) {
        guard isOpen, let conn = connection else {
            continuation.resume(throwing: DBusError.disconnected)
            return
        }
        var pending: OpaquePointer?
        guard dbus_connection_send_with_reply(conn, message.pointer, &pending, timeoutMs) != 0 else {
            continuation.resume(throwing: DBusError.noMemory)
            return
        }
        guard let pending else { // libdbus returns no pending call when disconnected
            continuation.resume(throwing: DBusError.disconnected)
            return
        }
        pendingCalls[id] = PendingCall(pending: pending, continuation: continuation)
        let context = Unmanaged.passRetained(DBusPendingContext(loop: self, id: id)).toOpaque()
        if dbus_pending_call_set_notify(pending, dbusLoopPendingNotify, context, dbusLoopReleasePendingContext) == 0 {
            Unmanaged<DBusPendingContext>.fromOpaque(context).release()
            pendingCalls.removeValue(forKey: id)
            dbus_pending_call_cancel(pending)
            dbus_pending_call_unref(pending)
            continuation.resume(throwing: DBusError.noMemory)
        }
    }

    /// Cancels a call still waiting for its reply.
    func cancelCall(id: UInt64) {
        guard let call = pendingCalls.removeValue(forKey: id) else { return }
        dbus_pending_call_cancel(call.pending)
        dbus_pending_call_unref(call.pending)
        call.continuation.resume(throwing: CancellationError())
    }

    /// A pending call completed (reply, error reply, or libdbus's own timeout error).
    func completeCall(id: UInt64) {
        guard let call = pendingCalls.removeValue(forKey: id) else { return }
        let reply = dbus_pending_call_steal_reply(call.pending)
        dbus_pending_call_unref(call.pending)
        guard let reply else {
            call.continuation.resume(throwing: DBusError(name: DBusError.noReplyName, message: "no reply"))
            return
        }
        let box = DBusMessageBox(adopting: reply)
        call.continuation.resume(with: Self.parseReply(box.pointer))
    }

    private static func parseReply(_ message: OpaquePointer) -> Result<DBusReply, any Error> {
        let sender = dbus_message_get_sender(message).map { String(cString: $0) }
        if dbus_message_get_type(message) == DBUS_MESSAGE_TYPE_ERROR {
            let name = dbus_message_get_error_name(message).map { String(cString: $0) } ?? DBusError.failedName
            let text = (try? DBusValue.readArguments(of: message))?.first?.string ?? ""
            return .failure(DBusError(name: name, message: text))
        }
        do {
            return .success(DBusReply(sender: sender, arguments: try DBusValue.readArguments(of: message)))
        } catch {
            return .failure(error)
        }
    }

    func export(path: String, _ export: DBusExport) throws(DBusError) {
        guard isOpen else { throw DBusError.disconnected }
        guard exports[path] == nil else { throw DBusError.invalidArgs("object path \(path) is already exported") }
        exports[path] = export
    }

    func unexport(path: String) { exports.removeValue(forKey: path) }

    /// Sends the answer to an incoming method call.
    func sendReply(_ result: DBusMethodResult, method: DBusMethod, token: DBusReplyToken) {
        guard token.expectsReply, isOpen, let conn = connection else { return }
        let call = token.message.pointer
        var reply: OpaquePointer?
        switch result {
        case .reply(let values):
            let signature = DBusValue.signature(of: values)
            if signature != method.outputSignature {
                reply = Self.errorReply(
                    to: call, name: DBusError.failedName,
                    message: "method returned '\(signature.prefix(80))', declared '\(method.outputSignature)'")
            } else if (try? DBusValue.validate(arguments: values)) == nil {
                reply = Self.errorReply(to: call, name: DBusError.failedName, message: "method returned an invalid value")
            } else if let ok = dbus_message_new_method_return(call) {
                if DBusValue.append(values, to: ok) { reply = ok } else { dbus_message_unref(ok) }
            }
        case .error(let name, let message):
            reply =
                DBusNames.isValidErrorName(name)
                ? Self.errorReply(to: call, name: name, message: message)
                : Self.errorReply(to: call, name: DBusError.failedName, message: message)
        }
        guard let reply else { return }
        dbus_connection_send(conn, reply, nil)
        dbus_message_unref(reply)
    }

    static func errorReply(to call: OpaquePointer, name: String, message: String) -> OpaquePointer? {
        dbus_message_new_error(call, name, message.replacingNULs())
    }

    // MARK: - Incoming messages (filter, on this thread)

    func handle(message: OpaquePointer) -> DBusHandlerResult {
        switch dbus_message_get_type(message) {
        case DBUS_MESSAGE_TYPE_SIGNAL:
            handleSignal(message)
            return DBUS_HANDLER_RESULT_NOT_YET_HANDLED
        case DBUS_MESSAGE_TYPE_METHOD_CALL:
            return handleMethodCall(message)
        default:
            return DBUS_HANDLER_RESULT_NOT_YET_HANDLED
        }
    }

    private func handleSignal(_ message: OpaquePointer) {
        let interface = dbus_message_get_interface(message).map { String(cString: $0) } ?? ""
        let member = dbus_message_get_member(message).map { String(cString: $0) } ?? ""
        if interface == DBusNames.localInterface {
            return // "Disconnected" is seen through dbus_connection_get_is_connected
        }
        guard let arguments = try? DBusValue.readArguments(of: message) else { return } // malformed: drop
        core.publish(
            DBusSignal(
                sender: dbus_message_get_sender(message).map { String(cString: $0) },
                destination: dbus_message_get_destination(message).map { String(cString: $0) },
                path: dbus_message_get_path(message).map { String(cString: $0) } ?? "",
                interface: interface, member: member,
                signature: dbus_message_get_signature(message).map { String(cString: $0) } ?? "",
                arguments: arguments))
    }

    private func handleMethodCall(_ message: OpaquePointer) -> DBusHandlerResult {
        guard let path = dbus_message_get_path(message).map({ String(cString: $0) }) else {
            return DBUS_HANDLER_RESULT_NOT_YET_HANDLED
        }
        let interface = dbus_message_get_interface(message).map { String(cString: $0) }
        let member = dbus_message_get_member(message).map { String(cString: $0) } ?? ""
        let signature = dbus_message_get_signature(message).map { String(cString: $0) } ?? ""

        guard let export = exports[path] else {
            if member == "Introspect", interface == nil || interface == DBusNames.introspectable,
                let xml = childNodesXML(of: path)
            {
                replyNow(to: message, with: .reply([.string(xml)]), method: DBusMethod(interface: DBusNames.introspectable, name: "Introspect", outputSignature: "s"))
                return DBUS_HANDLER_RESULT_HANDLED
            }
            return DBUS_HANDLER_RESULT_NOT_YET_HANDLED // libdbus answers UnknownMethod
        }
        if member == "Introspect", interface == nil || interface == DBusNames.introspectable {
            let method = DBusMethod(interface: DBusNames.introspectable, name: "Introspect", outputSignature: "s")
            replyNow(
                to: message,
                with: signature.isEmpty
                    ? .reply([.string(export.introspectionXML)])
                    : .error(DBusError.invalidArgs("Introspect takes no arguments")), method: method)
            return DBUS_HANDLER_RESULT_HANDLED
        }
        let candidates = export.methods.filter { $0.name == member && (interface == nil || $0.interface == interface) }
        guard let method = candidates.first else {
            replyNow(
                to: message,
                with: .error(
                    name: DBusError.unknownMethodName,
                    message: "No method '\(member)' on interface '\(interface ?? "")' at \(path)"),
                method: DBusMethod(interface: interface ?? "", name: member))
            return DBUS_HANDLER_RESULT_HANDLED
        }
        guard signature == method.inputSignature, let arguments = try? DBusValue.readArguments(of: message) else {
            replyNow(
                to: message,
                with: .error(
                    name: DBusError.invalidArgsName,
                    message: "\(method.interface).\(member) takes '\(method.inputSignature)', got '\(signature)'"),
                method: method)
            return DBUS_HANDLER_RESULT_HANDLED
        }
        let call = DBusMethodCall(
            sender: dbus_message_get_sender(message).map { String(cString: $0) },
            path: path, interface: interface, member: member, signature: signature, arguments: arguments)
        let token = DBusReplyToken(
            message: DBusMessageBox(adopting: dbus_message_ref(message)),
            expectsReply: dbus_message_get_no_reply(message) == 0)
        let incoming = DBusIncomingCall(call: call, method: method, handler: export.handler, token: token)
        if case .dropped = core.incomingContinuation.yield(incoming) {
            replyNow(
                to: message,
                with: .error(
                    name: "org.freedesktop.DBus.Error.LimitsExceeded",
                    message: "too many calls waiting"), method: method)
        }
        return DBUS_HANDLER_RESULT_HANDLED
    }

    private func replyNow(to message: OpaquePointer, with result: DBusMethodResult, method: DBusMethod) {
        let token = DBusReplyToken(
            message: DBusMessageBox(adopting: dbus_message_ref(message)),
            expectsReply: dbus_message_get_no_reply(message) == 0)
        sendReply(result, method: method, token: token)
    }

    /// Introspection data for a path that is a parent of exported objects (so tools can walk down).
    private func childNodesXML(of path: String) -> String? {
        let prefix = path == "/" ? "/" : path + "/"
        var children = Set<String>()
        for exported in exports.keys where exported.hasPrefix(prefix) && exported != path {
            if let first = exported.dropFirst(prefix.count).split(separator: "/").first { children.insert(String(first)) }
        }
        guard !children.isEmpty else { return nil }
        let nodes = children.sorted().map { "  <node name=\"\($0)\"/>" }.joined(separator: "\n")
        return DBusIntrospection.doctype + "<node>\n" + nodes + "\n</node>\n"
    }
}

extension String {
    /// D-Bus strings cannot hold NUL; error texts are ours to clean.
    func replacingNULs() -> String {
        utf8.contains(0) ? String(decoding: utf8.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self) : self
    }
}

/// Context handed to libdbus for one pending call.
final class DBusPendingContext {
    let loop: DBusLoop
    let id: UInt64
    init(loop: DBusLoop, id: UInt64) {
        self.loop = loop
        self.id = id
    }
}

// MARK: - C callbacks (capture-free; context through user data)

private func dbusLoopAddWatch(_ watch: OpaquePointer?, _ data: UnsafeMutableRawPointer?) -> dbus_bool_t {
    guard let watch else { return 0 }
    DBusLoop.from(data).addWatch(watch)
    return 1
}

private func dbusLoopRemoveWatch(_ watch: OpaquePointer?, _ data: UnsafeMutableRawPointer?) {
    guard let watch else { return }
    DBusLoop.from(data).removeWatch(watch)
}

private func dbusLoopToggleWatch(_ watch: OpaquePointer?, _ data: UnsafeMutableRawPointer?) {
    // The loop asks dbus_watch_get_enabled() before every poll.
}

private func dbusLoopAddTimeout(_ timeout: OpaquePointer?, _ data: UnsafeMutableRawPointer?) -> dbus_bool_t {
    guard let timeout else { return 0 }
    DBusLoop.from(data).addTimeout(timeout)
    return 1
}

private func dbusLoopRemoveTimeout(_ timeout: OpaquePointer?, _ data: UnsafeMutableRawPointer?) {
    guard let timeout else { return }
    DBusLoop.from(data).removeTimeout(timeout)
}

private func dbusLoopToggleTimeout(_ timeout: OpaquePointer?, _ data: UnsafeMutableRawPointer?) {
    guard let timeout else { return }
    DBusLoop.from(data).addTimeout(timeout) // restart the interval
}

private func dbusLoopFilter(_ connection: OpaquePointer?, _ message: OpaquePointer?, _ data: UnsafeMutableRawPointer?) -> DBusHandlerResult {
    guard let message else { return DBUS_HANDLER_RESULT_NOT_YET_HANDLED }
    return DBusLoop.from(data).handle(message: message)
}

private func dbusLoopPendingNotify(_ pending: OpaquePointer?, _ data: UnsafeMutableRawPointer?) {
    guard let data else { return }
    let context = Unmanaged<DBusPendingContext>.fromOpaque(data).takeUnretainedValue()
    context.loop.completeCall(id: context.id)
}

private func dbusLoopReleasePendingContext(_ data: UnsafeMutableRawPointer?) {
    guard let data else { return }
    Unmanaged<DBusPendingContext>.fromOpaque(data).release()
}
