import Foundation
import Testing
import WellHistory
import WellNumbers
import WellProtocol

@testable import WellAgent
@testable import WellClient

/// The tracker's rules on event sequences the end-to-end tests cannot make the simulator send:
/// a queue call taken elsewhere, a server without `hangupDevice`, calls that vanish during an
/// outage, a consultation merged by a transfer.
@Suite struct HistoryTrackerTests {
    static let own = "8001@demo.cc"
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func event(_ name: String, _ callId: String, _ fields: [String: JSONValue]) -> WellEvent {
        var object = fields
        object["eventName"] = .string(name)
        object["callId"] = .string(callId)
        object["srcDeviceId"] = .string(own)
        object["eventTime"] = "2026.01.01 10:00:00"
        object["params"] = ["agent": "5001@demo.cc"]
        object["_type"] = "component.cti.event.X"
        object["topics"] = ["csta"]
        return try! WellEvent(json: .object(object))
    }

    static func tracker() -> HistoryTracker {
        HistoryTracker(ownDevice: own, isInternal: { DialPlan.standard.isInternal($0) })
    }

    /// The last saved row of `writes`.
    static func saved(_ writes: [HistoryTracker.Write]) -> HistoryCall? {
        writes.compactMap { if case .save(let row) = $0 { row } else { nil } }.last
    }

    static func ring(_ tracker: inout HistoryTracker, _ callId: String, queue: String? = nil) -> [HistoryTracker.Write] {
        var fields: [String: JSONValue] = [
            "alertingDevice": .string(own), "callingDevice": "13800138000@demo.cc", "calledDevice": .string(queue.map { "\($0)@demo.cc" } ?? own),
        ]
        if let queue { fields["split"] = .string(queue) }
        return tracker.apply(event("delivered", callId, fields), now: t0)
    }

    @Test func aQueueCallTakenElsewhereIsMissedNotRejected() throws {
        var tracker = Self.tracker()
        let opened = try #require(Self.saved(Self.ring(&tracker, "q1", queue: "7000")))
        #expect(opened.outcome == nil)
        #expect(opened.queue == "7000")
        #expect(opened.direction == .inbound)
        // The server pulls the ring from this extension first (the call goes on elsewhere).
        let writes = tracker.apply(
            Self.event("connectionCleared", "q1", ["releasingDevice": .string(Self.own), "hangupDevice": "7000@demo.cc"]),
            now: Self.t0.addingTimeInterval(15))
        let row = try #require(Self.saved(writes))
        #expect(row.outcome == .missed)
        #expect(row.seen == false)
        #expect(row.endedBy == "7000")
        #expect(row.durationSeconds == 0)
    }

    @Test func withoutHangupDeviceWhoClearedFirstDecides() throws {
        var rejected = Self.tracker()
        _ = Self.ring(&rejected, "r1")
        let r = rejected.apply(Self.event("connectionCleared", "r1", ["releasingDevice": .string(Self.own)]), now: Self.t0)
        #expect(Self.saved(r)?.outcome == .rejected)

        var missed = Self.tracker()
        _ = Self.ring(&missed, "m1")
        #expect(missed.apply(Self.event("connectionCleared", "m1", ["releasingDevice": "13800138000@demo.cc"]), now: Self.t0).isEmpty)
        let m = missed.apply(Self.event("connectionCleared", "m1", ["releasingDevice": .string(Self.own)]), now: Self.t0)
        #expect(Self.saved(m)?.outcome == .missed)
        #expect(Self.saved(m)?.endedBy == "13800138000")
    }

    @Test func callsThatVanishDuringAnOutageEndFromWhatIsKnown() throws {
        var tracker = Self.tracker()
        _ = Self.ring(&tracker, "answered")
        _ = tracker.apply(Self.event("established", "answered", ["answeringDevice": .string(Self.own), "callingDevice": "13800138000@demo.cc"]), now: Self.t0.addingTimeInterval(3))
        _ = Self.ring(&tracker, "ringing")
        let writes = tracker.resync([], now: Self.t0.addingTimeInterval(60))
        let rows = Dictionary(uniqueKeysWithValues: writes.compactMap { if case .save(let row) = $0 { (row.callId, row) } else { nil } })
        #expect(rows["answered"]?.outcome == .answered)
        #expect(rows["answered"]?.durationSeconds == 57)
        #expect(rows["ringing"]?.outcome == .unknown)
        #expect(rows["ringing"]?.endedAt == nil)
        #expect(tracker.entries.isEmpty)
    }

    @Test func rowsLeftOpenAreAdoptedOrClosedAtTheFirstResync() throws {
        var tracker = Self.tracker()
        let up = HistoryCall(callId: "up", direction: .inbound, placedHere: false, number: "13800138000", startedAt: Self.t0, answeredAt: Self.t0)
        let gone = HistoryCall(callId: "gone", direction: .outbound, placedHere: true, number: "8002", startedAt: Self.t0)
        tracker.adoptLeftOpen([up, gone])
        var recovered = CallMemory.Call(
            callId: "up", parties: [], callingDevice: "13800138000@demo.cc", calledDevice: Self.own, origin: .recovered, isConferenced: false,
            addedDevices: [], createdAt: nil, establishedAt: nil, userData: nil, recording: nil)
        recovered.parties = [
            .init(deviceId: Self.own, state: .connected, isCalling: false, isOwn: true),
            .init(deviceId: "13800138000@demo.cc", state: .connected, isCalling: true, isOwn: false),
        ]
        let writes = tracker.resync([recovered], now: Self.t0.addingTimeInterval(100))
        #expect(writes.contains(.closeAsUnknown("gone")))
        #expect(Self.saved(writes)?.startedAt == Self.t0, "the row from before the restart is kept, not a new one")
        let end = tracker.apply(
            Self.event("connectionCleared", "up", ["releasingDevice": .string(Self.own), "hangupDevice": "13800138000@demo.cc"]),
            now: Self.t0.addingTimeInterval(120))
        let row = try #require(Self.saved(end))
        #expect(row.outcome == .answered)
        #expect(row.durationSeconds == 120)
        // A fresh login later closes nothing more.
        #expect(tracker.apply(Self.event("agentLoggedOn", "", ["agentMode": "Ready", "agentId": "5001@demo.cc"]), now: Self.t0).isEmpty)
    }

    @Test func aCallRenamedByATransferKeepsItsRow() throws {
        var tracker = Self.tracker()
        _ = tracker.apply(Self.event("serviceInitiated", "c2", ["initiatedDevice": .string(Self.own)]), now: Self.t0)
        let opened = tracker.apply(
            Self.event("originated", "c2", ["callingDevice": .string(Self.own), "calledDevice": "8003@demo.cc"]), now: Self.t0)
        #expect(Self.saved(opened)?.direction == .internal)
        _ = tracker.apply(Self.event("established", "c2", ["answeringDevice": "8003@demo.cc", "callingDevice": .string(Self.own)]), now: Self.t0)
        // Another device's transfer renames c2 into c9.
        _ = tracker.apply(
            Self.event(
                "transferred", "c9",
                ["transferringDevice": "8002@demo.cc", "transferredToDevice": "8003@demo.cc", "primaryOldCall": "c2", "newCall": "c9"]),
            now: Self.t0)
        let end = tracker.apply(Self.event("connectionCleared", "c9", ["releasingDevice": .string(Self.own)]), now: Self.t0.addingTimeInterval(30))
        let row = try #require(Self.saved(end))
        #expect(row.callId == "c2")
        #expect(row.number == "8003")
        #expect(row.outcome == .answered, "a transfer by another device is not a transfer away from here")
    }
}
