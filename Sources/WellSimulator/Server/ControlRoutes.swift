#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Hummingbird
import HummingbirdWebSocket
import WellProtocol

/// The control API (not part of the wellClient protocol), under `/sim/`:
///
/// | request | effect |
/// |---|---|
/// | `POST /sim/ring` `{"to": "8001"\|"7000", "from": "13800138000"}` | an outside party calls → `{"callId"}` |
/// | `POST /sim/outside/{number}/answer` \| `hangup` \| `busy` | the outside party answers / hangs up / is busy |
/// | `POST /sim/outside/{number}/behaviour` `{"behaviour": "answer"\|"ring"\|"busy"\|"default", "delayMs": 3000}` | its behaviour from now on |
/// | `POST /sim/fault/{426\|drop-ws\|dup-serial\|error-frame\|bad-event\|blackhole\|refuse-ws\|allow-ws}` | inject a fault |
/// | `POST /sim/raw` `{"base64": "…", "as": "frame"\|"body"}` | raw bytes on every WebSocket, or as a `MESSAGE` body to every subscription |
/// | `POST /sim/delay` `{"ms": 2000}` | delay every `/api` reply |
/// | `POST /sim/allocate/{agentId}` | agentAllocated for a Ready agent |
/// | `POST /sim/extensions/{number}/registered` `{"registered": false}` | (un)register a phone |
/// | `GET /sim/state` | the whole model as JSON |
struct ControlRoutes: Sendable {
    let core: SimulatorCore

    func add(to router: Router<SimulatorRoutes.Context>) {
        router.post("/sim/ring") { request, _ in
            await self.run(request) { body in
                guard let to = body["to"]?.stringValue, let from = body["from"]?.stringValue else {
                    throw SimulatorError.badRequest("'to' and 'from' are required")
                }
                return .ok(["callId": .string(try await self.core.ring(to, from: from))])
            }
        }
        router.post("/sim/outside/:number/:action") { request, context in
            await self.run(request) { body in
                let number = context.parameters.get("number") ?? ""
                switch context.parameters.get("action") ?? "" {
                case "answer": try await self.core.outsideAnswer(number)
                case "hangup": try await self.core.outsideHangup(number)
                case "busy":
                    return .ok(["refusedRingingCall": .bool(await self.core.outsideBusy(number))])
                case "behaviour":
                    let delay = Duration.milliseconds(body["delayMs"]?.intValue ?? 3000)
                    switch body["behaviour"]?.stringValue {
                    case "answer": await self.core.setOutsideBehaviour(number, .answer(after: delay))
                    case "ring": await self.core.setOutsideBehaviour(number, .ringUntilTold)
                    case "busy": await self.core.setOutsideBehaviour(number, .busy)
                    case "default": await self.core.setOutsideBehaviour(number, nil)
                    default: throw SimulatorError.badRequest("behaviour must be answer, ring, busy or default")
                    }
                default: throw SimulatorError.notFound("unknown action")
                }
                return .noContent
            }
        }
        router.post("/sim/fault/:name") { request, context in
            await self.run(request) { _ in
                guard let fault = SimulatorFault(rawValue: context.parameters.get("name") ?? "") else {
                    throw SimulatorError.badRequest("fault must be one of \(SimulatorFault.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                await self.core.inject(fault)
                return .noContent
            }
        }
        router.post("/sim/raw") { request, _ in
            await self.run(request) { body in
                guard let text = body["base64"]?.stringValue, let bytes = Data(base64Encoded: text) else {
                    throw SimulatorError.badRequest("'base64' must be base64 text")
                }
                switch body["as"]?.stringValue ?? "frame" {
                case "frame": self.core.hub.sendRaw(Array(bytes))
                case "body": self.core.hub.sendMessageBody(Array(bytes))
                default: throw SimulatorError.badRequest("'as' must be frame or body")
                }
                return .noContent
            }
        }
        router.post("/sim/delay") { request, _ in
            await self.run(request) { body in
                guard let ms = body["ms"]?.intValue, ms >= 0 else { throw SimulatorError.badRequest("'ms' must be a non-negative integer") }
                await self.core.setRestDelay(.milliseconds(ms))
                return .noContent
            }
        }
        router.post("/sim/allocate/:agent") { request, context in
            await self.run(request) { _ in
                try await self.core.allocate(context.parameters.get("agent") ?? "")
                return .noContent
            }
        }
        router.post("/sim/extensions/:number/registered") { request, context in
            await self.run(request) { body in
                guard let registered = body["registered"]?.boolValue else { throw SimulatorError.badRequest("'registered' must be a boolean") }
                await self.core.setRegistered(context.parameters.get("number") ?? "", registered)
                return .noContent
            }
        }
        router.get("/sim/state") { _, _ in
            SimulatorRoutes.json(.ok(.object(await self.core.snapshot())))
        }
    }

    /// Reads an optional JSON object body, runs `body`, renders errors as JSON.
    private func run(
        _ request: Request, _ handler: ([String: JSONValue]) async throws -> SimulatorReply
    ) async -> Response {
        var request = request
        var object: [String: JSONValue] = [:]
        if let buffer = try? await request.collectBody(upTo: SimulatorRoutes.maxBody), buffer.readableBytes > 0 {
            guard let parsed = try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer.readableBytesView)) else {
                return SimulatorRoutes.json(.error(.badRequest("the body is not a JSON object")))
            }
            object = parsed
        }
        do {
            return SimulatorRoutes.json(try await handler(object))
        } catch let error as SimulatorError {
            return SimulatorRoutes.json(.error(error))
        } catch {
            return SimulatorRoutes.json(.error(SimulatorError(500, "\(error)")))
        }
    }
}
