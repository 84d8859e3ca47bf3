#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import WellProtocol

/// The HTTP side of the simulator: TPI login, the `/api/...` tree, the control API under
/// `/sim/`, the demo CRM page, CORS for browser clients, and the WebSocket upgrade at `/mvc/stomp/websocket`.
struct SimulatorRoutes: Sendable {
    typealias Context = BasicWebSocketRequestContext

    let core: SimulatorCore
    let hub: EventHub
    let configuration: SimulatorConfiguration

    static let sessionHeader = HTTPField.Name(TPILogin.sessionHeader)!
    static let maxBody = 1 << 20

    func buildRouter() -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(
            middleware: CORSMiddleware(
                allowOrigin: .originBased,
                allowHeaders: [.accept, .contentType, .origin, Self.sessionHeader, HTTPField.Name("X-Requested-With")!],
                allowMethods: [.get, .post, .put, .delete, .head, .options],
                allowCredentials: true,
                maxAge: .seconds(600)))
        for path in TPILogin.paths {
            router.post(RouterPath(path)) { request, _ in try await self.tpiLogin(request) }
        }
        for method in [HTTPRequest.Method.get, .post, .delete, .put] {
            router.on("/api/**", method: method) { request, _ in try await self.api(request) }
        }
        ControlRoutes(core: self.core).add(to: router)
        DemoCRMPage.add(to: router)
        StompWebSocket(hub: self.hub, core: self.core, logger: self.configuration.logger).add(to: router)
        return router
    }

    // MARK: - TPI

    func tpiLogin(_ request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxBody)
        let text = String(buffer: buffer)
        guard let form = TPILogin.parseForm(text) else {
            return Self.json(SimulatorReply.error(.badRequest("malformed form body")))
        }
        guard let username = form["username"], let password = form["password"], let namespace = form["namespace"] else {
            return Self.json(SimulatorReply.error(.badRequest("username, password and namespace are required")))
        }
        guard let session = await self.core.tpiLogin(username: username, password: password, namespace: namespace) else {
            return Self.json(SimulatorReply.error(SimulatorError(401, "username or password error")))
        }
        return Self.json(.ok(["sessionId": .string(session)]))
    }

    // MARK: - CSTA

    func api(_ request: Request) async throws -> Response {
        var request = request
        let delay = await self.core.restDelay
        if delay > .zero { try await Task.sleep(for: delay) }
        let buffer = try await request.collectBody(upTo: Self.maxBody)
        let target = request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
        let reply = await self.core.handle(
            method: request.method.rawValue, target: target, sessionId: request.headers[Self.sessionHeader],
            body: buffer.readableBytes > 0 ? Data(buffer.readableBytesView) : nil)
        return Self.json(reply)
    }

    /// A reply as an HTTP response (JSON body when there is one).
    static func json(_ reply: SimulatorReply) -> Response {
        let status = HTTPResponse.Status(code: reply.status)
        guard let body = reply.body else { return Response(status: status) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json;charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
