#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellHistory
import WellProtocol

/// Turns the client's call events into history rows, as a pure state machine: feed it every
/// event in order with ``apply(_:now:)`` and write the rows it returns. No I/O.
///
/// The rules it relies on (the event sequences the server sends this device):
/// - a call is ours from `serviceInitiated`/`originated` by our device (placed here) or the
///   first `delivered`/`established` naming it; its number is the far end's device without
///   `@domain` (`calledDevice` when placed here, `callingDevice` otherwise);
/// - `established` by our device answers it here; by another device, a call placed here was
///   answered there;
/// - our `connectionCleared` ends it; `hangupDevice` (or, without one, which leg cleared first)
///   says who ended it; `cause` `USER_BUSY` is a busy callee;
/// - `transferred` naming our device as the transferring one is a transfer away; `conferenced`
///   makes it a conference; a call id renamed or merged by them carries on under the new id
///   (its row keeps the id it started with);
/// - after a recovery or a reconnect (``resync(_:now:)``) calls the server no longer reports
///   are ended from what is known, and calls it reports are adopted (from the row an earlier
///   run left open, when there is one) so that nothing is counted twice.
struct HistoryTracker: Sendable {
    /// What is known of one call that is up.
    struct Entry: Sendable {
        var row: HistoryCall
        var facts: CallFacts
        /// The device whose leg cleared first, while ours was still up.
        var firstCleared: String?
    }

    let ownDevice: String
    let isInternal: @Sendable (String) -> Bool
    /// The calls up, by their current call id.
    private(set) var entries: [String: Entry] = [:]
    /// Rows a previous run left open, until the first recovery or login says what became of them.
    private(set) var leftOpen: [String: HistoryCall] = [:]

    /// A tracker for our device `ownDevice` (`8001@demo.cc`).
    init(ownDevice: String, isInternal: @escaping @Sendable (String) -> Bool) {
        self.ownDevice = ownDevice
        self.isInternal = isInternal
    }

    /// What the store should do.
    enum Write: Sendable, Equatable {
        /// Insert or update the row (while the stored one is open).
        case save(HistoryCall)
        /// Close the open row of this call id as unknown.
        case closeAsUnknown(String)
    }

    /// Hands over the rows an earlier run left open (``HistoryStore/openCalls()``).
    mutating func adoptLeftOpen(_ rows: [HistoryCall]) {
        for row in rows { self.leftOpen[row.callId] = row }
    }

    /// Applies one event; returns the writes it causes.
    mutating func apply(_ event: WellEvent, now: Date) -> [Write] {
        let own = self.ownDevice
        switch event {
        case .serviceInitiated(let e):
            guard e.initiatedDevice == own || e.initiatedDevice.isEmpty else { return [] }
            _ = self.entry(e.call.callId, now: now, placedHere: true, other: nil)
            return []
        case .originated(let e):
            guard e.callingDevice == own else { return [] }
            var writes = self.entry(e.call.callId, now: now, placedHere: true, other: e.calledDevice)
            if var entry = self.entries[e.call.callId], entry.row.number.isEmpty, !e.calledDevice.isEmpty {
                self.setParty(&entry, e.calledDevice)
                self.entries[e.call.callId] = entry
                writes = [.save(entry.row)]
            }
            return writes
        case .delivered(let e):
            var writes: [Write] = []
            if self.entries[e.call.callId] == nil {
                if e.alertingDevice == own {
                    writes = self.entry(e.call.callId, now: now, placedHere: false, other: e.callingDevice)
                } else if e.callingDevice == own {
                    writes = self.entry(e.call.callId, now: now, placedHere: true, other: e.calledDevice)
                } else {
                    return []
                }
            }
            guard var entry = self.entries[e.call.callId] else { return writes }
            var changed = false
            if e.alertingDevice == own, !entry.facts.rangHere {
                entry.facts.rangHere = true
                changed = true
            }
            if let split = e.split, !split.isEmpty, entry.row.queue == nil {
                entry.row.queue = split
                changed = true
            }
            if let data = e.userData, entry.row.callData == nil {
                entry.row.callData = AgentJSON.string(data)
                changed = true
            }
            self.entries[e.call.callId] = entry
            // One save of the row as it now stands (the queue and call data included).
            return (changed || !writes.isEmpty) && !entry.row.number.isEmpty ? [.save(entry.row)] : []
        case .established(let e):
            var writes: [Write] = []
            if self.entries[e.call.callId] == nil {
                guard e.answeringDevice == own || e.callingDevice == own else { return [] }
                let placed = e.callingDevice == own
                writes = self.entry(e.call.callId, now: now, placedHere: placed, other: placed ? e.answeringDevice : e.callingDevice)
            }
            guard var entry = self.entries[e.call.callId] else { return writes }
            if e.answeringDevice == own {
                entry.facts.answeredHere = true
            } else if entry.facts.placedHere {
                entry.facts.answeredThere = true
            }
            if entry.facts.wasAnswered, entry.row.answeredAt == nil { entry.row.answeredAt = now }
            if let split = e.split, !split.isEmpty, entry.row.queue == nil { entry.row.queue = split }
            if let data = e.userData { entry.row.callData = AgentJSON.string(data) }
            self.entries[e.call.callId] = entry
            return [.save(entry.row)]
        case .connectionCleared(let e):
            guard var entry = self.entries[e.call.callId] else { return [] }
            if e.call.cause == "USER_BUSY" { entry.facts.busy = true }
            guard e.releasingDevice == own else {
                if entry.firstCleared == nil { entry.firstCleared = e.releasingDevice }
                self.entries[e.call.callId] = entry
                return []
            }
            self.entries[e.call.callId] = nil
            let hungUp = e.hangupDevice.flatMap { $0.isEmpty ? nil : $0 }
            entry.facts.endedHere = hungUp.map { $0 == own } ?? (entry.firstCleared == nil)
            entry.row.endedBy = Self.bare(hungUp ?? entry.firstCleared ?? own)
            return [.save(Self.finished(entry, at: now))]
        case .failed(let e):
            guard var entry = self.entries[e.call.callId] else { return [] }
            entry.facts.failed = true
            self.entries[e.call.callId] = entry
            return []
        case .transferred(let e):
            let ids = Self.ids(e.call.callId, e.primaryOldCall, e.secondaryOldCall)
            if e.transferringDevice == own {
                for id in ids { self.entries[id]?.facts.transferredAway = true }
                return []
            }
            return self.merge(into: Self.meaningful(e.newCall) ?? e.call.callId, from: ids, now: now) { $0.transferredAway = true }
        case .conferenced(let e):
            let newId = Self.meaningful(e.newCall) ?? e.call.callId
            let ids = Self.ids(e.call.callId, e.primaryOldCall, e.secondaryOldCall)
            for id in ids + [newId] { self.entries[id]?.facts.conferenced = true }
            return self.merge(into: newId, from: ids, now: now) { $0.conferenced = true }
        case .agentLoggedOn:
            // A fresh login: the server has no call of ours that an earlier run left open.
            return self.resolveLeftOpen(keeping: [])
        case .recoverStateSuccess(let info), .wsReconnectSucceed(let info):
            return self.resync(info.calls, now: now)
        default:
            return []
        }
    }

    /// After a recovery or a reconnect: `calls` is every call the server reports for us.
    mutating func resync(_ calls: [CallMemory.Call], now: Date) -> [Write] {
        var writes: [Write] = []
        let reported = Set(calls.map(\.callId))
        // Calls that ended while we were not listening.
        for (callId, entry) in self.entries where !reported.contains(callId) {
            self.entries[callId] = nil
            if entry.facts.wasAnswered {
                writes.append(.save(Self.finished(entry, at: now)))
            } else {
                var row = entry.row
                row.outcome = .unknown
                writes.append(.save(row))
            }
        }
        for call in calls where self.entries[call.callId] == nil {
            var entry: Entry
            if let row = self.leftOpen.removeValue(forKey: call.callId) {
                entry = Entry(
                    row: row,
                    facts: CallFacts(
                        placedHere: row.placedHere, rangHere: !row.placedHere, answeredHere: !row.placedHere && row.answeredAt != nil,
                        answeredThere: row.placedHere && row.answeredAt != nil))
            } else {
                let placed = call.isCalling
                let far = call.otherParties.first?.deviceId ?? (placed ? call.calledDevice : call.callingDevice) ?? ""
                let started = call.createdAt.flatMap { EventTime.date(from: $0) } ?? now
                entry = Entry(
                    row: HistoryCall(
                        callId: call.callId, direction: .inbound, placedHere: placed, number: "", startedAt: started),
                    facts: CallFacts(placedHere: placed, rangHere: !placed))
                self.setParty(&entry, far)
            }
            if call.ownState == .connected || call.ownState == .held || call.establishedAt != nil {
                if entry.facts.placedHere { entry.facts.answeredThere = true } else { entry.facts.answeredHere = true }
                if entry.row.answeredAt == nil { entry.row.answeredAt = call.establishedAt.flatMap { EventTime.date(from: $0) } ?? now }
            }
            self.entries[call.callId] = entry
            writes.append(.save(entry.row))
        }
        return writes + self.resolveLeftOpen(keeping: reported)
    }

    // MARK: - helpers

    /// Rows left open by an earlier run that the server no longer reports: closed as unknown.
    private mutating func resolveLeftOpen(keeping reported: Set<String>) -> [Write] {
        let gone = self.leftOpen.keys.filter { !reported.contains($0) }.sorted()
        for id in gone { self.leftOpen[id] = nil }
        return gone.map { .closeAsUnknown($0) }
    }

    /// The entry of `callId`, created when new (then written as an open row once its number is known).
    private mutating func entry(_ callId: String, now: Date, placedHere: Bool, other: String?) -> [Write] {
        guard !callId.isEmpty, self.entries[callId] == nil else { return [] }
        var entry = Entry(
            row: HistoryCall(callId: callId, direction: .inbound, placedHere: placedHere, number: "", startedAt: now),
            facts: CallFacts(placedHere: placedHere))
        if let row = self.leftOpen.removeValue(forKey: callId) {
            entry.row = row
        }
        if let other, !other.isEmpty, entry.row.number.isEmpty { self.setParty(&entry, other) }
        self.entries[callId] = entry
        return entry.row.number.isEmpty ? [] : [.save(entry.row)]
    }

    private func setParty(_ entry: inout Entry, _ device: String) {
        let number = Self.bare(device)
        entry.row.number = number
        entry.row.direction = self.isInternal(number) ? .internal : (entry.facts.placedHere ? .outbound : .inbound)
    }

    /// Carries calls renamed or merged into `newId`; a call merged into another that is
    /// already tracked ends here with `mark` applied (it became part of that call).
    private mutating func merge(into newId: String, from oldIds: [String], now: Date, mark: (inout CallFacts) -> Void) -> [Write] {
        var writes: [Write] = []
        for oldId in oldIds where oldId != newId {
            guard var old = self.entries.removeValue(forKey: oldId) else { continue }
            if self.entries[newId] == nil {
                self.entries[newId] = old
            } else {
                mark(&old.facts)
                old.row.endedBy = nil
                writes.append(.save(Self.finished(old, at: now)))
            }
        }
        return writes
    }

    private static func finished(_ entry: Entry, at now: Date) -> HistoryCall {
        var row = entry.row
        row.endedAt = now
        row.outcome = entry.facts.outcome
        row.seen = row.outcome != .missed
        return row
    }

    private static func ids(_ ids: String?...) -> [String] {
        ids.compactMap { meaningful($0) }
    }

    private static func meaningful(_ id: String?) -> String? {
        guard let id, !id.isEmpty, id != "0" else { return nil }
        return id
    }

    /// `13800138000@demo.cc` → `13800138000`.
    static func bare(_ device: String) -> String {
        String(device.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
