import WellProtocol

/// The answer of `GET /api/csta/agent/client-state` (docs/protocol.md §10.1), as far as the client reads it.
public struct ClientState: Sendable, Equatable {
    /// `agent.agentId`.
    public var agentId: String?
    /// `agent.extensionId`.
    public var extensionId: String?
    /// `agent.namespace`.
    public var namespace: String?
    /// `agent.agentMode` (`Logout` = not logged in).
    public var agentMode: String?
    /// `agent.agentName`.
    public var agentName: String?
    /// Calls in progress (`agent.activeCall`, plus `agent.calls` when the server lists several).
    public var calls: [ActiveCall]
    /// Whether an `extension` object was present.
    public var hasExtension: Bool

    /// One call in progress.
    public struct ActiveCall: Sendable, Equatable {
        /// `callId`.
        public var callId: String
        /// `ani` (calling number).
        public var ani: String?
        /// `dnis` (called number).
        public var dnis: String?
        /// `state` (`Connect`, `Alerting`, `Hold`, `Initiate`, …) of our leg.
        public var state: String?
        /// `direction` (`In` / `Out`).
        public var direction: String?
        /// `ringTime`.
        public var ringTime: String?
        /// `answerTime`.
        public var answerTime: String?
        /// `otherSide` (the other party).
        public var otherSide: String?
        /// `parties`, when the server lists every party.
        public var parties: [String]
        /// The wire state (`Connect`, `Hold`, `Alerting`, …) of each party in `parties` that the
        /// server gave one for (`{"deviceId": …, "state": …}` entries), by device.
        public var partyStates: [String: String]
    }

    /// Reads the JSON answer.
    public init(json: JSONValue) {
        let agent = json["agent"]
        self.agentId = agent?["agentId"]?.stringValue
        self.extensionId = agent?["extensionId"]?.stringValue
        self.namespace = agent?["namespace"]?.stringValue
        self.agentMode = agent?["agentMode"]?.stringValue
        self.agentName = agent?["agentName"]?.stringValue
        self.hasExtension = json["extension"].map { $0 != .null } ?? false
        var calls: [ActiveCall] = []
        let listed = agent?["calls"]?.arrayValue ?? json["calls"]?.arrayValue ?? []
        for entry in listed { if let call = ActiveCall(entry) { calls.append(call) } }
        if let active = agent?["activeCall"], let call = ActiveCall(active), !calls.contains(where: { $0.callId == call.callId }) {
            calls.insert(call, at: 0)
        }
        self.calls = calls
    }

    /// Whether the session can be recovered for `agentId` on `deviceId`: a mode other than
    /// `Logout`, our agent id, and our device when the server names one (docs/protocol.md §10.2).
    public func isRecoverable(agentId: String, deviceId: String) -> Bool {
        guard let mode = self.agentMode, mode != "Logout" else { return false }
        return self.agentId == agentId && (self.extensionId == nil || self.extensionId == deviceId)
    }
}

extension ClientState.ActiveCall {
    init?(_ json: JSONValue) {
        guard let callId = json["callId"]?.stringValue, !callId.isEmpty else { return nil }
        self.callId = callId
        self.ani = json["ani"]?.stringValue
        self.dnis = json["dnis"]?.stringValue
        self.state = json["state"]?.stringValue
        self.direction = json["direction"]?.stringValue
        self.ringTime = json["ringTime"]?.stringValue
        self.answerTime = json["answerTime"]?.stringValue
        self.otherSide = json["otherSide"]?.stringValue
        let listed = json["parties"]?.arrayValue ?? []
        self.parties = listed.compactMap { $0.stringValue ?? $0["deviceId"]?.stringValue }
        var states: [String: String] = [:]
        for entry in listed {
            if let device = entry["deviceId"]?.stringValue, let state = entry["state"]?.stringValue { states[device] = state }
        }
        self.partyStates = states
    }
}
