import CDBus

/// A private connection to a message bus driven on the calling thread: opening it connects the
/// socket, and each ``call(destination:path:interface:member:arguments:timeout:)`` blocks that
/// thread until the reply, an error reply or the timeout. No owner thread, no poll loop, no
/// Swift concurrency — for a process that makes one call and exits (the thin `wellclient`),
/// where handing the call between threads costs more than the call itself. A process that
/// lives on, serves objects, receives signals or must not block a thread uses ``DBusConnection``.
///
/// The bus's `Hello` is sent without waiting for its answer: the bus handles one connection's
/// messages in order, so the call that follows comes from a registered connection, one round
/// trip sooner. The authentication and `Hello` happen inside the first call's timeout, so a bus
/// that accepts the connection and never answers ends in `Timeout`, not in a hang.
///
/// Not `Sendable`: one thread uses it. The connection closes when the value is released.
public final class DBusBlockingConnection {
    private let connection: OpaquePointer

    /// Connects to the bus at `address` and queues `Hello`.
    /// - Throws: ``DBusError`` when the address is empty or invalid, or nothing accepts the
    ///   connection there (a missing socket, a refused connection).
    public init(address: String) throws(DBusError) {
        guard !address.isEmpty, !address.utf8.contains(0) else {
            throw DBusError(name: "org.freedesktop.DBus.Error.BadAddress", message: "empty or invalid bus address")
        }
        var error = CDBus.DBusError()
        dbus_error_init(&error)
        guard let connection = dbus_connection_open_private(address, &error) else {
            throw DBusError.consume(&error, fallback: "cannot open \(address)")
        }
        dbus_connection_set_exit_on_disconnect(connection, 0)
        let hello: DBusMessageBox
        do {
            hello = try DBusMessageBox.make({ dbus_message_new_method_call(DBusNames.bus, DBusNames.busPath, DBusNames.bus, "Hello") }, arguments: [])
        } catch {
            Self.release(connection)
            throw error
        }
        guard dbus_connection_send(connection, hello.pointer, nil) != 0 else {
            Self.release(connection)
            throw DBusError.noMemory
        }
        self.connection = connection
    }

    deinit {
        Self.release(connection)
    }

    private static func release(_ connection: OpaquePointer) {
        dbus_connection_close(connection)
        dbus_connection_unref(connection)
    }

    /// Calls a method and waits for its reply on this thread.
    /// - Returns: the reply's arguments and the unique name of the connection that replied.
    /// - Throws: ``DBusError`` with the remote error name and message, `NoReply` when no reply
    ///   came within `timeout`, `Timeout` when the bus did not even complete the connection in
    ///   that time, `Disconnected` when the bus closes the connection, `InvalidArgs` for names
    ///   or arguments that cannot be sent.
    public func call(
        destination: String?, path: String, interface: String?, member: String,
        arguments: [DBusValue] = [], timeout: Duration = .seconds(25)
    ) throws(DBusError) -> DBusReply {
        if let destination { try DBusNames.checkBusName(destination) }
        try DBusNames.checkPath(path)
        if let interface { try DBusNames.checkInterface(interface) }
        try DBusNames.checkMember(member)
        let message = try DBusMessageBox.make({ dbus_message_new_method_call(destination, path, interface, member) }, arguments: arguments)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        try flush(before: deadline, on: clock, timeout: timeout)
        var error = CDBus.DBusError()
        dbus_error_init(&error)
        // An error reply comes back as `error`, with the reply's name and its first string argument.
        let remaining = (deadline - clock.now).dbusMilliseconds
        guard let reply = dbus_connection_send_with_reply_and_block(connection, message.pointer, remaining, &error) else {
            throw DBusError.consume(&error, fallback: "no reply")
        }
        let box = DBusMessageBox(adopting: reply)
        let sender = dbus_message_get_sender(box.pointer).map { String(cString: $0) }
        return DBusReply(sender: sender, arguments: try DBusValue.readArguments(of: box.pointer))
    }

    /// Writes what is queued (at first: the authentication, then `Hello`) before `deadline`.
    /// libdbus flushes a call's message without any time limit, and nothing is written before
    /// the bus has accepted the authentication: a bus that never answers would hold the call
    /// for ever. So the writing is driven here, in slices of the time left.
    private func flush(before deadline: ContinuousClock.Instant, on clock: ContinuousClock, timeout: Duration) throws(DBusError) {
        while dbus_connection_has_messages_to_send(connection) != 0 {
            guard dbus_connection_get_is_connected(connection) != 0 else { throw DBusError.disconnected }
            let remaining = deadline - clock.now
            guard remaining > .zero else {
                throw DBusError(name: DBusError.timeoutName, message: "the bus did not complete the connection within \(timeout)")
            }
            _ = dbus_connection_read_write(connection, remaining.dbusMilliseconds)
        }
    }
}

extension Duration {
    /// A call timeout as libdbus takes it: whole milliseconds, at least 1 (0 and below mean
    /// "the default" or "forever" to libdbus), at most `Int32.max`.
    var dbusMilliseconds: Int32 {
        let (seconds, attoseconds) = self.components
        return Int32(clamping: max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }
}
