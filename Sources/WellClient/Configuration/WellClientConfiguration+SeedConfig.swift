#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellProtocol
import WellNumbers

extension WellClientConfiguration {
    /// What a key of the seed's `setConfig(conf)` means for this client (docs/protocol.md §2.2).
    public enum SeedConfigMeaning: String, Sendable, Equatable, CaseIterable {
        /// Sets ``WellClientConfiguration/logLevel`` (`debug`, `useWsLog`).
        case logLevel
        /// Builds the server URLs (`protocol`, `SDK`, `cstaPort`, `TPI`, …).
        case server
        /// Sets a field of ``WellClientConfiguration/agent`` (`loginMode`, `agentMode`).
        case agent
        /// Sets ``WellClientConfiguration/autoAnswer``.
        case autoAnswer
        /// Sets ``WellClientConfiguration/reconnect`` (`timeout`, `maxReconnectTimes`).
        case reconnect
        /// Sets ``WellClientConfiguration/heartbeatInterval`` (`heartbeatLength`, ms).
        case heartbeat
        /// Sets the dial plan's internal pattern (`innerDeviceReg`).
        case dialPlan
        /// Browser page decoration (`hideButton`, `clickCallClass`, alert switches): checked
        /// for its type, and means nothing outside a browser.
        case browserOnly
    }

    /// Every seed `setConfig` key this client accepts, with its meaning. Any other key is an error.
    public static var seedConfigKeys: [String: SeedConfigMeaning] {
        SeedConfigKey.table.mapValues(\.meaning)
    }

    /// This configuration with the seed's `setConfig` keys applied, as one step: every key is
    /// checked first, and an unknown key or an invalid value throws
    /// ``WellClientError/Kind/invalidConfiguration`` naming the key (never quoting the value);
    /// nothing is applied then.
    ///
    /// Unlike the seed's one-way setters (`debug` only settable to false, …) every value works
    /// both ways. Log keys: `debug: true` makes the level at least `.debug`, `false` at most
    /// `.info`; then `useWsLog: true` (STOMP frames) makes it `.trace`, `false` at most `.debug`.
    /// Server keys rebuild the URLs from their parts (`protocol` + `SDK` + `cstaPort` +
    /// `cstaBasePath` without its `/api/csta`; `wsProtocol` + `SDK` + `eventPort` + `eventBasePath`
    /// + `/websocket`; `TPI` is `host[:port]/path`); an empty port means none.
    public func applying(seedConfig: [String: JSONValue]) throws(WellClientError) -> WellClientConfiguration {
        var settings = SeedSettings()
        for key in seedConfig.keys.sorted() {
            guard let entry = SeedConfigKey.table[key] else {
                throw .invalidConfiguration(key: key, "not a setConfig key this client knows")
            }
            try entry.read(&settings, seedConfig[key]!, key)
        }
        return try settings.apply(to: self)
    }
}

/// One row of the seed key table: its meaning and how its value is read.
struct SeedConfigKey: Sendable {
    typealias Reader = @Sendable (inout SeedSettings, JSONValue, String) throws(WellClientError) -> Void

    let meaning: WellClientConfiguration.SeedConfigMeaning
    let read: Reader

    init(_ meaning: WellClientConfiguration.SeedConfigMeaning, _ read: @escaping Reader) {
        self.meaning = meaning
        self.read = read
    }

    /// The one table of seed keys.
    static let table: [String: SeedConfigKey] = [
        "debug": .init(.logLevel) { s, v, k throws(WellClientError) in s.debug = try bool(v, k) },
        "useWsLog": .init(.logLevel) { s, v, k throws(WellClientError) in s.useWsLog = try bool(v, k) },
        "autoAnswer": .init(.autoAnswer) { s, v, k throws(WellClientError) in s.autoAnswer = try bool(v, k) },
        "loginMode": .init(.agent) { s, v, k throws(WellClientError) in
            guard let mode = WellClientConfiguration.LoginMode(rawValue: try string(v, k)) else {
                throw .invalidConfiguration(key: k, "must be force, ask or stop")
            }
            s.loginMode = mode
        },
        "agentMode": .init(.agent) { s, v, k throws(WellClientError) in
            guard let mode = WellClientConfiguration.AgentMode(rawValue: try string(v, k)) else {
                throw .invalidConfiguration(key: k, "must be Ready or NotReady")
            }
            s.agentMode = mode
        },
        "protocol": .init(.server) { s, v, k throws(WellClientError) in s.scheme = try scheme(v, k, allowed: ["http", "https"]) },
        "wsProtocol": .init(.server) { s, v, k throws(WellClientError) in s.wsScheme = try scheme(v, k, allowed: ["ws", "wss"]) },
        "SDK": .init(.server) { s, v, k throws(WellClientError) in s.host = try host(v, k) },
        "cstaPort": .init(.server) { s, v, k throws(WellClientError) in s.cstaPort = .some(try port(v, k)) },
        "eventPort": .init(.server) { s, v, k throws(WellClientError) in s.eventPort = .some(try port(v, k)) },
        "cstaBasePath": .init(.server) { s, v, k throws(WellClientError) in
            let path = try string(v, k)
            guard path.isEmpty || (path.hasPrefix("/") && path.hasSuffix("/api/csta")) else {
                throw .invalidConfiguration(key: k, "must be empty or a path ending in /api/csta")
            }
            s.restPrefix = path.isEmpty ? "" : String(path.dropLast("/api/csta".count))
        },
        "eventBasePath": .init(.server) { s, v, k throws(WellClientError) in
            let path = try string(v, k)
            guard path.hasPrefix("/"), !path.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace }) else {
                throw .invalidConfiguration(key: k, "must be a path starting with /")
            }
            s.eventBasePath = path.hasSuffix("/") ? String(path.dropLast()) : path
        },
        "TPI": .init(.server) { s, v, k throws(WellClientError) in s.tpi = try string(v, k) },
        "timeout": .init(.reconnect) { s, v, k throws(WellClientError) in
            guard let seconds = v.numberValue, seconds > 0, seconds <= 3600 else {
                throw .invalidConfiguration(key: k, "must be a number of seconds between 0 and 3600")
            }
            s.reconnectDelay = .milliseconds(Int64((seconds * 1000).rounded()))
        },
        "maxReconnectTimes": .init(.reconnect) { s, v, k throws(WellClientError) in
            guard let times = v.numberValue, times >= 0, times <= 1_000_000, times == times.rounded() else {
                throw .invalidConfiguration(key: k, "must be a whole number of attempts (0 or more)")
            }
            s.maxReconnectTimes = Int(times)
        },
        "heartbeatLength": .init(.heartbeat) { s, v, k throws(WellClientError) in
            guard let ms = v.numberValue, ms >= 1000, ms <= 3_600_000 else {
                throw .invalidConfiguration(key: k, "must be milliseconds between 1000 and 3600000")
            }
            s.heartbeat = .milliseconds(Int64(ms.rounded()))
        },
        "innerDeviceReg": .init(.dialPlan) { s, v, k throws(WellClientError) in
            let pattern = try string(v, k)
            guard !pattern.isEmpty, (try? Regex(pattern)) != nil else {
                throw .invalidConfiguration(key: k, "must be a regular expression")
            }
            s.internalPattern = pattern
        },
        "hideButton": .init(.browserOnly) { _, v, k throws(WellClientError) in
            guard let ids = v.arrayValue, ids.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidConfiguration(key: k, "must be an array of button ids")
            }
        },
        "clickCallClass": .init(.browserOnly) { _, v, k throws(WellClientError) in _ = try string(v, k) },
        "useErrorAlert": .init(.browserOnly) { _, v, k throws(WellClientError) in _ = try bool(v, k) },
        "enableAlert": .init(.browserOnly) { _, v, k throws(WellClientError) in _ = try bool(v, k) },
    ]

    static func bool(_ value: JSONValue, _ key: String) throws(WellClientError) -> Bool {
        guard case .bool(let flag) = value else { throw .invalidConfiguration(key: key, "must be true or false") }
        return flag
    }

    static func string(_ value: JSONValue, _ key: String) throws(WellClientError) -> String {
        guard case .string(let text) = value else { throw .invalidConfiguration(key: key, "must be a string") }
        return text
    }

    /// `https://`, `https:` or `https` → `https`, when allowed.
    static func scheme(_ value: JSONValue, _ key: String, allowed: Set<String>) throws(WellClientError) -> String {
        var text = try string(value, key).lowercased()
        if text.hasSuffix("://") { text.removeLast(3) } else if text.hasSuffix(":") { text.removeLast() }
        guard allowed.contains(text) else {
            throw .invalidConfiguration(key: key, "must be one of \(allowed.sorted().map { $0 + "://" }.joined(separator: ", "))")
        }
        return text
    }

    /// A host name or address, without scheme, port or path.
    static func host(_ value: JSONValue, _ key: String) throws(WellClientError) -> String {
        let text = try string(value, key)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        guard !text.isEmpty, text.count <= 253, text.allSatisfy(allowed.contains), !text.hasPrefix("."), !text.hasPrefix("-") else {
            throw .invalidConfiguration(key: key, "must be a host name without scheme, port or path")
        }
        return text
    }

    /// `""` (no port), `":5088"`, `"5088"` or `5088`.
    static func port(_ value: JSONValue, _ key: String) throws(WellClientError) -> Int? {
        let text: String
        switch value {
        case .string(let s): text = s.hasPrefix(":") ? String(s.dropFirst()) : s
        case .number(let n) where n == n.rounded() && abs(n) < 1e6: text = String(Int(n))
        default: throw .invalidConfiguration(key: key, "must be a port number, \":port\" or empty")
        }
        if text.isEmpty { return nil }
        guard text.count <= 5, text.allSatisfy(\.isASCIIDigit), let port = Int(text), (1...65535).contains(port) else {
            throw .invalidConfiguration(key: key, "must be a port number between 1 and 65535, \":port\" or empty")
        }
        return port
    }
}

/// The values read from a seed configuration, before they are applied together.
struct SeedSettings: Sendable {
    var debug: Bool?
    var useWsLog: Bool?
    var autoAnswer: Bool?
    var loginMode: WellClientConfiguration.LoginMode?
    var agentMode: WellClientConfiguration.AgentMode?
    var scheme: String?
    var wsScheme: String?
    var host: String?
    /// `.some(nil)` = explicitly no port.
    var cstaPort: Int??
    var eventPort: Int??
    var restPrefix: String?
    var eventBasePath: String?
    var tpi: String?
    var reconnectDelay: Duration?
    var maxReconnectTimes: Int?
    var heartbeat: Duration?
    var internalPattern: String?

    func apply(to base: WellClientConfiguration) throws(WellClientError) -> WellClientConfiguration {
        var config = base
        if let debug { config.logLevel = debug ? min(config.logLevel, .debug) : max(config.logLevel, .info) }
        if let useWsLog { config.logLevel = useWsLog ? .trace : max(config.logLevel, .debug) }
        if let autoAnswer { config.autoAnswer = autoAnswer }
        if let loginMode { config.agent.loginMode = loginMode }
        if let agentMode { config.agent.initialMode = agentMode }
        if let reconnectDelay {
            config.reconnect.initialDelay = reconnectDelay
            config.reconnect.maxDelay = max(config.reconnect.maxDelay, reconnectDelay)
        }
        if let maxReconnectTimes { config.reconnect.maxAttempts = maxReconnectTimes }
        if let heartbeat { config.heartbeatInterval = heartbeat }
        if let internalPattern {
            do {
                config.dialPlan = try DialPlan(
                    plusPrefix: config.dialPlan.plusPrefix, outsidePrefix: config.dialPlan.outsidePrefix,
                    internalPattern: internalPattern)
            } catch {
                throw .invalidConfiguration(key: "innerDeviceReg", "is not a usable internal-number pattern")
            }
        }
        try self.applyServer(to: &config.server)
        return config
    }

    private func applyServer(to server: inout WellClientConfiguration.Server) throws(WellClientError) {
        if self.scheme != nil || self.host != nil || self.cstaPort != nil || self.restPrefix != nil {
            var rest = URLComponents(url: server.url, resolvingAgainstBaseURL: false) ?? URLComponents()
            if let scheme { rest.scheme = scheme }
            if let host { rest.host = host }
            if let cstaPort { rest.port = cstaPort }
            if let restPrefix { rest.path = restPrefix }
            guard let url = rest.url, url.host?.isEmpty == false else {
                throw .invalidConfiguration(key: self.host == nil ? "SDK" : "protocol", "does not make a server URL with the other keys")
            }
            server.url = url
        }
        if self.wsScheme != nil || self.eventPort != nil || self.eventBasePath != nil || (self.host != nil && server.wsURL != nil) {
            var ws = URLComponents()
            ws.scheme = self.wsScheme ?? (server.url.scheme?.lowercased() == "https" ? "wss" : "ws")
            ws.host = server.url.host
            ws.port = self.eventPort ?? server.url.port
            ws.path = (self.eventBasePath ?? "/mvc/stomp") + "/websocket"
            guard let url = ws.url else { throw .invalidConfiguration(key: "eventBasePath", "does not make a WebSocket URL with the other keys") }
            server.wsURL = url
        }
        if let tpi {
            let scheme = server.url.scheme ?? "https"
            let text = tpi.contains("://") ? tpi : "\(scheme)://\(tpi)"
            guard !tpi.isEmpty, !tpi.contains(where: \.isWhitespace), let url = URL(string: text),
                ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false
            else {
                throw .invalidConfiguration(key: "TPI", "must be host[:port]/path (or an http(s) URL)")
            }
            server.tpiURL = url
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self.isASCII && self.isNumber }
}

extension JSONValue {
    fileprivate var numberValue: Double? {
        if case .number(let n) = self, n.isFinite { return n }
        return nil
    }
}
