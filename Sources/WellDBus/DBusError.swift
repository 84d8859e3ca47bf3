import CDBus

/// A D-Bus error: the error name (`org.freedesktop.DBus.Error.UnknownMethod`, …) and its
/// human-readable message. Error replies from peers arrive as this type; local failures
/// (invalid arguments, disconnection) use the standard names too.
public struct DBusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The D-Bus error name.
    public var name: String
    /// The message (the first string argument of the error reply; may be empty).
    public var message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { message.isEmpty ? name : "\(name): \(message)" }

    // MARK: Standard names

    public static let failedName = "org.freedesktop.DBus.Error.Failed"
    public static let noMemoryName = "org.freedesktop.DBus.Error.NoMemory"
    public static let serviceUnknownName = "org.freedesktop.DBus.Error.ServiceUnknown"
    public static let nameHasNoOwnerName = "org.freedesktop.DBus.Error.NameHasNoOwner"
    public static let noReplyName = "org.freedesktop.DBus.Error.NoReply"
    public static let timeoutName = "org.freedesktop.DBus.Error.Timeout"
    public static let disconnectedName = "org.freedesktop.DBus.Error.Disconnected"
    public static let invalidArgsName = "org.freedesktop.DBus.Error.InvalidArgs"
    public static let unknownMethodName = "org.freedesktop.DBus.Error.UnknownMethod"
    public static let unknownObjectName = "org.freedesktop.DBus.Error.UnknownObject"
    public static let unknownInterfaceName = "org.freedesktop.DBus.Error.UnknownInterface"
    public static let accessDeniedName = "org.freedesktop.DBus.Error.AccessDenied"
    public static let notSupportedName = "org.freedesktop.DBus.Error.NotSupported"

    static func invalidArgs(_ message: String) -> DBusError { DBusError(name: invalidArgsName, message: message) }
    static func failed(_ message: String) -> DBusError { DBusError(name: failedName, message: message) }
    static let noMemory = DBusError(name: noMemoryName, message: "libdbus is out of memory")
    static let disconnected = DBusError(name: disconnectedName, message: "the connection to the bus is closed")

    /// True when the error means "nobody serves that name" (no owner, not activatable).
    public var isNoOwner: Bool {
        name == Self.serviceUnknownName || name == Self.nameHasNoOwnerName
    }

    /// Moves a libdbus `DBusError` into a Swift error and frees the C one.
    static func consume(_ error: inout CDBus.DBusError, fallback: String) -> DBusError {
        defer { dbus_error_free(&error) }
        guard dbus_error_is_set(&error) != 0 else { return .failed(fallback) }
        let name = error.name.map { String(cString: $0) } ?? failedName
        let message = error.message.map { String(cString: $0) } ?? ""
        return DBusError(name: name, message: message)
    }
}
