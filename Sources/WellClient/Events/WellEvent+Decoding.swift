import WellProtocol

extension WellEvent {
    /// Keys the server adds for its own plumbing; the client removes them (protocol §6.4).
    static let strippedKeys = ["params", "_type", "topics"]

    /// Builds the typed event from a decoded JSON object.
    /// - Throws: ``WellClientError`` (`invalidResponse`) when the value is not an object with an `eventName`.
    public init(json: JSONValue) throws {
        guard case .object(var fields) = json else {
            throw WellClientError.invalidResponse("event", "not a JSON object")
        }
        for key in Self.strippedKeys { fields.removeValue(forKey: key) }
        guard let name = fields["eventName"]?.stringValue, !name.isEmpty else {
            throw WellClientError.invalidResponse("event", "no eventName")
        }
        self = Self.make(name: name, fields: fields)
    }

    /// Decodes an event from the body of a STOMP `MESSAGE`.
    /// - Throws: ``WellClientError`` (`invalidResponse`) for malformed JSON or a missing `eventName`.
    public init(body: some Collection<UInt8>) throws {
        // The common case in one pass; anything unusual (and every error) takes the general path.
        if let event = EventBodyDecoder.decode(body) {
            self = event
            return
        }
        let value: JSONValue
        do {
            value = try FastJSONParser.parse(body)
        } catch {
            throw WellClientError.invalidResponse("event", "malformed JSON (\(error))")
        }
        try self.init(json: value)
    }

    private static func make(name: String, fields: [String: JSONValue]) -> WellEvent {
        Self.typed(name: name, wire: WireEvent(json: fields)) ?? .unknown(name: name, .object(fields))
    }

    /// The typed event for a known `name`; `nil` for names the client has no type for.
    static func typed(name: String, wire: consuming WireEvent) -> WellEvent? {
        switch name {
        case "agentLoggedOn": return .agentLoggedOn(AgentStateEvent(name: name, wire: wire))
        case "agentLoggedOff": return .agentLoggedOff(AgentStateEvent(name: name, wire: wire))
        case "agentReady": return .agentReady(AgentStateEvent(name: name, wire: wire))
        case "agentNotReady": return .agentNotReady(AgentStateEvent(name: name, wire: wire))
        case "agentWorkingAfterCall": return .agentWorkingAfterCall(AgentStateEvent(name: name, wire: wire))
        case "agentAllocated": return .agentAllocated(AgentStateEvent(name: name, wire: wire))
        case "serviceInitiated": return .serviceInitiated(ServiceInitiatedEvent(name: name, wire: wire))
        case "originated": return .originated(OriginatedEvent(name: name, wire: wire))
        case "delivered": return .delivered(DeliveredEvent(name: name, wire: wire))
        case "established": return .established(EstablishedEvent(name: name, wire: wire))
        case "connectionCleared": return .connectionCleared(ConnectionClearedEvent(name: name, wire: wire))
        case "transferred": return .transferred(TransferredEvent(name: name, wire: wire))
        case "conferenced": return .conferenced(ConferencedEvent(name: name, wire: wire))
        case "held": return .held(HoldEvent(name: name, wire: wire, device: wire.holdingDevice))
        case "retrieved": return .retrieved(HoldEvent(name: name, wire: wire, device: wire.retrievingDevice))
        case "recordStarted": return .recordStarted(RecordingEvent(name: name, wire: wire))
        case "recordStopped": return .recordStopped(RecordingEvent(name: name, wire: wire))
        case "failed": return .failed(FailedEvent(name: name, wire: wire))
        case "ChannelStateChangedEvent": return .channelStateChanged(EventHeader(name: name, wire: wire))
        default: return nil
        }
    }
}
