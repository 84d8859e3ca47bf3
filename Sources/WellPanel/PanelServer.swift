#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import WellProtocol

/// The softphone panel: a small web server on 127.0.0.1 that serves the page (compiled in),
/// the agent's state over a WebSocket, and the operations, every request checked by
/// ``PanelGuard``.
///
/// ```swift
/// let panel = PanelServer(configuration: PanelConfiguration(), backend: backend)
/// let url = try await panel.start()     // http://127.0.0.1:PORT/#TOKEN
/// panel.stateChanged()                  // after each change of the agent's state
/// await panel.stop()
/// ```
public final class PanelServer: Sendable {
    /// The configuration it serves with.
    public let configuration: PanelConfiguration
    /// The run's token.
    public let token: PanelToken
    let backend: any PanelBackend
    let logger: Logger
    let binding: PanelBinding
    let live = PanelLive()
    private let changes: AsyncStream<Void>
    private let changeSink: AsyncStream<Void>.Continuation

    private struct RunState {
        var port: Int?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<Int, any Error>] = []
        var task: Task<Void, any Error>?
        var group: ServiceGroup?
    }

    private let runState = Mutex(RunState())

    /// A server; nothing listens until ``start(timeout:)``.
    public init(configuration: PanelConfiguration, backend: any PanelBackend, logger: Logger = Logger(label: "wellclient.panel")) {
        self.configuration = configuration
        self.backend = backend
        self.logger = logger
        self.token = PanelToken()
        self.binding = PanelBinding(token: token)
        (changes, changeSink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The port it listens on, once it does.
    public var port: Int? { runState.withLock { $0.port } }

    /// The URL that opens the panel: `http://127.0.0.1:PORT/#TOKEN` (the token in the fragment,
    /// which the browser keeps to itself), once the server listens.
    public var url: String? { port.map { "http://127.0.0.1:\($0)/#\(token.text)" } }

    /// How many live connections (pages) are open.
    public var liveConnections: Int { live.count }

    /// Tells the open pages that the agent's state changed (they get the new state; changes
    /// that come faster than they can be sent are merged).
    public func stateChanged() { changeSink.yield() }

    /// Starts listening and returns ``url``.
    /// - Throws: the bind error (the configured port is in use) or a timeout.
    @discardableResult
    public func start(timeout: Duration = .seconds(10)) async throws -> String {
        let router = PanelRoutes(server: self).buildRouter()
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 16))),
            configuration: .init(address: .hostname("127.0.0.1", port: configuration.port), serverName: "wellclient-panel"),
            onServerRunning: { channel in self.didBind(port: channel.localAddress?.port ?? self.configuration.port) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let changes = self.changes
        // Detached: the caller's graceful shutdown must not end the panel; ``stop()`` does.
        let task = Task.detached {
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask {
                    for await _ in changes {
                        // Nobody looking: nothing to send (a page that opens gets the state at once).
                        guard self.live.count > 0 else { continue }
                        let text = PanelJSON.string(await self.backend.panelState())
                        self.live.broadcast(text)
                    }
                }
                tasks.addTask {
                    defer { self.changeSink.finish() }
                    do { try await group.run() } catch {
                        self.didFail(error)
                        throw error
                    }
                    self.didFail(CancellationError())
                }
            }
        }
        runState.withLock {
            $0.task = task
            $0.group = group
        }
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            guard self.port == nil else { return }
            self.didFail(PanelServerError(description: "the panel did not listen within \(timeout)"))
            await group.triggerGracefulShutdown()
        }
        defer { watchdog.cancel() }
        let port = try await withCheckedThrowingContinuation { continuation in
            runState.withLock { state in
                if let port = state.port {
                    continuation.resume(returning: port)
                } else if let failure = state.failure {
                    continuation.resume(throwing: failure)
                } else {
                    state.waiters.append(continuation)
                }
            }
        }
        return "http://127.0.0.1:\(port)/#\(token.text)"
    }

    /// Closes the pages' live connections and stops the server.
    public func stop() async {
        let (task, group) = runState.withLock { ($0.task, $0.group) }
        live.closeAll()
        await group?.triggerGracefulShutdown()
        _ = await task?.result
    }

    private func didBind(port: Int) {
        binding.bound(port: port)
        let waiters = runState.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    private func didFail(_ error: any Error) {
        let waiters = runState.withLock { state in
            if state.port == nil && state.failure == nil { state.failure = error }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}

/// The panel could not start.
public struct PanelServerError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Compact JSON text with sorted keys.
enum PanelJSON {
    static func string(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
