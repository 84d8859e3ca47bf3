#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import Synchronization
import WellProtocol

/// The embedded wellClient CTI server: TPI login, the CSTA REST API, STOMP over WebSocket, a
/// real call model, and a control API for tests and demos — all on one port.
///
/// Run it as a ServiceLifecycle ``Service`` (``run()``), or start it in the background:
///
/// ```swift
/// let simulator = CTISimulator(configuration: .testing())
/// let url = try await simulator.start()      // http://127.0.0.1:<port>
/// try await simulator.ring("8001", from: "13800138000")
/// await simulator.stop()
/// ```
public final class CTISimulator: Service, Sendable {
    /// The configuration it was created with.
    public let configuration: SimulatorConfiguration
    let hub: EventHub
    let core: SimulatorCore
    let connections = ConnectionRegistry()

    private struct RunState {
        var port: Int?
        /// The port it listened on last (kept after a stop, for ``successor(keepingCalls:adjust:)``).
        var lastPort: Int?
        var failure: (any Error)?
        var waiters: [CheckedContinuation<Int, any Error>] = []
        var background: Task<Void, any Error>?
        var group: ServiceGroup?
    }

    private let runState = Mutex(RunState())

    /// A simulator; nothing listens until ``run()`` or ``start()``.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        self.hub = EventHub(heartBeat: configuration.heartBeat)
        self.core = SimulatorCore(configuration: configuration, hub: self.hub)
    }

    private init(configuration: SimulatorConfiguration, carrying model: PBX) {
        self.configuration = configuration
        self.hub = EventHub(heartBeat: configuration.heartBeat)
        self.core = SimulatorCore(configuration: configuration, hub: self.hub, carrying: model)
    }

    /// A new, not yet started simulator to play this one after a restart: the same
    /// configuration (adjusted by `adjust`) on the port this one listens (or last listened) on,
    /// with the state it has at this moment (call it after ``stop()`` to carry everything up to
    /// the restart). It never inherits
    /// TPI sessions or WebSockets — clients get 426 and must log in to TPI again. With
    /// `keepingCalls` it takes over the call model (agents, calls, serial), as when the CTI
    /// server restarts while the PBX keeps its calls; without, it starts empty, as when
    /// everything restarted. Pending outside-party timers are not carried over.
    ///
    /// ```swift
    /// await simulator.stop()
    /// let next = await simulator.successor(keepingCalls: true)
    /// try await next.start()
    /// ```
    public func successor(
        keepingCalls: Bool, adjust: (inout SimulatorConfiguration) -> Void = { _ in }
    ) async -> CTISimulator {
        var configuration = self.configuration
        configuration.port = self.runState.withLock { $0.lastPort } ?? configuration.port
        adjust(&configuration)
        guard keepingCalls else { return CTISimulator(configuration: configuration) }
        return CTISimulator(configuration: configuration, carrying: await self.core.carriedModel())
    }

    // MARK: - lifecycle

    /// Serves until cancelled or gracefully shut down.
    public func run() async throws {
        let routes = SimulatorRoutes(core: self.core, hub: self.hub, configuration: self.configuration)
        let router = routes.buildRouter()
        let webSocketResponder = router.buildResponder()
        let connections = self.connections
        let server = HTTPServerBuilder { responder in
            TrackedChildChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(ws: .init(maxFrameSize: 1 << 20))),
                registry: connections)
        }
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(self.configuration.host, port: self.configuration.port), serverName: "wellclient-sim"),
            onServerRunning: { channel in self.didBind(port: channel.localAddress?.port ?? self.configuration.port) },
            logger: self.configuration.logger)
        let core = self.core
        let sweepInterval = self.configuration.sweepInterval
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    try await app.run()
                    // The HTTP server ended without being asked to (Hummingbird closes a listener
                    // that sees a shutdown in progress right after binding): end the whole run,
                    // so that nobody waits for a server that no longer listens.
                    if !Task.isShuttingDownGracefully && !Task.isCancelled { throw ServerEnded() }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: sweepInterval)
                        await core.sweep()
                    }
                }
                for await request in core.timerRequests.cancelOnGracefulShutdown() {
                    group.addTask {
                        try await Task.sleep(for: request.delay)
                        await core.timerFired(request)
                    }
                }
                group.cancelAll()
            }
        } catch {
            self.didFail(error)
            throw error
        }
        self.didFail(CancellationError())
    }

    /// Starts serving in the background and returns the base URL once the port is bound
    /// (with port 0 the chosen port). A convenience for tests and the demo; prefer ``run()``
    /// inside a `ServiceGroup` where one exists.
    ///
    /// - Parameter timeout: how long to wait for the port to be bound.
    /// - Throws: the bind error (e.g. the port is in use), or an error when the server neither
    ///   listens nor fails within `timeout`.
    @discardableResult
    public func start(timeout: Duration = .seconds(10)) async throws -> URL {
        let group = ServiceGroup(configuration: .init(services: [self], logger: self.configuration.logger))
        // Detached: a task would inherit the caller's graceful-shutdown context (a ServiceGroup
        // runs nested in its caller's) and shut the server down the moment the caller's group
        // begins to stop, e.g. before the demo agent has logged out of it. ``stop()`` stops it.
        let task = Task.detached { try await group.run() }
        self.runState.withLock {
            $0.background = task
            $0.group = group
            $0.failure = nil
        }
        // Never wait for ever: a server that neither listens nor fails within `timeout` is
        // cancelled and reported.
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            guard self.port == nil else { return }
            task.cancel()
            self.didFail(StartTimedOut(timeout: timeout))
        }
        defer { watchdog.cancel() }
        return try await self.waitUntilListening()
    }

    /// Stops a simulator started with ``start()``: closes every WebSocket, shuts the server
    /// down gracefully, closes the connections still open after ``stopGrace`` (idle ones a
    /// graceful shutdown does not reach), and waits until it has stopped.
    public func stop() async {
        let (task, group) = self.runState.withLock { ($0.background, $0.group) }
        self.hub.inject(.dropWebSockets)
        await group?.triggerGracefulShutdown()
        let connections = self.connections
        await withTaskGroup(of: Bool.self) { waiting in
            waiting.addTask {
                _ = await task?.result
                return true
            }
            waiting.addTask {
                try? await Task.sleep(for: Self.stopGrace)
                return false
            }
            if await waiting.next() == false {
                connections.closeAll()
            }
            waiting.cancelAll()
        }
        _ = await task?.result
        await self.core.shutdown()
    }

    /// How long ``stop()`` lets open requests finish before it closes every connection.
    static let stopGrace: Duration = .seconds(1)

    /// Connections accepted and not yet closed (for tests of the shutdown).
    public var openConnections: Int { self.connections.count }

    /// Waits until the server listens (when run with ``run()`` elsewhere) and returns its base URL.
    /// - Throws: the error that stopped the server before it listened.
    public func waitUntilListening() async throws -> URL {
        let port = try await withCheckedThrowingContinuation { continuation in
            self.runState.withLock { state in
                if let port = state.port {
                    continuation.resume(returning: port)
                } else if let failure = state.failure {
                    continuation.resume(throwing: failure)
                } else {
                    state.waiters.append(continuation)
                }
            }
        }
        return self.url(port: port)
    }

    /// The bound port, once listening.
    public var port: Int? { self.runState.withLock { $0.port } }

    /// `http://host:port`, once listening.
    public var baseURL: URL? { self.port.map(self.url(port:)) }

    /// `ws://host:port/mvc/stomp/websocket`, once listening.
    public var webSocketURL: URL? {
        self.port.map { URL(string: "ws://\(self.configuration.host):\($0)\(StompWebSocket.path)")! }
    }

    private func url(port: Int) -> URL { URL(string: "http://\(self.configuration.host):\(port)")! }

    private func didBind(port: Int) {
        let waiters = self.runState.withLock { state in
            state.port = port
            state.lastPort = port
            defer { state.waiters = [] }
            return state.waiters
        }
        self.configuration.logger.info("wellclient simulator listening", metadata: ["sim.url": "\(self.url(port: port))"])
        for waiter in waiters { waiter.resume(returning: port) }
    }

    private func didFail(_ error: any Error) {
        let waiters = self.runState.withLock { state in
            state.failure = error
            state.port = nil
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}

extension CTISimulator {
    // MARK: - in-process control API (mirrors /sim/…)

    /// An outside number calls an extension or the queue; returns the call id.
    /// - Throws: ``SimulatorError`` (400 bad numbers, 409 busy extension).
    @discardableResult
    public func ring(_ target: String, from caller: String) async throws(SimulatorError) -> String {
        try await self.core.ring(target, from: caller)
    }

    /// The ringing outside party `number` answers now. - Throws: 404 when it is not ringing.
    public func answer(from number: String) async throws(SimulatorError) { try await self.core.outsideAnswer(number) }

    /// The outside party `number` hangs up. - Throws: 404 when it is in no call.
    public func hangup(from number: String) async throws(SimulatorError) { try await self.core.outsideHangup(number) }

    /// The outside party `number` is busy: a ringing call to it is refused (returns `true`),
    /// otherwise its next call is.
    @discardableResult
    public func busy(from number: String) async -> Bool { await self.core.outsideBusy(number) }

    /// How outside party `number` behaves from now on (`nil` = the default).
    public func setOutsideBehaviour(_ behaviour: OutsidePartyBehaviour?, for number: String) async {
        await self.core.setOutsideBehaviour(number, behaviour)
    }

    /// How outside parties behave by default from now on.
    public func setOutsideDefault(_ behaviour: OutsidePartyBehaviour) async { await self.core.setOutsideDefault(behaviour) }

    /// Injects a fault.
    public func inject(_ fault: SimulatorFault) async { await self.core.inject(fault) }

    /// Writes `bytes` unchanged, as one binary WebSocket message, to every open WebSocket — a
    /// hostile server (oversized or malformed STOMP frames, endless headers).
    public func sendRaw(_ bytes: [UInt8]) { self.hub.sendRaw(bytes) }

    /// Sends a well-formed STOMP `MESSAGE` whose body is `body` (any bytes: invalid UTF-8, huge
    /// JSON, events for calls that do not exist) to every subscription.
    public func sendMessageBody(_ body: [UInt8]) { self.hub.sendMessageBody(body) }

    /// Delays every `/api` reply by `delay` (`.zero` = off).
    public func setRestDelay(_ delay: Duration) async { await self.core.setRestDelay(delay) }

    /// Pre-allocates a Ready agent for an outbound campaign (`agentAllocated`).
    public func allocate(agentId: String) async throws(SimulatorError) { try await self.core.allocate(agentId) }

    /// Registers or unregisters an extension's phone (Login on an unregistered one: 451).
    public func setRegistered(_ registered: Bool, extension number: String) async {
        await self.core.setRegistered(number, registered)
    }

    /// The whole model as JSON (agents, calls, queues, serial, open WebSockets).
    public func state() async -> JSONValue { .object(await self.core.snapshot()) }
}

/// The simulator's HTTP server stopped on its own (not by ``CTISimulator/stop()`` or a graceful shutdown).
struct ServerEnded: Error, CustomStringConvertible {
    var description: String { "the simulator's HTTP server stopped unexpectedly" }
}

/// ``CTISimulator/start(timeout:)`` saw neither a bound port nor a failure in time.
struct StartTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "the simulator did not start listening within \(self.timeout)" }
}
