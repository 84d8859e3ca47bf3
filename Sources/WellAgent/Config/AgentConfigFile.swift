import WellClient
import WellNumbers
import WellPanel

/// The user's config file, `$XDG_CONFIG_HOME/wellclient/config.toml` (schema: the README's
/// Configuration section).
///
/// Read it with ``load(from:)`` or ``parse(_:fileName:)``, write it with ``write(to:)`` (mode
/// 0600) or ``render()``. Every key has the default the README shows except `server.url`, which is required.
public struct AgentConfigFile: Sendable, Equatable {
    /// `[server]`: where the CTI server is.
    public struct Server: Sendable, Equatable {
        /// Which STOMP destination carries the agent's events.
        public enum Topic: String, Sendable, Equatable, CaseIterable {
            /// `/topic/event.agent.*.{loginId}` (1.3.7).
            case agent
            /// `/topic/csta/agent/{loginId}` (the seed's).
            case legacy
        }

        /// CSTA REST base URL, `http://` or `https://`. Required.
        public var url: String
        /// TPI login URL; `nil` = ``url`` + `/login`.
        public var tpiURL: String?
        /// WebSocket URL; `nil` = `ws(s)://host:port/mvc/stomp/websocket` from ``url``.
        public var wsURL: String?
        /// Event destination style.
        public var topic: Topic
        /// Extra trusted CA bundle (PEM); TLS verification is never turned off.
        public var caFile: String?

        /// Creates the table; only the URL is required.
        /// - Parameters:
        ///   - url: the CSTA REST base URL.
        ///   - tpiURL: TPI login URL, `nil` for the default.
        ///   - wsURL: WebSocket URL, `nil` for the default.
        ///   - topic: event destination style.
        ///   - caFile: extra CA bundle path.
        public init(url: String, tpiURL: String? = nil, wsURL: String? = nil, topic: Topic = .agent, caFile: String? = nil) {
            self.url = url
            self.tpiURL = tpiURL
            self.wsURL = wsURL
            self.topic = topic
            self.caFile = caFile
        }
    }

    /// `[agent]`: who logs in.
    public struct Agent: Sendable, Equatable {
        /// What to do when the agent is already logged in elsewhere.
        public enum LoginMode: String, Sendable, Equatable, CaseIterable {
            /// Take over the login.
            case force
            /// Ask through a Force/Cancel notification.
            case ask
            /// Give up.
            case stop
        }

        /// The agent mode right after login.
        public enum InitialMode: String, Sendable, Equatable, CaseIterable {
            /// Ready for calls.
            case ready = "Ready"
            /// Not ready.
            case notReady = "NotReady"
        }

        /// Agent id (工号), e.g. `5001`.
        public var jobNumber: String
        /// Tenant namespace, e.g. `demo.cc`.
        public var domain: String
        /// The agent's phone extension, e.g. `8001`.
        public var `extension`: String
        /// The password, when stored in the file (the file must then be 0600).
        public var password: String?
        /// A command whose first output line is the password (alternative to ``password``).
        public var passwordCommand: String?
        /// What to do on a login conflict.
        public var loginMode: LoginMode
        /// Mode after login.
        public var initialMode: InitialMode
        /// Keep the server-side login on exit (for recovery).
        public var stayLoggedIn: Bool
        /// The reasons offered for Not Ready (`["Break", "Lunch"]`), each sent as the `reason` of
        /// the state change; empty by default. Non-empty and distinct.
        public var notReadyReasons: [String]
        /// The tenant's wrap-up time in seconds (its after-call work length), 0 when not known.
        /// The server's event does not say how long after-call work lasts, so the tray can show
        /// the time left only when this is set.
        public var wrapUpSeconds: Int

        /// Creates the table with the defaults the README's Configuration section shows.
        /// - Parameters:
        ///   - jobNumber: agent id.
        ///   - domain: tenant namespace.
        ///   - extension: phone extension.
        ///   - password: stored password.
        ///   - passwordCommand: command printing the password.
        ///   - loginMode: login conflict behaviour.
        ///   - initialMode: mode after login.
        ///   - stayLoggedIn: keep the login on exit.
        ///   - notReadyReasons: the reasons offered for Not Ready.
        ///   - wrapUpSeconds: the tenant's after-call work length (0: not known).
        public init(
            jobNumber: String = "", domain: String = "", extension: String = "", password: String? = nil, passwordCommand: String? = nil,
            loginMode: LoginMode = .force, initialMode: InitialMode = .notReady, stayLoggedIn: Bool = false, notReadyReasons: [String] = [],
            wrapUpSeconds: Int = 0
        ) {
            self.jobNumber = jobNumber
            self.domain = domain
            self.extension = `extension`
            self.password = password
            self.passwordCommand = passwordCommand
            self.loginMode = loginMode
            self.initialMode = initialMode
            self.stayLoggedIn = stayLoggedIn
            self.notReadyReasons = notReadyReasons
            self.wrapUpSeconds = wrapUpSeconds
        }
    }

    /// `[calls]`: call behaviour.
    public struct Calls: Sendable, Equatable {
        /// Answer inbound ringing calls automatically (never outbound, consult or recovered ones).
        public var autoAnswer: Bool
        /// Ask through a Call/Cancel notification before dialling a `tel:` link.
        public var confirmDial: Bool
        /// Opened when a call is established; `{ani}` and `{callId}` are replaced.
        public var screenPopURL: String?

        /// Creates the table with the defaults (all off).
        /// - Parameters:
        ///   - autoAnswer: answer inbound calls.
        ///   - confirmDial: confirm before dialling.
        ///   - screenPopURL: URL template opened on established.
        public init(autoAnswer: Bool = false, confirmDial: Bool = false, screenPopURL: String? = nil) {
            self.autoAnswer = autoAnswer
            self.confirmDial = confirmDial
            self.screenPopURL = screenPopURL
        }
    }

    /// `[notifications]`.
    public struct Notifications: Sendable, Equatable {
        /// Raise desktop notifications.
        public var enabled: Bool
        /// Hint `sound-name=phone-incoming-call` on inbound ringing.
        public var sound: Bool

        /// Creates the table with the defaults (both on).
        /// - Parameters:
        ///   - enabled: raise notifications.
        ///   - sound: ask for a ring sound.
        public init(enabled: Bool = true, sound: Bool = true) {
            self.enabled = enabled
            self.sound = sound
        }
    }

    /// `[panel]`: the softphone panel.
    public struct Panel: Sendable, Equatable {
        /// The loopback port; 0 (the default) lets the system pick a free one.
        public var port: Int
        /// The controls not shown, by the seed's ids (`["sConf", "conf"]`).
        public var hideButton: [PanelControl]

        /// Creates the table with the defaults (a free port, every control shown).
        /// - Parameters:
        ///   - port: the loopback port, 0 = free.
        ///   - hideButton: the controls to hide.
        public init(port: Int = 0, hideButton: [PanelControl] = []) {
            self.port = port
            self.hideButton = hideButton
        }
    }

    /// `[history]`: the call history file (`$XDG_DATA_HOME/wellclient/history.sqlite`).
    public struct History: Sendable, Equatable {
        /// Record calls.
        public var enabled: Bool
        /// Ended calls older than this many days are pruned (at start and daily); at least 1.
        public var keepDays: Int
        /// At most this many ended calls are kept, the newest; at least 1.
        public var maxCalls: Int

        /// Creates the table with the defaults (on, 90 days, 10,000 calls).
        /// - Parameters:
        ///   - enabled: record calls.
        ///   - keepDays: days kept.
        ///   - maxCalls: calls kept.
        public init(enabled: Bool = true, keepDays: Int = 90, maxCalls: Int = 10_000) {
            self.enabled = enabled
            self.keepDays = keepDays
            self.maxCalls = maxCalls
        }
    }

    /// `[server]`.
    public var server: Server
    /// `[agent]`.
    public var agent: Agent
    /// `[dialPlan]`, validated.
    public var dialPlan: DialPlan
    /// `[calls]`.
    public var calls: Calls
    /// `[notifications]`.
    public var notifications: Notifications
    /// `[browser]`: the browser extension's sites and class.
    public var browser: BrowserSettings
    /// `[panel]`.
    public var panel: Panel
    /// `[history]`: the call history.
    public var history: History

    /// Creates a configuration; everything but the server has defaults.
    /// - Parameters:
    ///   - server: the `[server]` table.
    ///   - agent: the `[agent]` table.
    ///   - dialPlan: the `[dialPlan]` table.
    ///   - calls: the `[calls]` table.
    ///   - notifications: the `[notifications]` table.
    ///   - browser: the `[browser]` table.
    ///   - panel: the `[panel]` table.
    ///   - history: the `[history]` table.
    public init(
        server: Server, agent: Agent = Agent(), dialPlan: DialPlan = .standard, calls: Calls = Calls(),
        notifications: Notifications = Notifications(), browser: BrowserSettings = BrowserSettings(), panel: Panel = Panel(),
        history: History = History()
    ) {
        self.panel = panel
        self.server = server
        self.agent = agent
        self.dialPlan = dialPlan
        self.calls = calls
        self.notifications = notifications
        self.browser = browser
        self.history = history
    }

    /// The `[agent]` keys a login still needs (`agent.jobNumber`, …, `agent.password`), empty when complete.
    public var missingLoginKeys: [String] {
        var missing: [String] = []
        if self.agent.jobNumber.isEmpty { missing.append("agent.jobNumber") }
        if self.agent.domain.isEmpty { missing.append("agent.domain") }
        if self.agent.extension.isEmpty { missing.append("agent.extension") }
        if self.agent.password == nil && self.agent.passwordCommand == nil { missing.append("agent.password") }
        return missing
    }
}
