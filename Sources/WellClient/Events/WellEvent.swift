import WellProtocol

/// One event delivered to consumers: a server event (typed), an unknown server event (raw JSON,
/// never dropped), or an event the client itself produces (link state, recovery, processed
/// call end).
public indirect enum WellEvent: Sendable, Equatable {
    /// `agentLoggedOn`.
    case agentLoggedOn(AgentStateEvent)
    /// `agentLoggedOff`.
    case agentLoggedOff(AgentStateEvent)
    /// `agentReady`.
    case agentReady(AgentStateEvent)
    /// `agentNotReady`.
    case agentNotReady(AgentStateEvent)
    /// `agentWorkingAfterCall`.
    case agentWorkingAfterCall(AgentStateEvent)
    /// `agentAllocated`.
    case agentAllocated(AgentStateEvent)
    /// `serviceInitiated`.
    case serviceInitiated(ServiceInitiatedEvent)
    /// `originated`.
    case originated(OriginatedEvent)
    /// `delivered`.
    case delivered(DeliveredEvent)
    /// `established`.
    case established(EstablishedEvent)
    /// `connectionCleared`.
    case connectionCleared(ConnectionClearedEvent)
    /// `transferred`.
    case transferred(TransferredEvent)
    /// `conferenced`.
    case conferenced(ConferencedEvent)
    /// `held`.
    case held(HoldEvent)
    /// `retrieved`.
    case retrieved(HoldEvent)
    /// `recordStarted`.
    case recordStarted(RecordingEvent)
    /// `recordStopped`.
    case recordStopped(RecordingEvent)
    /// `failed`.
    case failed(FailedEvent)
    /// `ChannelStateChangedEvent` (media noise; passed through, ignored by the call model).
    case channelStateChanged(EventHeader)
    /// Any other server event, as received (minus `params`/`_type`/`topics`).
    case unknown(name: String, JSONValue)

    // MARK: client-produced events
    /// Processed `connectionCleared`: this device left a call (the seed's innerOn payload).
    case callEnded(CallEndedInfo)
    /// The event channel is down and the reconnect policy gave up (`maxAttempts`).
    case wsDisconnected(reason: String)
    /// The event channel has been down for ``ReconnectPolicy/downNotice`` (emitted once per outage).
    case linkDown(reason: String)
    /// The event channel is back after a drop; the call model was resynchronised.
    case wsReconnectSucceed(RecoveryInfo)
    /// The session was recovered from `client-state` without a new Login.
    case recoverStateSuccess(RecoveryInfo)

    /// The wire name (`eventName`) or the client event's name.
    public var name: String {
        switch self {
        case .agentLoggedOn: "agentLoggedOn"
        case .agentLoggedOff: "agentLoggedOff"
        case .agentReady: "agentReady"
        case .agentNotReady: "agentNotReady"
        case .agentWorkingAfterCall: "agentWorkingAfterCall"
        case .agentAllocated: "agentAllocated"
        case .serviceInitiated: "serviceInitiated"
        case .originated: "originated"
        case .delivered: "delivered"
        case .established: "established"
        case .connectionCleared: "connectionCleared"
        case .transferred: "transferred"
        case .conferenced: "conferenced"
        case .held: "held"
        case .retrieved: "retrieved"
        case .recordStarted: "recordStarted"
        case .recordStopped: "recordStopped"
        case .failed: "failed"
        case .channelStateChanged: "ChannelStateChangedEvent"
        case .unknown(let name, _): name
        case .callEnded: "callEnded"
        case .wsDisconnected: "wsDisconnected"
        case .linkDown: "linkDown"
        case .wsReconnectSucceed: "wsReconnectSucceed"
        case .recoverStateSuccess: "recoverStateSuccess"
        }
    }

    /// The common header of a server event; `nil` for client-produced and unknown events.
    public var header: EventHeader? {
        switch self {
        case .agentLoggedOn(let e), .agentLoggedOff(let e), .agentReady(let e), .agentNotReady(let e),
            .agentWorkingAfterCall(let e), .agentAllocated(let e):
            e.header
        case .serviceInitiated(let e): e.header
        case .originated(let e): e.header
        case .delivered(let e): e.header
        case .established(let e): e.header
        case .connectionCleared(let e): e.header
        case .transferred(let e): e.header
        case .conferenced(let e): e.header
        case .held(let e), .retrieved(let e): e.header
        case .recordStarted(let e), .recordStopped(let e): e.header
        case .failed(let e): e.header
        case .channelStateChanged(let h): h
        case .unknown, .callEnded, .wsDisconnected, .linkDown, .wsReconnectSucceed, .recoverStateSuccess: nil
        }
    }

    /// The `serial` of a server event.
    public var serial: Int? {
        if case .unknown(_, let json) = self { return json["serial"]?.intValue }
        return self.header?.serial
    }

    /// The event as JSON: server events as received (stripped), client events as built.
    public var json: JSONValue {
        switch self {
        case .unknown(_, let json): return json
        case .callEnded(let info): return info.json
        case .wsDisconnected(let reason): return ["eventName": "wsDisconnected", "msg": .string(reason)]
        case .linkDown(let reason): return ["eventName": "linkDown", "msg": .string(reason)]
        case .wsReconnectSucceed(let info): return info.json(eventName: "wsReconnectSucceed")
        case .recoverStateSuccess(let info): return info.json(eventName: "recoverStateSuccess")
        default: return self.header?.json ?? .null
        }
    }

    /// Whether this event came from the server (rather than being produced by the client).
    public var isServerEvent: Bool {
        switch self {
        case .callEnded, .wsDisconnected, .linkDown, .wsReconnectSucceed, .recoverStateSuccess: false
        default: true
        }
    }
}
