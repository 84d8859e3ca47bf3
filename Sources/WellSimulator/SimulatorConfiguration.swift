#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging

/// How a ``CTISimulator`` listens and behaves.
public struct SimulatorConfiguration: Sendable {
    /// Interface to bind, default `127.0.0.1`.
    public var host: String
    /// Port; `0` picks a free one (read it from ``CTISimulator/start()``). Default 5088, the seed's port.
    public var port: Int
    /// The tenant: accounts, extensions, queues. Default: the demo tenant.
    public var tenant: SimulatorTenant
    /// What outside parties do by default. Default: ring 3 s, answer, stay until hung up.
    public var outsideParty: OutsidePartyBehaviour
    /// The STOMP heart-beat the server offers in CONNECTED (`sx,sy` in ms); `(0, 0)` = none.
    public var heartBeat: (send: Int, receive: Int)
    /// Whether `/api/...` requires a sessionId from the TPI login (426 otherwise).
    public var requireSession: Bool
    /// A session unused for this long expires (426).
    public var sessionLifetime: Duration
    /// An agent with no event link and no request for this long is logged out and its calls end.
    public var vanishedAgentTimeout: Duration
    /// How often vanished agents are looked for.
    public var sweepInterval: Duration
    /// Time zone of `eventTime`.
    public var timeZone: TimeZone
    /// Where the simulator logs (requests at debug, connections at info; never passwords).
    public var logger: Logger

    /// A configuration; every parameter has the product default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 5088,
        tenant: SimulatorTenant = .demo,
        outsideParty: OutsidePartyBehaviour = .answer(after: .seconds(3)),
        heartBeat: (send: Int, receive: Int) = (10_000, 10_000),
        requireSession: Bool = true,
        sessionLifetime: Duration = .seconds(12 * 3600),
        vanishedAgentTimeout: Duration = .seconds(180),
        sweepInterval: Duration = .seconds(5),
        timeZone: TimeZone = .current,
        logger: Logger = Logger(label: "wellclient.sim")
    ) {
        self.host = host
        self.port = port
        self.tenant = tenant
        self.outsideParty = outsideParty
        self.heartBeat = heartBeat
        self.requireSession = requireSession
        self.sessionLifetime = sessionLifetime
        self.vanishedAgentTimeout = vanishedAgentTimeout
        self.sweepInterval = sweepInterval
        self.timeZone = timeZone
        self.logger = logger
    }

    /// A configuration for tests: port 0, outside parties answer after 50 ms, short timeouts.
    /// An agent whose client vanished is logged out after 60 s: long enough that a test on a
    /// loaded machine never loses an agent it still uses (a test of that rule sets it shorter).
    /// The tenant has the demo's numbers without after-call work, so a test's queue calls leave
    /// their agents Ready (a test of after-call work sets ``SimulatorTenant/wrapUpSeconds``).
    public static func testing(tenant: SimulatorTenant = SimulatorTenant(), outsideParty: OutsidePartyBehaviour = .ringUntilTold) -> Self {
        var logger = Logger(label: "wellclient.sim.test")
        logger.logLevel = .warning
        return SimulatorConfiguration(
            port: 0, tenant: tenant, outsideParty: outsideParty, vanishedAgentTimeout: .seconds(60),
            sweepInterval: .milliseconds(200), logger: logger)
    }
}
