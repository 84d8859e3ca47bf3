import WellProtocol

extension WellEvent {
    /// Keys the server adds for its own plumbing; the client removes them (docs/protocol.md §8.3).
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
        Self.typed(name: name, box: WireEventBox(wire))
    }

    /// The typed event for a known `name` around `box` (handed over: the event's header keeps it).
    static func typed(name: String, box: WireEventBox) -> WellEvent? {
        switch name {
        case "agentLoggedOn": return .agentLoggedOn(AgentStateEvent(name: name, box: box))
        case "agentLoggedOff": return .agentLoggedOff(AgentStateEvent(name: name, box: box))
        case "agentReady": return .agentReady(AgentStateEvent(name: name, box: box))
        case "agentNotReady": return .agentNotReady(AgentStateEvent(name: name, box: box))
        case "agentWorkingAfterCall": return .agentWorkingAfterCall(AgentStateEvent(name: name, box: box))
        case "agentAllocated": return .agentAllocated(AgentStateEvent(name: name, box: box))
        case "serviceInitiated": return .serviceInitiated(ServiceInitiatedEvent(name: name, box: box))
        case "originated": return .originated(OriginatedEvent(name: name, box: box))
        case "delivered": return .delivered(DeliveredEvent(name: name, box: box))
        case "established": return .established(EstablishedEvent(name: name, box: box))
        case "connectionCleared": return .connectionCleared(ConnectionClearedEvent(name: name, box: box))
        case "transferred": return .transferred(TransferredEvent(name: name, box: box))
        case "conferenced": return .conferenced(ConferencedEvent(name: name, box: box))
        case "held": return .held(HoldEvent(name: name, box: box, device: box.wire.holdingDevice))
        case "retrieved": return .retrieved(HoldEvent(name: name, box: box, device: box.wire.retrievingDevice))
        case "recordStarted": return .recordStarted(RecordingEvent(name: name, box: box))
        case "recordStopped": return .recordStopped(RecordingEvent(name: name, box: box))
        case "failed": return .failed(FailedEvent(name: name, box: box))
        case "ChannelStateChangedEvent": return .channelStateChanged(EventHeader(name: name, box: box))
        default: return nil
        }
    }
}
