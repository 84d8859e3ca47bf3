#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// The simulated switch and agent server: tenants' agents, extensions, outside parties, calls,
/// a small ACD. A state machine with no I/O: every operation mutates the model and returns
/// ``PBXEffect``s (events per receiving agent, timers to arm) or throws a ``SimulatorError``.
///
/// Events are stamped here (strictly increasing `serial`, `eventTime`, `srcDeviceId` = the
/// receiving device, `params`/`_type`/`topics`), so the fan-out only routes them.
struct PBX: Sendable {
    /// An agent's server-side state.
    struct AgentState: Sendable, Hashable {
        var account: SimulatorTenant.Agent
        var loginId: String
        /// Extension number while logged in.
        var device: String?
        /// `Logout`, `Ready`, `NotReady`, `WorkNotReady`, `Allocated`.
        var mode = "Logout"
        var reason = ""
        /// A SetState deferred until the agent's calls end.
        var pending: (mode: String, reason: String)? {
            get { self.pendingMode.map { ($0, self.pendingReason) } }
            set {
                self.pendingMode = newValue?.mode
                self.pendingReason = newValue?.reason ?? ""
            }
        }
        var pendingMode: String?
        var pendingReason = ""
        /// Logical time the agent last became idle and Ready (ACD: smallest first).
        var idleSince = 0
        var lastSeen: Date?
        /// An answered inbound queue call of this agent ended: after-call work starts once the
        /// agent has no call left.
        var wrapUpDue = false
        /// Counts after-call work periods, so a timer of an earlier one ends nothing.
        var wrapUpGeneration = 0
    }

    let tenant: SimulatorTenant
    var outsideDefault: OutsidePartyBehaviour
    let now: @Sendable () -> Date
    let timeZone: TimeZone

    var agents: [String: AgentState] = [:] // by job number
    var deviceOwner: [String: String] = [:] // extension number → job number
    var registered: Set<String>
    var calls: [String: PBXCall] = [:]
    var callOrder: [String] = []
    var outsideOverrides: [String: OutsidePartyBehaviour] = [:]
    var serial = 0
    var tick = 0
    var makeId: @Sendable () -> String

    init(
        tenant: SimulatorTenant, outsideDefault: OutsidePartyBehaviour, timeZone: TimeZone = .current,
        now: @escaping @Sendable () -> Date = { Date() }, makeId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.tenant = tenant
        self.outsideDefault = outsideDefault
        self.now = now
        self.timeZone = timeZone
        self.makeId = makeId
        self.registered = Set(tenant.extensions).subtracting(tenant.unregisteredExtensions)
        for account in tenant.agents {
            self.agents[account.jobNumber] = AgentState(account: account, loginId: "\(account.jobNumber)@\(tenant.namespace)")
        }
    }

    // MARK: - addressing

    var namespace: String { self.tenant.namespace }
    func address(_ number: String) -> String { "\(number)@\(self.namespace)" }
    func isExtension(_ number: String) -> Bool { self.tenant.extensions.contains(number) }
    func isQueue(_ number: String) -> Bool { self.tenant.queues.contains(number) }

    /// The job number of the agent logged in on extension `number`.
    func agentOn(_ number: String) -> AgentState? {
        self.deviceOwner[number].flatMap { self.agents[$0] }
    }

    /// Finds a logged-in or known agent from `5001@demo.cc` / `5001`.
    func agentKey(_ loginId: String) -> String? {
        let parsed = DeviceID(parsing: loginId)
        if let parsed, parsed.domain != self.namespace { return nil }
        let job = parsed?.number ?? loginId
        return self.agents[job] == nil ? nil : job
    }

    /// Calls in which extension `number` has a leg.
    func calls(of number: String) -> [PBXCall] {
        self.callOrder.compactMap { self.calls[$0] }.filter { $0.party(self.address(number)) != nil }
    }

    // MARK: - event stamping

    /// Stamps `base` for each receiving extension (skipping those without a logged-in agent).
    mutating func emit(_ base: WireEvent, to devices: [String], renamingCall rename: [String: String] = [:]) -> [PBXEffect] {
        var effects: [PBXEffect] = []
        var seen: Set<String> = []
        for device in devices where seen.insert(device).inserted {
            let number = DeviceID.number(of: device)
            guard let agent = self.agentOn(number) else { continue }
            var event = base
            if let renamed = rename[device], let callId = event.callId {
                event.callId = renamed
                if let connection = event.connectionId, let parsed = ConnectionID(parsing: connection), parsed.callId == callId {
                    event.connectionId = ConnectionID(deviceId: parsed.deviceId, callId: renamed).description
                }
            }
            self.serial += 1
            let name = event.eventName ?? "unknown"
            event.serial = self.serial
            event.eventTime = EventTime.string(from: self.now(), timeZone: self.timeZone)
            event.eventType = name.eventType
            event.namespace = self.namespace
            event.srcDeviceId = device
            if !name.isAgentEvent { event.eventSrc = device }
            event.typeName = name.serverTypeName
            event.params = [
                "_amqpTopic": .string("event.csta.\(self.namespace)"), "agent": .string(agent.loginId),
                "subscriptionId": .string("wellclient-sim"),
            ]
            event.topics =
                name.isAgentEvent
                ? ["agent:\(agent.loginId)", name.rawValue, "agent:\(self.namespace)", "device:\(device)", "agent", "csta"]
                : ["agent:\(agent.loginId)", "extension", name.rawValue, "device:\(device)", "csta"]
            effects.append(.deliver(loginId: agent.loginId, event: event))
        }
        return effects
    }

    /// A call event about `device`'s leg of `call`.
    func callEvent(_ name: EventName, call: PBXCall, device: String, state: String?) -> WireEvent {
        var event = WireEvent(eventName: name)
        event.callId = call.id
        event.deviceId = device
        event.connectionId = ConnectionID(deviceId: device, callId: call.id).description
        event.localState = state
        return event
    }

    /// The extension devices that receive events of `call` (hidden parties get them too).
    func recipients(_ call: PBXCall) -> [String] {
        call.parties.filter { $0.kind == .extension_ }.map(\.device)
    }

    /// Recipients of an event about `device`: everybody, unless the device is hidden (then only itself).
    func recipients(_ call: PBXCall, about device: String) -> [String] {
        if call.party(device)?.hidden == true { return [device] }
        return self.recipients(call)
    }

    /// The call data as the `userData` member of delivered/established.
    func userData(_ call: PBXCall) -> JSONValue {
        var data: [String: JSONValue] = [
            "originalANI": .string(DeviceID.number(of: call.callingDevice)),
            "originalDNIS": .string(DeviceID.number(of: call.calledDevice)),
            "originalCallId": .string(call.id),
        ]
        for key in call.userDataOrder { data[key] = call.userData[key].map(JSONValue.string) }
        return ["data": .object(data)]
    }
}
