import DesktopTestSupport
import Foundation
import Synchronization
import Testing
import WellControl
import WellPanel
import WellProtocol

/// A backend that records what the server passed on: the server's rules are under test here
/// (the agent's own answers are tested with the real agent in WellAgentTests).
final class RecordingBackend: PanelBackend {
    let performed = Mutex<[String]>([])
    let secret = "agent-state-5001"

    func panelState() async -> JSONValue { ["agentId": .string(secret), "calls": []] }

    func perform(_ method: ControlMethod, _ arguments: [PanelArgument]) async -> PanelOutcome {
        let shown = arguments.map { argument -> String in
            switch argument {
            case .string(let text): text
            case .pairs(let pairs): pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            }
        }
        performed.withLock { $0.append(([method.name] + shown).joined(separator: " ")) }
        if method == .hangUp { return .failure(name: ControlInterface.ErrorName.noSuchCall, message: "there is no call") }
        return .success(method == .placeCall ? [.string("call-1"), .string("800112")] : [])
    }

    var log: [String] { performed.withLock { $0 } }
}

/// The panel's server over real loopback sockets, every header chosen by the test.
@Suite("Panel server: HTTP security rules")
struct PanelServerTests {
    /// Runs `body` with a started server; stops it afterwards.
    static func withServer(
        _ configuration: PanelConfiguration = PanelConfiguration(),
        _ body: (PanelServer, RecordingBackend, Int) async throws -> Void
    ) async throws {
        let backend = RecordingBackend()
        let server = PanelServer(configuration: configuration, backend: backend)
        let url = try await server.start()
        let port = try #require(server.port)
        #expect(url == "http://127.0.0.1:\(port)/#\(server.token.text)")
        do {
            try await body(server, backend, port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static let forbiddenHeaders = ["access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods", "set-cookie"]

    static func expectSecurityHeaders(_ reply: LoopbackHTTP.Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = reply.headers["content-security-policy"] ?? ""
        #expect(csp.contains("default-src 'none'"), "CSP: \(csp)", sourceLocation: sourceLocation)
        #expect(csp.contains("script-src 'self'"), sourceLocation: sourceLocation)
        #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), sourceLocation: sourceLocation)
        #expect(csp.contains("frame-ancestors 'none'"), sourceLocation: sourceLocation)
        #expect(reply.headers["x-content-type-options"] == "nosniff", sourceLocation: sourceLocation)
        for name in forbiddenHeaders {
            #expect(reply.headers[name] == nil, "\(name) sent: \(reply)", sourceLocation: sourceLocation)
        }
    }

    @Test("the page is served with a strict CSP and no state; its script is a file, nothing inline")
    func page() async throws {
        try await Self.withServer { _, backend, port in
            let host = ("Host", "127.0.0.1:\(port)")
            let page = try await LoopbackHTTP.request(port: port, "GET", "/", headers: [host])
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            Self.expectSecurityHeaders(page)
            for id in ["setMode", "number", "make", "answer", "hold", "sTran", "sConf", "ask", "conf", "dropCon", "logout", "login"] {
                #expect(page.body.contains("id=\"\(id)\""), "no #\(id) in the page")
            }
            #expect(!page.body.contains(backend.secret))
            #expect(!page.body.contains("<script>") && !page.body.contains("style=\""), "inline script or style")
            let script = try await LoopbackHTTP.request(port: port, "GET", "/panel.js", headers: [("Host", "localhost:\(port)")])
            #expect(script.status == 200)
            #expect(script.headers["content-type"]?.hasPrefix("text/javascript") == true)
            Self.expectSecurityHeaders(script)
            let missing = try await LoopbackHTTP.request(port: port, "GET", "/nothing", headers: [host])
            #expect(missing.status == 404)
            Self.expectSecurityHeaders(missing)
        }
    }

    @Test("no token or a wrong token: 401 and no state; the right token: the state")
    func tokenOnState() async throws {
        try await Self.withServer { server, backend, port in
            let host = ("Host", "127.0.0.1:\(port)")
            for authorization in [nil, "Bearer \(PanelToken().text)", "Bearer ", server.token.text] {
                let headers = [host] + (authorization.map { [("Authorization", $0)] } ?? [])
                let reply = try await LoopbackHTTP.request(port: port, "GET", "/api/state", headers: headers)
                #expect(reply.status == 401, "\(authorization ?? "none"): \(reply)")
                #expect(!reply.body.contains(backend.secret))
                Self.expectSecurityHeaders(reply)
            }
            // The token in the query opens the WebSocket only.
            let query = try await LoopbackHTTP.request(port: port, "GET", "/api/state?token=\(server.token.text)", headers: [host])
            #expect(query.status == 401)
            let good = try await LoopbackHTTP.request(port: port, "GET", "/api/state", headers: [host, ("Authorization", "Bearer \(server.token.text)")])
            #expect(good.status == 200, "\(good)")
            #expect(good.body.contains(backend.secret))
            Self.expectSecurityHeaders(good)
        }
    }

    @Test("a foreign Host is refused on every path, even with the token (DNS rebinding)")
    func foreignHost() async throws {
        try await Self.withServer { server, backend, port in
            let bearer = ("Authorization", "Bearer \(server.token.text)")
            for host in ["rebound.example:\(port)", "127.0.0.1:\(port + 1)", "127.0.0.1", "[::1]:\(port)"] {
                for path in ["/", "/panel.js", "/api/state"] {
                    let reply = try await LoopbackHTTP.request(port: port, "GET", path, headers: [("Host", host), bearer])
                    #expect(reply.status == 403, "\(host) \(path): \(reply)")
                    #expect(!reply.body.contains(backend.secret) && !reply.body.contains("id=\"make\""))
                    Self.expectSecurityHeaders(reply)
                }
                let post = try await LoopbackHTTP.request(
                    port: port, "POST", "/api/action",
                    headers: [("Host", host), bearer, ("Origin", "http://\(host)"), ("Content-Type", "application/json")],
                    body: #"{"method":"PlaceCall","args":["8002"]}"#)
                #expect(post.status == 403)
            }
            // No Host at all.
            let none = try await LoopbackHTTP.request(port: port, "GET", "/api/state", headers: [bearer])
            #expect(none.status == 403 || none.status == 400, "\(none)")
            #expect(backend.log.isEmpty)
        }
    }

    @Test("an operation needs the token and the panel's Origin; a foreign one changes nothing, and no CORS header is sent")
    func operations() async throws {
        try await Self.withServer { server, backend, port in
            let host = ("Host", "127.0.0.1:\(port)"), json = ("Content-Type", "application/json")
            let bearer = ("Authorization", "Bearer \(server.token.text)")
            let body = #"{"method":"PlaceCall","args":["+86 138-0013-8000"]}"#
            let refused: [([(String, String)], Int)] = [
                ([host, json, ("Origin", "http://127.0.0.1:\(port)")], 401),
                ([host, json, ("Origin", "http://127.0.0.1:\(port)"), ("Authorization", "Bearer \(PanelToken().text)")], 401),
                ([host, json, bearer], 403),
                ([host, json, bearer, ("Origin", "http://evil.example")], 403),
                ([host, json, bearer, ("Origin", "null")], 403),
                ([host, json, bearer, ("Origin", "http://localhost:\(port + 1)")], 403),
            ]
            for (headers, status) in refused {
                let reply = try await LoopbackHTTP.request(port: port, "POST", "/api/action", headers: headers, body: body)
                #expect(reply.status == status, "\(headers): \(reply)")
                Self.expectSecurityHeaders(reply)
            }
            // A preflight from another origin gets no CORS answer.
            let preflight = try await LoopbackHTTP.request(
                port: port, "OPTIONS", "/api/action",
                headers: [host, ("Origin", "http://evil.example"), ("Access-Control-Request-Method", "POST")])
            #expect(preflight.status == 403)
            Self.expectSecurityHeaders(preflight)
            // Barrier: the allowed request is performed, and it is the only one.
            let good = try await LoopbackHTTP.request(
                port: port, "POST", "/api/action", headers: [host, json, bearer, ("Origin", "http://localhost:\(port)")], body: body)
            #expect(good.status == 200, "\(good)")
            #expect(good.body == #"{"ok":true,"result":["call-1","800112"]}"#)
            Self.expectSecurityHeaders(good)
            #expect(backend.log == ["PlaceCall +86 138-0013-8000"])
        }
    }

    @Test("a malformed operation is refused before the agent; the agent's refusal comes back with its name")
    func badOperations() async throws {
        try await Self.withServer { server, backend, port in
            let headers = [
                ("Host", "127.0.0.1:\(port)"), ("Content-Type", "application/json"), ("Authorization", "Bearer \(server.token.text)"),
                ("Origin", "http://127.0.0.1:\(port)"),
            ]
            for body in [
                "", "nonsense", "[]", #"{"method":"Status","args":[]}"#, #"{"method":"Open","args":[["tel:1"],{}]}"#,
                #"{"method":"PanelURL","args":[]}"#, #"{"method":"PlaceCall","args":[]}"#, #"{"method":"PlaceCall","args":[8002]}"#,
                #"{"method":"SetCallData","args":["c1",{"k":1}]}"#, #"{"method":"Answer","args":["a","b"]}"#,
                // The history's methods: only MarkMissedSeen is allowed, and it takes nothing; a
                // page never clears the history.
                #"{"method":"MarkMissedSeen","args":["all"]}"#, #"{"method":"History","args":[]}"#,
                #"{"method":"MissedCount","args":[]}"#, #"{"method":"ClearHistory","args":[]}"#,
            ] {
                let reply = try await LoopbackHTTP.request(port: port, "POST", "/api/action", headers: headers, body: body)
                #expect(reply.status == 400, "\(body): \(reply)")
            }
            let plain = try await LoopbackHTTP.request(
                port: port, "POST", "/api/action", headers: headers.map { $0.0 == "Content-Type" ? ("Content-Type", "text/plain") : $0 },
                body: #"{"method":"Answer","args":[""]}"#)
            #expect(plain.status == 415)
            #expect(backend.log.isEmpty, "\(backend.log)")
            let data = try await LoopbackHTTP.request(
                port: port, "POST", "/api/action", headers: headers, body: #"{"method":"SetCallData","args":["c1",{"b":"2","a":"1"}]}"#)
            #expect(data.status == 200)
            let hangUp = try await LoopbackHTTP.request(port: port, "POST", "/api/action", headers: headers, body: #"{"method":"HangUp","args":[""]}"#)
            #expect(hangUp.status == 409)
            #expect(hangUp.body.contains(ControlInterface.ErrorName.noSuchCall) && hangUp.body.contains("there is no call"))
            #expect(backend.log == ["SetCallData c1 a=1,b=2", "HangUp "])
        }
    }

    @Test("the live WebSocket needs the token and the panel's Origin, then sends the state at once")
    func live() async throws {
        try await Self.withServer { server, backend, port in
            let host = ("Host", "127.0.0.1:\(port)"), origin = ("Origin", "http://127.0.0.1:\(port)")
            // A refused upgrade is answered by the WebSocket library with 400 and no socket,
            // whatever the guard's status (the guard's verdicts are in PanelGuardTests).
            let noToken = try await LoopbackHTTP.webSocket(port: port, "/api/live", headers: [host, origin])
            #expect(noToken.reply.status == 400)
            #expect(noToken.firstMessage == nil)
            let badToken = try await LoopbackHTTP.webSocket(port: port, "/api/live?token=\(PanelToken().text)", headers: [host, origin])
            #expect(badToken.reply.status == 400)
            for foreign in [[host], [host, ("Origin", "http://evil.example")], [("Host", "evil.example:\(port)"), origin]] {
                let reply = try await LoopbackHTTP.webSocket(port: port, "/api/live?token=\(server.token.text)", headers: foreign)
                #expect(reply.reply.status == 400, "\(foreign): \(reply.reply)")
                #expect(reply.firstMessage == nil)
            }
            let good = try await LoopbackHTTP.webSocket(port: port, "/api/live?token=\(server.token.text)", headers: [host, origin])
            #expect(good.reply.status == 101, "\(good.reply)")
            #expect(good.firstMessage?.contains(backend.secret) == true, "\(good.firstMessage ?? "nothing")")
        }
    }
}
