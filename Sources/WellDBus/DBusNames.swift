import CDBus

/// Syntax checks for names, done in Swift before libdbus sees them: libdbus treats invalid
/// names as programming errors and aborts the process.
enum DBusNames {
    static let bus = "org.freedesktop.DBus"
    static let busPath = "/org/freedesktop/DBus"
    static let introspectable = "org.freedesktop.DBus.Introspectable"
    static let localInterface = "org.freedesktop.DBus.Local"

    static func checkPath(_ path: String) throws(DBusError) {
        guard !path.utf8.contains(0), dbus_validate_path(path, nil) != 0 else {
            throw DBusError.invalidArgs("invalid object path '\(path.prefix(80))'")
        }
    }

    static func checkInterface(_ name: String) throws(DBusError) {
        guard !name.utf8.contains(0), dbus_validate_interface(name, nil) != 0 else {
            throw DBusError.invalidArgs("invalid interface name '\(name.prefix(80))'")
        }
    }

    static func checkMember(_ name: String) throws(DBusError) {
        guard !name.utf8.contains(0), dbus_validate_member(name, nil) != 0 else {
            throw DBusError.invalidArgs("invalid member name '\(name.prefix(80))'")
        }
    }

    static func checkBusName(_ name: String) throws(DBusError) {
        guard !name.utf8.contains(0), dbus_validate_bus_name(name, nil) != 0 else {
            throw DBusError.invalidArgs("invalid bus name '\(name.prefix(80))'")
        }
    }

    static func isValidErrorName(_ name: String) -> Bool {
        !name.utf8.contains(0) && dbus_validate_error_name(name, nil) != 0
    }

    static func checkSignature(_ signature: String) throws(DBusError) {
        guard !signature.utf8.contains(0), signature.isEmpty || dbus_signature_validate(signature, nil) != 0 else {
            throw DBusError.invalidArgs("invalid signature '\(signature.prefix(80))'")
        }
    }
}

/// Owns one reference to a `DBusMessage` while it travels between threads.
/// libdbus message reference counts are atomic; a message is only *used* by one thread at a time.
final class DBusMessageBox: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes over a reference the caller already owns.
    init(adopting pointer: OpaquePointer) { self.pointer = pointer }

    deinit { dbus_message_unref(pointer) }

    /// Builds a message and appends validated arguments.
    static func make(_ create: () -> OpaquePointer?, arguments: [DBusValue]) throws(DBusError) -> DBusMessageBox {
        try DBusValue.validate(arguments: arguments)
        guard let message = create() else { throw DBusError.noMemory }
        let box = DBusMessageBox(adopting: message)
        guard DBusValue.append(arguments, to: message) else { throw DBusError.noMemory }
        return box
    }
}
