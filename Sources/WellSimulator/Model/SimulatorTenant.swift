/// The accounts and numbers of one simulated tenant.
public struct SimulatorTenant: Sendable, Hashable {
    /// One agent account.
    public struct Agent: Sendable, Hashable {
        /// Job number, e.g. `5001`.
        public var jobNumber: String
        /// Password (TPI and agent Login).
        public var password: String
        /// Display name (client-state `agentName`).
        public var name: String
        /// A disabled agent is refused with 423.
        public var disabled: Bool

        /// An agent account.
        public init(jobNumber: String, password: String, name: String? = nil, disabled: Bool = false) {
            self.jobNumber = jobNumber
            self.password = password
            self.name = name ?? "Agent \(jobNumber)"
            self.disabled = disabled
        }
    }

    /// The namespace (domain), e.g. `demo.cc`.
    public var namespace: String
    /// The agent accounts.
    public var agents: [Agent]
    /// Extension numbers (registered phones), e.g. `8001`.
    public var extensions: [String]
    /// Extensions whose phone is not registered: Login on them answers 451.
    public var unregisteredExtensions: Set<String>
    /// ACD queue numbers, e.g. `7000`.
    public var queues: [String]
    /// Trunk prefixes reported by getMyPrefix (`scanPrefix`).
    public var trunkPrefixes: [String]
    /// At most this many agents logged in at once (461 beyond).
    public var maxOnlineAgents: Int
    /// Whether recording start/stop is allowed (466 when not).
    public var recordingEnabled: Bool
    /// After-call work: an agent whose answered inbound queue call ends goes to `WorkNotReady`
    /// (`agentWorkingAfterCall`) for this many seconds, then back to Ready. 0 = off.
    public var wrapUpSeconds: Int

    /// A tenant; every parameter has the demo default.
    public init(
        namespace: String = "demo.cc",
        agents: [Agent] = (5001...5010).map { Agent(jobNumber: String($0), password: "123456") },
        extensions: [String] = (8001...8010).map(String.init),
        unregisteredExtensions: Set<String> = [],
        queues: [String] = ["7000"],
        trunkPrefixes: [String] = ["9"],
        maxOnlineAgents: Int = 1000,
        recordingEnabled: Bool = true,
        wrapUpSeconds: Int = 0
    ) {
        self.namespace = namespace
        self.agents = agents
        self.extensions = extensions
        self.unregisteredExtensions = unregisteredExtensions
        self.queues = queues
        self.trunkPrefixes = trunkPrefixes
        self.maxOnlineAgents = maxOnlineAgents
        self.recordingEnabled = recordingEnabled
        self.wrapUpSeconds = max(0, wrapUpSeconds)
    }

    /// The demo tenant of the product contract: `demo.cc`, agents 5001–5010 (password 123456),
    /// extensions 8001–8010, queue 7000, trunk prefix 9, 15 s of after-call work.
    public static let demo = SimulatorTenant(wrapUpSeconds: 15)

    /// A tenant with `count` agents and extensions (jobs from 5001, extensions from 8001), for load tests.
    public static func large(agents count: Int, namespace: String = "demo.cc") -> SimulatorTenant {
        SimulatorTenant(
            namespace: namespace,
            agents: (0..<count).map { Agent(jobNumber: String(5001 + $0), password: "123456") },
            extensions: (0..<count).map { String(8001 + $0) })
    }
}

/// What a simulated outside party does when it is called.
public struct OutsidePartyBehaviour: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Hashable {
        case answer(Duration)
        case ring
        case busy
    }

    let kind: Kind

    /// Ring for `delay`, then answer and stay on the line until hung up.
    public static func answer(after delay: Duration) -> Self { .init(kind: .answer(delay)) }
    /// Ring until told to answer, be busy or hang up (control API), or the caller gives up.
    public static let ringUntilTold = Self(kind: .ring)
    /// Refuse with `USER_BUSY` without ringing.
    public static let busy = Self(kind: .busy)

    /// `answer after 3 s`, `ring until told`, `busy`.
    public var description: String {
        switch self.kind {
        case .answer(let delay): "answer after \(delay)"
        case .ring: "ring until told"
        case .busy: "busy"
        }
    }
}
