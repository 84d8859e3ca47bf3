import WellDBus
/// What ``DesktopNotifier/events`` reports. Action and close events have passed the sender
/// and id checks (see ``DesktopNotifier``).
public enum NotificationEvent: Sendable, Equatable {
    /// The user chose an action (or clicked the body: key `default`).
    case actionInvoked(id: UInt32, key: String)
    /// The server closed one of our notifications.
    case closed(id: UInt32, reason: NotificationCloseReason)
    /// A notification server now owns `org.freedesktop.Notifications` (at start or after a restart).
    case serverAppeared
    /// The notification server went away; every notification id we held is forgotten.
    case serverVanished
}

/// The `reason` of `NotificationClosed`.
public enum NotificationCloseReason: Sendable, Equatable {
    case expired
    case dismissed
    case closedByCall
    case undefined
    case other(UInt32)

    public init(rawValue: UInt32) {
        switch rawValue {
        case 1: self = .expired
        case 2: self = .dismissed
        case 3: self = .closedByCall
        case 4: self = .undefined
        default: self = .other(rawValue)
        }
    }
}

/// Why a notification could not be shown or closed. Callers log it once and carry on:
/// notifications are never required for the call flow.
public enum NotificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nobody owns `org.freedesktop.Notifications` and none can be activated.
    case noServer
    /// The server answered with an error (or not at all: `NoReply`).
    case serverError(DBusError)
    /// The server answered id 0 ("not shown", e.g. dunst discarding it).
    case notShown
    /// The request cannot be marshalled (e.g. a string holding NUL).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .noServer: "no notification server on the session bus"
        case .serverError(let error): "notification server error: \(error)"
        case .notShown: "the notification server did not show the notification"
        case .invalidRequest(let why): "invalid notification: \(why)"
        }
    }
}

/// `GetServerInformation`.
public struct NotificationServerInformation: Sendable, Equatable {
    public var name: String
    public var vendor: String
    public var version: String
    public var specVersion: String

    public init(name: String, vendor: String, version: String, specVersion: String) {
        self.name = name
        self.vendor = vendor
        self.version = version
        self.specVersion = specVersion
    }
}
