import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import WellProtocol

/// The panel's routes: the page's three files, the state, the operations, the live socket.
/// ``PanelGuardMiddleware`` stands in front of all of them.
struct PanelRoutes: Sendable {
    typealias Context = BasicWebSocketRequestContext
    let server: PanelServer

    func buildRouter() -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: PanelGuardMiddleware(binding: server.binding))
        for asset in PanelAssets.all {
            router.get(RouterPath(asset.path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: asset.contentType],
                    body: .init(byteBuffer: ByteBuffer(string: asset.text)))
            }
        }
        router.get("/api/state") { _, _ in
            Self.json(.ok, await server.backend.panelState())
        }
        router.post("/api/action") { request, _ in
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                return Self.json(.unsupportedMediaType, ["ok": false, "error": "BadRequest", "message": "send application/json"])
            }
            let body = try await request.body.collect(upTo: PanelAction.maximumBody)
            let action: PanelAction
            do {
                action = try PanelAction(json: body.readableBytesView)
            } catch {
                return Self.json(.badRequest, ["ok": false, "error": "BadRequest", "message": .string("\(error)")])
            }
            switch await server.backend.perform(action.method, action.arguments) {
            case .success(let outputs):
                return Self.json(.ok, ["ok": true, "result": .array(outputs)])
            case .failure(let name, let message):
                return Self.json(.conflict, ["ok": false, "error": .string(name), "message": .string(message)])
            }
        }
        router.ws("/api/live") { inbound, outbound, _ in
            let (id, stream) = server.live.register()
            defer { server.live.unregister(id) }
            try await outbound.write(.text(PanelJSON.string(await server.backend.panelState())))
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The page sends nothing; its socket closing ends the writer.
                group.addTask {
                    for try await _ in inbound.messages(maxSize: 1 << 16) {}
                    server.live.unregister(id)
                }
                for await text in stream { try await outbound.write(.text(text)) }
                group.cancelAll()
            }
        }
        return router
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: PanelJSON.string(value))))
    }
}
