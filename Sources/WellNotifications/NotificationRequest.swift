import WellDBus
/// What to show in one desktop notification (Desktop Notifications Specification 1.2, `Notify`).
public struct NotificationRequest: Sendable, Equatable {
    /// One button: `key` comes back in ``NotificationEvent/actionInvoked(id:key:)``;
    /// `label` is shown. The key `default` is the click on the notification body.
    public struct Action: Sendable, Equatable {
        public var key: String
        public var label: String
        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    /// The `urgency` hint (sent as a BYTE).
    public enum Urgency: UInt8, Sendable {
        case low = 0
        case normal = 1
        case critical = 2
    }

    /// The `expire_timeout` argument.
    public enum Expiry: Sendable, Equatable {
        /// The server decides (-1).
        case serverDefault
        /// Never expires (0).
        case never
        /// Expires after this many milliseconds (clamped to 1…Int32.max).
        case milliseconds(Int)

        var wireValue: Int32 {
            switch self {
            case .serverDefault: -1
            case .never: 0
            case .milliseconds(let ms): Int32(clamping: max(1, ms))
            }
        }
    }

    public var summary: String
    /// Plain text; escaped for servers that announce `body-markup`.
    public var body: String
    /// Icon name or `file://` URI ("" for none).
    public var appIcon: String
    public var actions: [Action]
    public var urgency: Urgency?
    /// `category`, e.g. `call.incoming`.
    public var category: String?
    /// `resident`: stays after an action is invoked until closed.
    public var resident: Bool?
    /// `transient`: bypasses the server's persistence.
    public var transient: Bool?
    /// `sound-name`, e.g. `phone-incoming-call`.
    public var soundName: String?
    /// `desktop-entry`: the desktop file name without `.desktop`.
    public var desktopEntry: String?
    public var expiry: Expiry
    /// Further hints, sent as given (each wrapped in a variant); the typed fields above win.
    public var extraHints: [String: DBusValue]

    public init(
        summary: String, body: String = "", appIcon: String = "", actions: [Action] = [],
        urgency: Urgency? = nil, category: String? = nil, resident: Bool? = nil, transient: Bool? = nil,
        soundName: String? = nil, desktopEntry: String? = nil, expiry: Expiry = .serverDefault,
        extraHints: [String: DBusValue] = [:]
    ) {
        self.summary = summary
        self.body = body
        self.appIcon = appIcon
        self.actions = actions
        self.urgency = urgency
        self.category = category
        self.resident = resident
        self.transient = transient
        self.soundName = soundName
        self.desktopEntry = desktopEntry
        self.expiry = expiry
        self.extraHints = extraHints
    }

    /// The `hints` dictionary as sent.
    public var hints: [String: DBusValue] {
        var hints = extraHints
        if let urgency { hints["urgency"] = .byte(urgency.rawValue) }
        if let category { hints["category"] = .string(category) }
        if let resident { hints["resident"] = .bool(resident) }
        if let transient { hints["transient"] = .bool(transient) }
        if let soundName { hints["sound-name"] = .string(soundName) }
        if let desktopEntry { hints["desktop-entry"] = .string(desktopEntry) }
        return hints
    }

    /// Escapes the five XML-special characters (for servers with `body-markup`).
    static func escapeMarkup(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
