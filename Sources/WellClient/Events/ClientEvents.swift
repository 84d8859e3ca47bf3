import WellProtocol

/// The processed `connectionCleared` (the seed's innerOn payload, docs/protocol.md §9.3): this device
/// left `callId`.
public struct CallEndedInfo: Sendable, Equatable {
    /// The call.
    public var callId: String
    /// Whether our leg was ever connected.
    public var wasEstablished: Bool
    /// `eventTime` of the call's first event.
    public var createdAt: String?
    /// `eventTime` of the first `established`.
    public var establishedAt: String?
    /// The other party of a two-party call (`nil` for conferences).
    public var partyDevice: String?
    /// Whether our device placed the call.
    public var isCaller: Bool
    /// Whether an outside (non-internal) party took part.
    public var isOutCall: Bool
    /// The raw `connectionCleared` event.
    public var event: ConnectionClearedEvent

    var json: JSONValue {
        [
            "eventName": "callEnded",
            "callId": .string(self.callId),
            "isEstablished": .bool(self.wasEstablished),
            "createTimeId": self.createdAt.map(JSONValue.string) ?? .null,
            "establishedTimeId": self.establishedAt.map(JSONValue.string) ?? .null,
            "partyDevice": self.partyDevice.map(JSONValue.string) ?? .null,
            "isCaller": .bool(self.isCaller),
            "isOutCall": .bool(self.isOutCall),
        ]
    }
}

/// What a recovery or a reconnect restored.
public struct RecoveryInfo: Sendable, Equatable {
    /// The agent mode after recovery (`Logout` when the server no longer knows the session).
    public var agentMode: String
    /// The calls the model holds afterwards.
    public var calls: [CallMemory.Call]

    func json(eventName: String) -> JSONValue {
        var object: [String: JSONValue] = ["eventName": .string(eventName), "agentMode": .string(self.agentMode)]
        if let call = self.calls.first {
            object["activeCall"] = [
                "callId": .string(call.callId),
                "callingDevice": call.callingDevice.map(JSONValue.string) ?? .null,
                "calledDevice": call.calledDevice.map(JSONValue.string) ?? .null,
                "state": call.ownState.map { JSONValue.string($0.rawValue) } ?? .null,
                "direction": .string(call.isCalling ? "Out" : "In"),
            ]
        }
        object["calls"] = .array(self.calls.map { .string($0.callId) })
        return .object(object)
    }
}
