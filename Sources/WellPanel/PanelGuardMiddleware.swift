import HTTPTypes
import Hummingbird
import Synchronization

/// The port the server bound, known once it listens (with `[panel] port = 0` the system picks it).
final class PanelBinding: Sendable {
    private let state = Mutex<PanelGuard?>(nil)
    let token: PanelToken

    init(token: PanelToken) { self.token = token }

    func bound(port: Int) { state.withLock { $0 = PanelGuard(token: token, port: port) } }
    var guardian: PanelGuard? { state.withLock { $0 } }
}

/// Applies ``PanelGuard`` to every request (WebSocket upgrades included) and adds its security
/// headers to every answer, refusals and errors too.
struct PanelGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let binding: PanelBinding

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        let verdict: PanelGuard.Verdict =
            binding.guardian?.verdict(
                PanelGuard.Facts(
                    method: request.method.rawValue, path: request.uri.path, host: request.head.authority,
                    origin: request.headers[.origin], authorization: request.headers[.authorization],
                    queryToken: request.uri.queryParameters["token"].map(String.init),
                    isWebSocketUpgrade: request.headers[.upgrade]?.lowercased() == "websocket"))
            ?? .deny(status: 503, reason: "the panel is starting")
        switch verdict {
        case .allow:
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: .init(string: "\(error.status.code)\n")))
            }
        case .deny(let status, let reason):
            response = Response(
                status: .init(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: .init(string: reason + "\n")))
        }
        for (name, value) in PanelGuard.securityHeaders {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }
}
