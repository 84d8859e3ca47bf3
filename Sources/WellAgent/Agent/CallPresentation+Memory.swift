import WellClient
import WellProtocol

extension CallPresentation {
    /// The presentation of `call` from this device's point of view, or nil when our device
    /// is not (or no longer) a party.
    /// - Parameters:
    ///   - call: a call of the client's model.
    ///   - queue: the `split` the call came through (remembered from `delivered`).
    init?(_ call: CallMemory.Call, queue: String?) {
        guard let own = call.ownParty else { return nil }
        let others = call.otherParties
        let phase: Phase
        switch own.state {
        case .alerting where !own.isCalling:
            phase = .ringingIn
        case .held:
            phase = .held
        case .failed:
            phase = .ended
        case .initiated:
            phase = .ringingOut
        case .alerting, .connected:
            let farEndAnswered = others.contains { $0.state == .connected || $0.state == .held }
            phase = own.isCalling && !farEndAnswered && call.establishedAt == nil ? .ringingOut : .connected
        }
        let partyDevice: String? =
            switch phase {
            case .ringingIn: call.callingDevice ?? others.first?.deviceId
            case .ringingOut: call.calledDevice ?? others.first?.deviceId
            default: others.first?.deviceId ?? (own.isCalling ? call.calledDevice : call.callingDevice)
            }
        self.init(
            callId: call.callId, phase: phase, party: Self.number(partyDevice ?? ""), queue: queue,
            callData: CallDataPresentation.lines(
                call.userData,
                context: .init(
                    callingDevice: call.callingDevice, calledDevice: call.calledDevice, ownDevice: own.deviceId)),
            wasConnected: call.establishedAt != nil || phase == .connected || phase == .held,
            isConference: call.isConferenced || others.count > 1)
    }

    /// `13800138000@demo.cc` → `13800138000`.
    static func number(_ device: String) -> String {
        String(device.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// User data as sorted (key, text) pairs, unfiltered and uncut, for `GetCallData`: objects
    /// by key, `[{key, value}]` lists in order.
    static func pairs(_ data: JSONValue?) -> [(String, String)] {
        guard let data else { return [] }
        if let object = data.objectValue {
            return object.keys.sorted().map { ($0, text(object[$0] ?? .null)) }
        }
        if let list = data.arrayValue {
            return list.compactMap { entry in
                guard let key = entry["key"]?.stringValue else { return nil }
                return (key, text(entry["value"] ?? .null))
            }
        }
        return []
    }

    static func text(_ value: JSONValue) -> String {
        if let string = value.stringValue { return string }
        return AgentJSON.string(value)
    }
}
