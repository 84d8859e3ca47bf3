import Testing
import WellPanel

/// The security rules as decisions on the facts of one request.
@Suite("Panel guard: Host, Origin, token")
struct PanelGuardTests {
    let token = PanelToken()
    var guardian: PanelGuard { PanelGuard(token: token, port: 4711) }

    @Test("a token is 64 hex digits, new on every start, and matches only itself")
    func tokens() {
        let other = PanelToken()
        #expect(token.text.count == 64)
        #expect(token.text.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(token != other)
        #expect(token.matches(token.text))
        #expect(!token.matches(other.text))
        #expect(!token.matches(String(token.text.dropLast())))
        #expect(!token.matches(token.text + "0"))
        #expect(!token.matches(""))
        #expect(!token.matches(nil))
        #expect(!"\(token)".contains(token.text))
    }

    @Test("Host must be 127.0.0.1:PORT or localhost:PORT, on every path")
    func host() {
        for host in ["127.0.0.1:4711", "localhost:4711", "LOCALHOST:4711"] {
            #expect(guardian.verdict(.init(method: "GET", path: "/", host: host)) == .allow, "\(host)")
        }
        for host in [nil, "", "evil.example:4711", "127.0.0.1", "127.0.0.1:4712", "localhost", "[::1]:4711", "127.0.0.1:4711.evil.example"] {
            let verdict = guardian.verdict(.init(method: "GET", path: "/", host: host, authorization: "Bearer " + token.text))
            guard case .deny(403, _) = verdict else {
                Issue.record("Host \(host ?? "nil") was not refused: \(verdict)")
                continue
            }
        }
    }

    @Test("the state needs the token, in the Authorization header (or the query, for the WebSocket only)")
    func tokenRule() {
        let host = "127.0.0.1:4711"
        #expect(guardian.verdict(.init(method: "GET", path: "/api/state", host: host, authorization: "Bearer " + token.text)) == .allow)
        for authorization in [nil, "Bearer ", "Bearer " + PanelToken().text, token.text, "Basic " + token.text] {
            guard case .deny(401, _) = guardian.verdict(.init(method: "GET", path: "/api/state", host: host, authorization: authorization)) else {
                Issue.record("\(authorization ?? "nil") was let through")
                continue
            }
        }
        // The query parameter counts for the WebSocket alone.
        guard case .deny(401, _) = guardian.verdict(.init(method: "GET", path: "/api/state", host: host, queryToken: token.text)) else {
            Issue.record("a query token opened /api/state")
            return
        }
        let origin = "http://127.0.0.1:4711"
        #expect(
            guardian.verdict(.init(method: "GET", path: "/api/live", host: host, origin: origin, queryToken: token.text, isWebSocketUpgrade: true))
                == .allow)
        guard case .deny(401, _) = guardian.verdict(.init(method: "GET", path: "/api/live", host: host, origin: origin, isWebSocketUpgrade: true))
        else {
            Issue.record("a WebSocket without token was let through")
            return
        }
    }

    @Test("changes and the WebSocket need the panel's own Origin")
    func origin() {
        let host = "127.0.0.1:4711", bearer = "Bearer " + token.text
        for origin in ["http://127.0.0.1:4711", "http://localhost:4711"] {
            #expect(guardian.verdict(.init(method: "POST", path: "/api/action", host: host, origin: origin, authorization: bearer)) == .allow)
        }
        for origin in [nil, "null", "http://evil.example", "http://127.0.0.1:4712", "https://127.0.0.1:4711", "http://127.0.0.1"] {
            guard case .deny(403, _) = guardian.verdict(.init(method: "POST", path: "/api/action", host: host, origin: origin, authorization: bearer))
            else {
                Issue.record("POST from \(origin ?? "no origin") was let through")
                continue
            }
            guard
                case .deny(403, _) = guardian.verdict(
                    .init(method: "GET", path: "/api/live", host: host, origin: origin, queryToken: token.text, isWebSocketUpgrade: true))
            else {
                Issue.record("a WebSocket from \(origin ?? "no origin") was let through")
                continue
            }
        }
    }
}
