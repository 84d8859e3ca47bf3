#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import NIOSSL
import ServiceLifecycle
import WellProtocol
import WellNumbers

/// The wellClient session: TPI login, the event channel (STOMP over WebSocket, reconnecting),
/// agent login/heartbeat/logout, every call operation, typed events and the call model.
///
/// Run it as a service and call its methods concurrently (``login(decide:)`` waits until
/// ``run()`` has started, so the two may begin in either order):
/// ```swift
/// let client = try WellClient(configuration: config, logger: logger)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await client.run() }
///     try await client.login()
///     let callId = try await client.makeCall("8002")
///     …
///     await client.shutdown()
/// }
/// ```
public actor WellClient: Service {
    /// Phases of the agent session.
    enum Phase: Equatable { case idle, loggingIn, loggedIn, loggingOut }

    /// The configuration in use.
    public let configuration: WellClientConfiguration
    let logger: Logger
    let rest: RESTTransport
    let tls: TLSConfiguration?

    var phase: Phase = .idle
    var sessionIdStorage: String?
    var model: CallModel
    var deduplicator = EventDeduplicator()
    var prefixes: [String] = []
    var lastDialAt: ContinuousClock.Instant?

    /// The reconnect rules on the real clock.
    typealias Reconnect = ReconnectMachine<ContinuousClock>

    /// The reconnect rules of the session's event channel (the actor carries out its actions).
    var reconnect: Reconnect

    // Session-scoped machinery (replaced on every login).
    var channel: ChannelHandles?
    var heartbeatStop: Latch?
    var loggedOnSeen: Latch?
    var loggedOffSeen: Latch?

    let eventHub = Broadcast<WellEvent>()
    let logHub = Broadcast<LogMessage>()
    private let spawner: AsyncStream<@Sendable () async -> Void>.Continuation
    private let spawnStream: AsyncStream<@Sendable () async -> Void>
    var isRunning = false
    /// Opened when ``run()`` starts: ``login(decide:)`` and ``recover(sessionId:)`` wait for it.
    let serviceStarted = Latch()

    /// Creates a client; nothing is sent until ``login(decide:)``.
    /// - Throws: ``WellClientError`` (`invalidConfiguration`) when the CA file cannot be read.
    public init(configuration: WellClientConfiguration, logger: Logger = Logger(label: "wellclient")) throws(WellClientError) {
        self.configuration = configuration
        var logger = logger
        logger.logLevel = configuration.logLevel
        self.logger = logger
        self.rest = try RESTTransport(configuration: configuration)
        self.tls = self.rest.tls
        self.reconnect = ReconnectMachine(policy: configuration.reconnect, clock: ContinuousClock())
        let plan = configuration.dialPlan
        self.model = CallModel(
            agentId: configuration.agent.agentId, deviceId: configuration.agent.deviceId,
            isInternal: { plan.isInternal($0) })
        (self.spawnStream, self.spawner) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    // MARK: - service

    /// Hosts the client's long-running work (event channel, reconnects, heartbeat, handlers)
    /// until ``shutdown()`` or cancellation / graceful shutdown.
    public func run() async throws {
        self.isRunning = true
        self.serviceStarted.open()
        let stream = self.spawnStream
        await withDiscardingTaskGroup { group in
            for await work in stream.cancelOnGracefulShutdown() {
                group.addTask { await work() }
            }
            group.cancelAll()
        }
        self.isRunning = false
        self.stopSession()
    }

    /// Stops everything: the server-side login is kept (use ``logout()`` first to end it),
    /// streams finish and ``run()`` returns.
    public func shutdown() async {
        self.stopSession()
        self.phase = .idle
        self.spawner.finish()
        self.eventHub.finish()
        self.logHub.finish()
        await self.rest.shutdown()
    }

    /// Starts `work` as a child of ``run()``.
    func spawn(_ work: @escaping @Sendable () async -> Void) {
        self.spawner.yield(work)
    }

    // MARK: - events

    /// A new stream of every event (server events typed, unknown ones raw, client events).
    /// Each stream buffers independently; finish iterating to unsubscribe.
    public nonisolated func events() -> AsyncStream<WellEvent> {
        self.eventHub.subscribe()
    }

    /// A new stream of log messages (`onLog`).
    public nonisolated func logMessages() -> AsyncStream<LogMessage> {
        self.logHub.subscribe()
    }

    /// Calls `handler` for every event named `name` (the seed's `on`). Handlers run on their own
    /// queue: a slow or throwing handler delays or affects nobody else.
    public func on(_ name: String, _ handler: @escaping @Sendable (WellEvent) async throws -> Void) {
        self.addHandler(filter: { $0.name == name }, handler)
    }

    /// Calls `handler` for every event (the seed's `exports`).
    public func exports(_ handler: @escaping @Sendable (WellEvent) async throws -> Void) {
        self.addHandler(filter: { _ in true }, handler)
    }

    /// Calls `handler` for every log message (the seed's `onLog`).
    public func onLog(_ handler: @escaping @Sendable (LogMessage) async -> Void) {
        let stream = self.logHub.subscribe()
        self.spawn {
            for await message in stream { await handler(message) }
        }
    }

    private func addHandler(filter: @escaping @Sendable (WellEvent) -> Bool, _ handler: @escaping @Sendable (WellEvent) async throws -> Void) {
        let stream = self.eventHub.subscribe()
        self.spawn {
            for await event in stream where filter(event) {
                do {
                    try await handler(event)
                } catch {
                    await self.log(.error, "event handler for \(event.name) failed: \(error)")
                }
            }
        }
    }

    func log(_ kind: LogMessage.Kind, _ text: String) {
        switch kind {
        case .log: self.logger.debug("\(text)")
        case .error, .alert: self.logger.info("\(text)")
        }
        self.logHub.publish(LogMessage(type: kind, content: text))
    }

    // MARK: - state

    /// A snapshot of the call model (`getCallMemory()`).
    public func callMemory() -> CallMemory { self.model.memory }

    /// Whether `callId` was ever established, for a call id that recently left the call model
    /// (this device left the call, or it was merged into another; nil when it is not among
    /// them). Answers what ``callMemory()`` no longer can once the call is gone.
    public func endedCallWasEstablished(_ callId: String) -> Bool? {
        self.model.recentlyEnded.last { $0.callId == callId }?.wasEstablished
    }

    /// The call that `callId` became, for a call id that a transfer or a conference recently
    /// merged into another (following renames of renames); nil when it was not merged.
    public func callMergedInto(_ callId: String) -> String? {
        var current = callId
        var seen: Set<String> = [callId]
        while let next = self.model.recentlyMerged.last(where: { $0.callId == current })?.into, seen.insert(next).inserted {
            current = next
        }
        return current == callId ? nil : current
    }

    /// Waits until every event the server queued for this client before the call has been
    /// processed (call model updated, event published): a STOMP `RECEIPT` round trip on the event
    /// channel. Useful to act on a settled call model, e.g. in tests and scripted consoles.
    /// - Parameter timeout: limit for the round trip (default: the configured `requestTimeout`).
    /// - Throws: ``WellClientError``: `notLoggedIn` without a session; `transport` when the event
    ///   channel is down or drops meanwhile; `timeout`.
    public func eventBarrier(timeout: Duration? = nil) async throws(WellClientError) {
        guard self.phase == .loggedIn || self.phase == .loggingOut, let link = self.channel?.link else {
            throw .notLoggedIn("eventBarrier")
        }
        let limit = timeout ?? self.configuration.requestTimeout
        let start = ContinuousClock.now
        guard await link.barrier(timeout: limit) else {
            if ContinuousClock.now - start >= limit { throw .timeout("eventBarrier", after: limit) }
            throw .transport("eventBarrier", "the event channel is not connected")
        }
    }

    /// Whether the agent is logged in (after `agentLoggedOn` or a recovery).
    public var isLoggedIn: Bool { self.phase == .loggedIn }

    /// The TPI session id of the current session (store it to ``recover(sessionId:)`` later).
    public var sessionId: String? { self.sessionIdStorage }

    /// The trunk prefixes the server lists for this agent (`getMyPrefix()`); empty until login.
    public func myPrefixes() -> [String] { self.prefixes }
}
