import Foundation
import WellClient

/// The per-input check of the event fuzzer (`FuzzEvents`), also run by the regression tests on
/// the corpus and the reproducers.
///
/// Input: STOMP `MESSAGE` bodies separated by the byte 0x1E (at most 64 are used); each is
/// decoded with `WellEvent(body:)` and, when it decodes, applied to one `CallModel` for agent
/// `5001@demo.cc` on `8001@demo.cc`.
///
/// Invariants: no crash on any bytes; decoding errors are `WellClientError` values; a decoded
/// event has a name; after every event the call model holds at most one call per event applied,
/// call ids are unique and non-empty, no call is left without parties, parties are unique and
/// non-empty and `isOwn` marks exactly our device; our own `connectionCleared` ends the call (and
/// only then is `callEnded` derived); `agentLoggedOff` leaves no call; the memory survives a JSON
/// round trip.
public enum EventsFuzzCheck {
    static let agentId = "5001@demo.cc"
    static let ownDevice = "8001@demo.cc"
    static let separator: UInt8 = 0x1E
    static let maxEvents = 64

    /// Returns the violated invariants for one input (`"tag: detail"`), empty when all hold.
    public static func violations(for input: [UInt8]) -> [String] {
        var model = CallModel(agentId: Self.agentId, deviceId: Self.ownDevice, isInternal: { $0.hasPrefix("8") })
        var problems: [String] = []
        var applied = 0
        for body in input.split(separator: Self.separator, omittingEmptySubsequences: false).prefix(Self.maxEvents) {
            let event: WellEvent
            do {
                event = try WellEvent(body: body)
            } catch {
                if !(error is WellClientError) { problems.append("error-type: \(type(of: error)): \(error)") }
                continue
            }
            if event.name.isEmpty { problems.append("event-name: decoded event without a name: \(event)") }
            let before = model.memory
            let derived = model.apply(event)
            applied += 1
            Self.checkModel(model.memory, after: event, before: before, derived: derived, applied: applied, &problems)
            if !problems.isEmpty { return problems }
        }
        Self.checkCodable(model.memory, &problems)
        return problems
    }

    static func checkModel(
        _ memory: CallMemory, after event: WellEvent, before: CallMemory, derived: [WellEvent], applied: Int,
        _ problems: inout [String]
    ) {
        let calls = memory.calls
        if calls.count > applied {
            problems.append("call-count: \(calls.count) calls after \(applied) events")
        }
        if Set(calls.map(\.callId)).count != calls.count || calls.contains(where: { $0.callId.isEmpty }) {
            problems.append("call-ids: duplicate or empty call id in \(calls.map(\.callId)) after \(event.name)")
        }
        for call in calls {
            if call.parties.isEmpty {
                problems.append("empty-call: call \(call.callId.debugDescription) has no party after \(event.name)")
            }
            let devices = call.parties.map(\.deviceId)
            if Set(devices).count != devices.count || devices.contains(where: \.isEmpty) {
                problems.append("parties: duplicate or empty device in call \(call.callId): \(devices)")
            }
            for party in call.parties where party.isOwn != (party.deviceId == Self.ownDevice) {
                problems.append("own-party: \(party.deviceId) isOwn=\(party.isOwn) in call \(call.callId)")
            }
        }
        switch event {
        case .agentLoggedOff:
            if !calls.isEmpty { problems.append("logged-off: \(calls.count) calls left after agentLoggedOff") }
        case .connectionCleared(let cleared) where cleared.releasingDevice == Self.ownDevice:
            let callId = cleared.call.callId
            let existed = before.call(callId) != nil
            if memory.call(callId) != nil {
                problems.append("cleared: call \(callId) still present after our connectionCleared")
            }
            let ended = derived.contains { if case .callEnded = $0 { true } else { false } }
            if ended != existed {
                problems.append("call-ended: callEnded derived=\(ended) for a call that existed=\(existed)")
            }
        default:
            if !derived.isEmpty { problems.append("derived: \(event.name) derived \(derived.count) events") }
        }
    }

    /// The memory (what `wellclient status --json` prints) encodes and decodes to itself.
    static func checkCodable(_ memory: CallMemory, _ problems: inout [String]) {
        do {
            let data = try JSONEncoder().encode(memory)
            let back = try JSONDecoder().decode(CallMemory.self, from: data)
            if back != memory { problems.append("memory-codable: \(memory) came back as \(back)") }
        } catch {
            problems.append("memory-codable: \(error)")
        }
        if memory.jsonString().isEmpty { problems.append("memory-json: empty jsonString()") }
    }
}
