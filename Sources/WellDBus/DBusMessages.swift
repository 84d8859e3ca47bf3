/// An incoming method call on an object exported with ``DBusConnection/exportObject(path:methods:introspectionXML:handler:)``.
public struct DBusMethodCall: Sendable {
    /// The caller's unique bus name (stamped by the bus daemon, so it can be trusted).
    public var sender: String?
    /// The object path that was called.
    public var path: String
    /// The interface named by the caller (D-Bus allows calls without one).
    public var interface: String?
    /// The method name.
    public var member: String
    /// The signature of ``arguments``.
    public var signature: String
    /// The arguments, already checked against the declared input signature.
    public var arguments: [DBusValue]

    public init(sender: String?, path: String, interface: String?, member: String, signature: String, arguments: [DBusValue]) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.signature = signature
        self.arguments = arguments
    }
}

/// What a method handler answers.
public enum DBusMethodResult: Sendable, Equatable {
    /// A method return with these values.
    case reply([DBusValue])
    /// An error reply (`name` must be a valid D-Bus error name).
    case error(name: String, message: String)

    /// An error reply from a ``DBusError``.
    public static func error(_ error: DBusError) -> DBusMethodResult {
        .error(name: error.name, message: error.message)
    }
}

/// A method an exported object implements, used to route calls and to reject wrong
/// argument types with `org.freedesktop.DBus.Error.InvalidArgs` before the handler runs.
public struct DBusMethod: Sendable, Hashable {
    public var interface: String
    public var name: String
    /// Input signature (concatenated argument types, "" for none).
    public var inputSignature: String
    /// Output signature; a handler reply that does not match is turned into a `Failed` error.
    public var outputSignature: String

    public init(interface: String, name: String, inputSignature: String = "", outputSignature: String = "") {
        self.interface = interface
        self.name = name
        self.inputSignature = inputSignature
        self.outputSignature = outputSignature
    }
}

/// A signal received on the connection (broadcasts that matched a rule added with
/// ``DBusConnection/addMatch(_:)``, and unicast signals addressed to us, which the bus
/// delivers regardless of match rules).
public struct DBusSignal: Sendable, Equatable {
    /// The sender's unique bus name as stamped by the bus daemon (`org.freedesktop.DBus`
    /// for the daemon's own signals). Compare this, never a name in the payload.
    public var sender: String?
    /// The destination, set for unicast signals.
    public var destination: String?
    public var path: String
    public var interface: String
    public var member: String
    public var signature: String
    public var arguments: [DBusValue]

    public init(
        sender: String?, destination: String?, path: String, interface: String, member: String,
        signature: String, arguments: [DBusValue]
    ) {
        self.sender = sender
        self.destination = destination
        self.path = path
        self.interface = interface
        self.member = member
        self.signature = signature
        self.arguments = arguments
    }
}

/// A method return together with the unique name of the connection that sent it.
public struct DBusReply: Sendable, Equatable {
    /// Unique name of the replying connection (the current owner of the name that was called).
    public var sender: String?
    public var arguments: [DBusValue]
}

/// Flags for `RequestName` (D-Bus specification).
public struct DBusNameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let allowReplacement = DBusNameFlags(rawValue: 0x1)
    public static let replaceExisting = DBusNameFlags(rawValue: 0x2)
    public static let doNotQueue = DBusNameFlags(rawValue: 0x4)
}

/// The answer to `RequestName`.
public enum DBusRequestNameReply: UInt32, Sendable {
    case primaryOwner = 1
    case inQueue = 2
    case exists = 3
    case alreadyOwner = 4
}

/// The answer to `ReleaseName`.
public enum DBusReleaseNameReply: UInt32, Sendable {
    case released = 1
    case nonExistent = 2
    case notOwner = 3
}

/// Why a connection ended.
public enum DBusDisconnectReason: Sendable, Equatable {
    /// ``DBusConnection/close()`` was called.
    case closed
    /// The bus went away (daemon died, socket closed) — an agent should exit non-zero.
    case lost
}
