/// The security rules of the panel's server, in one place, as a pure decision on the facts of
/// one request (the middleware ``PanelGuardMiddleware`` applies it to every request).
///
/// Every local user can reach a loopback port, and any web page the user opens can make the
/// browser send requests to it, so:
/// 1. **Host**: the `Host` header must be `127.0.0.1:PORT` or `localhost:PORT`. A page on a
///    rebound DNS name (its name now resolving to 127.0.0.1) sends its own name: refused (403).
/// 2. **Origin**: a request that changes something (any method but GET and HEAD) and the
///    WebSocket upgrade must carry `Origin: http://127.0.0.1:PORT` or `http://localhost:PORT`
///    (403 otherwise, a missing Origin too). No CORS header is ever sent, so a foreign page
///    cannot read an answer either.
/// 3. **Token**: everything under `/api/` (the state, the operations, the live WebSocket) needs
///    the run's random ``PanelToken``: `Authorization: Bearer TOKEN`, or for the WebSocket,
///    which a browser cannot give headers, the `token` query parameter (401 otherwise). The
///    token travels in the URL's fragment, which browsers never send; a cookie would be sent
///    to every server on 127.0.0.1, whatever its port, so none is used.
///
/// The page itself (HTML, script, style) carries no state and is served without the token.
public struct PanelGuard: Sendable {
    /// The run's token.
    public let token: PanelToken
    /// The port the server listens on.
    public let port: Int

    /// A guard for a server on `port` with `token`.
    public init(token: PanelToken, port: Int) {
        self.token = token
        self.port = port
    }

    /// What the guard looks at in a request.
    public struct Facts: Sendable {
        /// `GET`, `POST`, …
        public var method: String
        /// The path without the query.
        public var path: String
        /// The `Host` header (HTTP/1.1's authority).
        public var host: String?
        /// The `Origin` header.
        public var origin: String?
        /// The `Authorization` header.
        public var authorization: String?
        /// The `token` query parameter.
        public var queryToken: String?
        /// Whether the request asks for a WebSocket upgrade.
        public var isWebSocketUpgrade: Bool

        /// The facts of one request.
        public init(
            method: String, path: String, host: String?, origin: String? = nil, authorization: String? = nil, queryToken: String? = nil,
            isWebSocketUpgrade: Bool = false
        ) {
            self.method = method
            self.path = path
            self.host = host
            self.origin = origin
            self.authorization = authorization
            self.queryToken = queryToken
            self.isWebSocketUpgrade = isWebSocketUpgrade
        }
    }

    /// The guard's decision.
    public enum Verdict: Sendable, Equatable {
        /// Serve the request.
        case allow
        /// Answer `status` with `reason` (and nothing else).
        case deny(status: Int, reason: String)
    }

    /// The `Host` values accepted.
    public var hosts: Set<String> { ["127.0.0.1:\(port)", "localhost:\(port)"] }
    /// The `Origin` values accepted.
    public var origins: Set<String> { Set(hosts.map { "http://" + $0 }) }

    /// Whether `path` reads or changes the agent's state (needs the token).
    public static func needsToken(_ path: String) -> Bool { path == "/api" || path.hasPrefix("/api/") }

    /// Decides on one request.
    public func verdict(_ facts: Facts) -> Verdict {
        guard let host = facts.host, hosts.contains(host.lowercased()) else {
            return .deny(status: 403, reason: "this server answers only to 127.0.0.1:\(port) and localhost:\(port)")
        }
        let changes = !(facts.method == "GET" || facts.method == "HEAD") || facts.isWebSocketUpgrade
        if changes {
            guard let origin = facts.origin, origins.contains(origin.lowercased()) else {
                return .deny(status: 403, reason: "requests from another origin are refused")
            }
        }
        if Self.needsToken(facts.path) {
            let given = facts.isWebSocketUpgrade ? facts.queryToken : Self.bearer(facts.authorization)
            guard token.matches(given) else { return .deny(status: 401, reason: "the panel's token is missing or wrong; open the panel with `wellclient panel`") }
        }
        return .allow
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearer(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        return String(header.dropFirst(7))
    }

    /// The headers every answer carries: a strict Content-Security-Policy (the page's own
    /// script, style and WebSocket, nothing inline, no frames, no forms elsewhere), no sniffing,
    /// no referrer, no caching, no framing.
    public static let securityHeaders: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}
