#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellNumbers

/// Everything the client needs to reach a server and log an agent in, as a value.
///
/// Keys mirror `config.toml` (the README's Configuration section); times are `Duration`s. TLS certificate
/// verification is always on; ``Server/caFile`` only adds a trusted CA.
public struct WellClientConfiguration: Sendable {
    /// Where the CTI server lives.
    public var server: Server
    /// Who logs in, and how.
    public var agent: Agent
    /// Number rules for `makeCall` (plus prefix, internal pattern, outside prefix).
    public var dialPlan: DialPlan
    /// Answer inbound ringing on this device automatically (never outbound, consult or recovered calls).
    public var autoAnswer: Bool
    /// Limit for every HTTP request (TPI login and CSTA REST).
    public var requestTimeout: Duration
    /// Limit for opening the WebSocket and receiving STOMP `CONNECTED`.
    public var connectTimeout: Duration
    /// How long `login()` waits for `agentLoggedOn` after the Login request was accepted.
    public var loginEventTimeout: Duration
    /// Interval of the agent heartbeat (`POST /api/csta/agent/heartbeat/{agentId}`).
    public var heartbeatInterval: Duration
    /// STOMP heart-beat period offered in `CONNECT` (both directions).
    public var stompHeartBeat: Duration
    /// How a dropped event channel is re-established.
    public var reconnect: ReconnectPolicy
    /// Minimum time between two accepted `makeCall`s (the seed's 2 s guard).
    public var dialGuardInterval: Duration
    /// Level of the client's own log messages (`onLog` and the `Logger`).
    public var logLevel: Logger.Level

    /// Creates a configuration; only the server and the agent have no default.
    public init(
        server: Server,
        agent: Agent,
        dialPlan: DialPlan = .standard,
        autoAnswer: Bool = false,
        requestTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(10),
        loginEventTimeout: Duration = .seconds(10),
        heartbeatInterval: Duration = .seconds(60),
        stompHeartBeat: Duration = .seconds(10),
        reconnect: ReconnectPolicy = .default,
        dialGuardInterval: Duration = .seconds(2),
        logLevel: Logger.Level = .info
    ) {
        self.server = server
        self.agent = agent
        self.dialPlan = dialPlan
        self.autoAnswer = autoAnswer
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.loginEventTimeout = loginEventTimeout
        self.heartbeatInterval = heartbeatInterval
        self.stompHeartBeat = stompHeartBeat
        self.reconnect = reconnect
        self.dialGuardInterval = dialGuardInterval
        self.logLevel = logLevel
    }
}

extension WellClientConfiguration {
    /// Server addresses (`[server]` in `config.toml`).
    public struct Server: Sendable, Equatable {
        /// CSTA REST base, e.g. `https://sdk.example.cc:5088` (may carry a path prefix).
        public var url: URL
        /// TPI login URL; `nil` = `url + "/login"`.
        public var tpiURL: URL?
        /// Event WebSocket URL; `nil` = `ws(s)://host:port[/prefix]/mvc/stomp/websocket`.
        public var wsURL: URL?
        /// Which STOMP destination the client subscribes to.
        public var topic: TopicStyle
        /// Extra trusted CA certificate (PEM file); verification stays on.
        public var caFile: String?

        /// Creates the server part; only `url` is required.
        public init(url: URL, tpiURL: URL? = nil, wsURL: URL? = nil, topic: TopicStyle = .agent, caFile: String? = nil) {
            self.url = url
            self.tpiURL = tpiURL
            self.wsURL = wsURL
            self.topic = topic
            self.caFile = caFile
        }

        /// The TPI login URL actually used.
        public var resolvedTPIURL: URL {
            self.tpiURL ?? self.url.appendingPathComponent("login")
        }

        /// The event WebSocket URL actually used.
        public var resolvedWebSocketURL: URL {
            if let wsURL = self.wsURL { return wsURL }
            var components = URLComponents(url: self.url, resolvingAgainstBaseURL: false) ?? URLComponents()
            components.scheme = (self.url.scheme?.lowercased() == "https") ? "wss" : "ws"
            let prefix = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
            components.path = prefix + "/mvc/stomp/websocket"
            components.query = nil
            return components.url ?? self.url
        }
    }

    /// The STOMP destination style.
    public enum TopicStyle: String, Sendable, Equatable, CaseIterable {
        /// `/topic/event.agent.*.{agentId with . replaced by _}` (1.3.7).
        case agent
        /// `/topic/csta/agent/{agentId}` (the seed).
        case legacy

        /// The destination for `agentId` (`5001@demo.cc`).
        public func destination(agentId: String) -> String {
            switch self {
            case .agent: "/topic/event.agent.*." + agentId.replacing(".", with: "_")
            case .legacy: "/topic/csta/agent/" + agentId
            }
        }
    }

    /// The agent identity (`[agent]` in `config.toml`).
    public struct Agent: Sendable, Equatable, CustomStringConvertible {
        /// Job number, e.g. `5001`.
        public var jobNumber: String
        /// Tenant domain / namespace, e.g. `demo.cc`.
        public var domain: String
        /// Extension number, e.g. `8001`.
        public var extensionNumber: String
        /// The password (never logged; ``description`` masks it).
        public var password: String
        /// What to do when the server says the agent is logged in elsewhere (454/455).
        public var loginMode: LoginMode
        /// Agent mode requested at login.
        public var initialMode: AgentMode
        /// On ``WellClient/shutdown()``, keep the server-side login (for recovery).
        public var stayLoggedIn: Bool

        /// Creates the agent part.
        public init(
            jobNumber: String,
            domain: String,
            extensionNumber: String,
            password: String,
            loginMode: LoginMode = .force,
            initialMode: AgentMode = .notReady,
            stayLoggedIn: Bool = false
        ) {
            self.jobNumber = jobNumber
            self.domain = domain
            self.extensionNumber = extensionNumber
            self.password = password
            self.loginMode = loginMode
            self.initialMode = initialMode
            self.stayLoggedIn = stayLoggedIn
        }

        /// `jobNumber@domain`.
        public var agentId: String { "\(self.jobNumber)@\(self.domain)" }
        /// `extension@domain`.
        public var deviceId: String { "\(self.extensionNumber)@\(self.domain)" }

        /// A printable form without the password.
        public var description: String {
            "Agent(\(self.agentId), device \(self.deviceId), loginMode \(self.loginMode.rawValue), password \(self.password.isEmpty ? "unset" : "***"))"
        }
    }

    /// What login does when the agent is already logged in elsewhere (HTTP 454 / 455).
    public enum LoginMode: String, Sendable, Equatable, CaseIterable, Codable {
        /// Ask a caller-supplied decision (``WellClient/login(decide:)``).
        case ask
        /// Log the stale session out and retry once.
        case force
        /// Give up with the error.
        case stop
    }

    /// The agent modes a client may request.
    public enum AgentMode: String, Sendable, Equatable, CaseIterable, Codable {
        /// Ready for calls.
        case ready = "Ready"
        /// Not ready (busy, break…).
        case notReady = "NotReady"
    }
}
