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
        let value: JSONValue
        do {
            value = try FastJSONParser.parse(body)
        } catch {
            throw WellClientError.invalidResponse("event", "malformed JSON (\(error))")
        }
        try self.init(json: value)
    }

    private static func make(name: String, fields: [String: JSONValue]) -> WellEvent {
        let wire = WireEvent(json: fields)
        let header = EventHeader(name: name, wire: wire)
        switch name {
        case "agentLoggedOn": return .agentLoggedOn(AgentStateEvent(header, wire))
        case "agentLoggedOff": return .agentLoggedOff(AgentStateEvent(header, wire))
        case "agentReady": return .agentReady(AgentStateEvent(header, wire))
        case "agentNotReady": return .agentNotReady(AgentStateEvent(header, wire))
        case "agentWorkingAfterCall": return .agentWorkingAfterCall(AgentStateEvent(header, wire))
        case "agentAllocated": return .agentAllocated(AgentStateEvent(header, wire))
        case "serviceInitiated": return .serviceInitiated(ServiceInitiatedEvent(header, wire))
        case "originated": return .originated(OriginatedEvent(header, wire))
        case "delivered": return .delivered(DeliveredEvent(header, wire))
        case "established": return .established(EstablishedEvent(header, wire))
        case "connectionCleared": return .connectionCleared(ConnectionClearedEvent(header, wire))
        case "transferred": return .transferred(TransferredEvent(header, wire))
        case "conferenced": return .conferenced(ConferencedEvent(header, wire))
        case "held": return .held(HoldEvent(header, wire, device: wire.holdingDevice))
        case "retrieved": return .retrieved(HoldEvent(header, wire, device: wire.retrievingDevice))
        case "recordStarted": return .recordStarted(RecordingEvent(header, wire))
        case "recordStopped": return .recordStopped(RecordingEvent(header, wire))
        case "failed": return .failed(FailedEvent(header, wire))
        case "ChannelStateChangedEvent": return .channelStateChanged(header)
        default: return .unknown(name: name, .object(fields))
        }
    }
}
