/// The client's call model as a pure state machine: feed it every event with ``apply(_:)``;
/// read ``memory``. No I/O, no clocks.
///
/// Rules (docs/protocol.md §9, without the seed's bugs): calls are born on the first event naming them
/// (`serviceInitiated`, `originated` or `delivered`), including calls this client did not
/// originate; `held`/`retrieved` change the leg of the device named in the event; another
/// device's `connectionCleared` removes that party, ours removes the call; `transferred` and
/// `conferenced` rename and merge calls; `agentAllocated` is cleared by the next agent-state event.
public struct CallModel: Sendable {
    /// The current state.
    public private(set) var memory: CallMemory
    /// The call ids that left the model most recently (oldest first, at most ``endedCallsKept``):
    /// calls this device left, and calls merged or renamed into another by a transfer or a
    /// conference, with whether the call was ever established. A consumer that samples
    /// ``memory`` after an event burst can miss a call's connected state; this keeps the answer
    /// after the call id is gone.
    public private(set) var recentlyEnded: [(callId: String, wasEstablished: Bool)] = []
    /// How many ended calls ``recentlyEnded`` keeps.
    public static let endedCallsKept = 32
    /// The call ids most recently merged or renamed into another call by a transfer or a
    /// conference, with the id they became (oldest first, at most ``endedCallsKept``). Such a
    /// call did not end for the people in it: a ringing consultation transferred to this device
    /// rings on under the held call's id.
    public private(set) var recentlyMerged: [(callId: String, into: String)] = []
    private let isInternal: @Sendable (String) -> Bool
    /// Per call id, the other devices this device saw leave the call (`connectionCleared`).
    /// A later event that merely names such a device (a `conferenced` whose conferencing
    /// device hung up while the invitee was ringing) must not bring it back.
    private var departed: [String: Set<String>] = [:]

    /// Creates an empty model for the agent `agentId` on `deviceId`.
    /// - Parameter isInternal: whether a number (without `@domain`) is internal (for ``CallEndedInfo/isOutCall``).
    public init(agentId: String, deviceId: String, isInternal: @escaping @Sendable (String) -> Bool = { _ in true }) {
        self.memory = CallMemory(agent: .init(agentId: agentId, deviceId: deviceId))
        self.isInternal = isInternal
    }

    /// Our device.
    public var ownDevice: String { self.memory.agent.deviceId }

    /// Applies one event; returns events derived from it (``WellEvent/callEnded(_:)``).
    @discardableResult
    public mutating func apply(_ event: WellEvent) -> [WellEvent] {
        let own = self.ownDevice
        let noCalls = self.memory.calls.isEmpty
        switch event {
        case .agentLoggedOn(let e):
            self.memory.agent.loggedIn = true
            self.setMode(e)
        case .agentLoggedOff(let e):
            self.memory.agent.loggedIn = false
            self.setMode(e)
            self.memory.agent.mode = e.agentMode ?? "Logout"
            self.memory.calls.removeAll()
            self.departed.removeAll()
        case .agentReady(let e), .agentNotReady(let e), .agentWorkingAfterCall(let e):
            self.setMode(e)
        case .agentAllocated(let e):
            self.setMode(e)
            self.memory.agent.mode = e.agentMode ?? "Allocated"
            self.memory.agent.allocated = true
        case .serviceInitiated(let e):
            guard e.initiatedDevice == self.ownDevice || e.initiatedDevice.isEmpty else { break }
            self.withCall(e.call.callId, time: e.header.eventTime, create: true) { call in
                call.origin = noCalls ? .dialed : .consult
                call.callingDevice = call.callingDevice ?? own
                Self.setParty(&call, own, .initiated, isCalling: true, own: own)
            }
        case .originated(let e):
            let otherCall = self.hasOtherCall(than: e.call.callId)
            self.withCall(e.call.callId, time: e.header.eventTime, create: true) { call in
                if !call.parties.contains(where: { $0.isOwn }) {
                    call.origin = otherCall ? .consult : .dialed
                }
                call.callingDevice = e.callingDevice
                if !e.calledDevice.isEmpty { call.calledDevice = e.calledDevice }
                Self.setParty(&call, e.callingDevice, .initiated, isCalling: true, own: own)
            }
        case .delivered(let e):
            self.departed[e.call.callId]?.remove(e.alertingDevice)
            self.withCall(e.call.callId, time: e.header.eventTime, create: true) { call in
                // The caller is added only to a call new to us: in a known call it may have left
                // already (a transfer), and `callingDevice` keeps naming it.
                let fresh = call.parties.isEmpty
                if fresh {
                    call.origin = e.callingDevice == own ? .dialed : .received
                }
                if call.callingDevice == nil, !e.callingDevice.isEmpty { call.callingDevice = e.callingDevice }
                if call.calledDevice == nil, !e.calledDevice.isEmpty { call.calledDevice = e.calledDevice }
                if let userData = e.userData { call.userData = userData }
                if fresh, !e.callingDevice.isEmpty, call.party(e.callingDevice) == nil {
                    let state: ConnectionState = e.callingDevice == own ? .initiated : .connected
                    Self.setParty(&call, e.callingDevice, state, isCalling: true, own: own)
                }
                Self.setParty(&call, e.alertingDevice, .alerting, isCalling: false, own: own)
            }
        case .established(let e):
            let gone = self.departed[e.call.callId] ?? []
            self.withCall(e.call.callId, time: e.header.eventTime, create: true) { call in
                let fresh = call.parties.isEmpty
                // A call transferred to us while it rang: the device that rang us (the
                // transferring colleague) has left; our answer names whom we now talk to.
                if e.answeringDevice == own, !e.callingDevice.isEmpty, e.callingDevice != own, !gone.contains(e.callingDevice),
                    let stale = call.callingDevice, stale != e.callingDevice, call.party(stale) == nil
                {
                    call.callingDevice = e.callingDevice
                    if call.party(e.callingDevice) == nil {
                        Self.setParty(&call, e.callingDevice, .connected, isCalling: true, own: own)
                    }
                }
                if fresh {
                    call.origin = e.callingDevice == own ? .dialed : .received
                }
                if call.callingDevice == nil, !e.callingDevice.isEmpty { call.callingDevice = e.callingDevice }
                if call.calledDevice == nil, !e.calledDevice.isEmpty { call.calledDevice = e.calledDevice }
                if let userData = e.userData { call.userData = userData }
                Self.setParty(&call, e.answeringDevice, .connected, isCalling: false, own: own)
                if !e.callingDevice.isEmpty, e.callingDevice != e.answeringDevice {
                    if let party = call.party(e.callingDevice) {
                        // A held caller stays held (the new party joined someone else's leg); a
                        // ringing one rings on (a server naming the call's first caller, invited back).
                        if party.state != .held, party.state != .alerting {
                            Self.setParty(&call, e.callingDevice, .connected, isCalling: true, own: own)
                        }
                    } else if fresh {
                        // A call new to us; in a known call the caller may have left already.
                        Self.setParty(&call, e.callingDevice, .connected, isCalling: true, own: own)
                    }
                }
                if call.establishedAt == nil, call.ownState == .connected { call.establishedAt = e.header.eventTime }
            }
        case .connectionCleared(let e):
            return self.clear(e)
        case .held(let e):
            self.withCall(e.call.callId, time: e.header.eventTime, create: false) { call in
                Self.setParty(&call, e.device, .held, isCalling: nil, own: own)
            }
        case .retrieved(let e):
            self.withCall(e.call.callId, time: e.header.eventTime, create: false) { call in
                Self.setParty(&call, e.device, .connected, isCalling: nil, own: own)
            }
        case .transferred(let e):
            self.transfer(e)
        case .conferenced(let e):
            self.conference(e)
        case .failed(let e):
            self.withCall(e.call.callId, time: e.header.eventTime, create: false) { call in
                if let device = e.calledDevice ?? call.calledDevice {
                    Self.setParty(&call, device, .failed, isCalling: nil, own: own)
                }
            }
        case .recordStarted(let e), .recordStopped(let e):
            guard let callId = e.callId else { break }
            let started = if case .recordStarted = event { true } else { false }
            self.withCall(callId, time: nil, create: false) { $0.recording = started }
        case .channelStateChanged, .unknown, .callEnded, .wsDisconnected, .linkDown, .wsReconnectSucceed,
            .recoverStateSuccess:
            break
        }
        return []
    }

    /// Records a deferred mode change (`pendingMode` in a SetState answer).
    public mutating func setPendingMode(_ mode: String?) {
        self.memory.agent.pendingMode = mode
    }

    /// Marks the agent logged in (recovery without `agentLoggedOn`).
    public mutating func markLoggedIn(mode: String?) {
        self.memory.agent.loggedIn = true
        if let mode { self.memory.agent.mode = mode }
    }

    /// Forgets every call and the login (after a logout or a failed recovery).
    /// - Parameter mode: the agent mode to report afterwards (`"Logout"` after a session ended).
    public mutating func reset(mode: String? = nil) {
        let agent = self.memory.agent
        self.memory = CallMemory(agent: .init(agentId: agent.agentId, deviceId: agent.deviceId, mode: mode))
        self.departed.removeAll()
    }

    /// Replaces the calls and the agent mode with what `client-state` reports.
    public mutating func rebuild(from state: ClientState) {
        guard let mode = state.agentMode, mode != "Logout" else {
            self.reset(mode: "Logout")
            return
        }
        self.memory.agent.loggedIn = true
        self.memory.agent.mode = mode
        self.memory.agent.allocated = mode == "Allocated"
        self.memory.agent.pendingMode = nil
        let own = self.ownDevice
        var calls: [CallMemory.Call] = []
        for active in state.calls {
            let previous = self.memory.call(active.callId)
            let ownState = active.state.flatMap(ConnectionState.init(wire:)) ?? previous?.ownState ?? .connected
            let outgoing = (active.direction?.lowercased()).map { $0.hasPrefix("out") } ?? previous?.isCalling ?? false
            var call =
                previous
                ?? CallMemory.Call(
                    callId: active.callId, parties: [], callingDevice: nil, calledDevice: nil, origin: .recovered,
                    isConferenced: false, addedDevices: [], createdAt: active.ringTime, establishedAt: nil,
                    userData: nil, recording: nil)
            call.callingDevice = active.ani.map { self.qualify($0) } ?? call.callingDevice
            call.calledDevice = active.dnis.map { self.qualify($0) } ?? call.calledDevice
            if call.establishedAt == nil { call.establishedAt = active.answerTime }
            Self.setParty(&call, self.ownDevice, ownState, isCalling: outgoing, own: own)
            var reported: [String: ConnectionState] = [:]
            for (device, state) in active.partyStates {
                if let state = ConnectionState(wire: state) { reported[self.qualify(device)] = state }
            }
            var others = active.parties.map { self.qualify($0) }.filter { $0 != self.ownDevice }
            if others.isEmpty, let side = active.otherSide, !side.isEmpty { others = [self.qualify(side)] }
            if !others.isEmpty {
                call.parties.removeAll { !$0.isOwn && !others.contains($0.deviceId) }
                for device in others {
                    if let state = reported[device] {
                        Self.setParty(&call, device, state, isCalling: call.party(device) == nil ? !outgoing : nil, own: own)
                    } else if call.party(device) == nil {
                        // No state reported: the other side of our leg is talking (or calling us).
                        let state: ConnectionState = ownState == .alerting && !outgoing ? .connected : (ownState == .held ? .connected : ownState)
                        Self.setParty(&call, device, state, isCalling: !outgoing, own: own)
                    }
                }
            }
            calls.append(call)
        }
        self.memory.calls = calls
        self.departed = self.departed.filter { id, _ in calls.contains { $0.callId == id } }
    }

    // MARK: - helpers

    private mutating func setMode(_ e: AgentStateEvent) {
        if let mode = e.agentMode { self.memory.agent.mode = mode }
        self.memory.agent.reason = e.reason
        self.memory.agent.allocated = false
        self.memory.agent.pendingMode = nil
    }

    private func hasOtherCall(than callId: String) -> Bool {
        self.memory.calls.contains { $0.callId != callId }
    }

    private func qualify(_ device: String) -> String {
        if device.contains("@") { return device }
        let domain = self.ownDevice.split(separator: "@", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        return domain.isEmpty ? device : "\(device)@\(domain)"
    }

    private mutating func withCall(_ callId: String, time: String?, create: Bool, _ body: (inout CallMemory.Call) -> Void) {
        guard !callId.isEmpty else { return }
        if let index = self.memory.calls.firstIndex(where: { $0.callId == callId }) {
            body(&self.memory.calls[index])
            return
        }
        guard create else { return }
        var call = CallMemory.Call(
            callId: callId, parties: [], callingDevice: nil, calledDevice: nil, origin: .received,
            isConferenced: false, addedDevices: [], createdAt: time, establishedAt: nil, userData: nil, recording: nil)
        body(&call)
        // A call is only remembered once it names a party (fuzz finding `empty-call`).
        if !call.parties.isEmpty { self.memory.calls.append(call) }
    }

    private static func setParty(_ call: inout CallMemory.Call, _ device: String, _ state: ConnectionState, isCalling: Bool?, own: String) {
        guard !device.isEmpty else { return }
        if let index = call.parties.firstIndex(where: { $0.deviceId == device }) {
            call.parties[index].state = state
            if let isCalling { call.parties[index].isCalling = call.parties[index].isCalling || isCalling }
        } else {
            call.parties.append(.init(deviceId: device, state: state, isCalling: isCalling ?? false, isOwn: device == own))
        }
    }

    private mutating func clear(_ e: ConnectionClearedEvent) -> [WellEvent] {
        guard let index = self.memory.calls.firstIndex(where: { $0.callId == e.call.callId }) else { return [] }
        if e.releasingDevice != self.ownDevice {
            self.memory.calls[index].parties.removeAll { $0.deviceId == e.releasingDevice }
            self.departed[e.call.callId, default: []].insert(e.releasingDevice)
            // Every party gone (a call between others that we only saw): forget it.
            if self.memory.calls[index].parties.isEmpty {
                self.memory.calls.remove(at: index)
                self.departed[e.call.callId] = nil
            }
            return []
        }
        let call = self.memory.calls.remove(at: index)
        self.departed[call.callId] = nil
        let others = call.otherParties.map(\.deviceId) + call.addedDevices
        let partyDevice: String? =
            call.parties.count <= 2 && !call.isConferenced
            ? (call.otherParties.first?.deviceId ?? (call.isCalling ? call.calledDevice : call.callingDevice)) : nil
        let involved = Set(others + [call.callingDevice, call.calledDevice].compactMap { $0 }).subtracting([self.ownDevice])
        let isOutCall = !call.addedDevices.isEmpty || involved.contains { !self.isInternal(Self.number($0)) }
        self.recordGone(call)
        let info = CallEndedInfo(
            callId: call.callId, wasEstablished: call.establishedAt != nil, createdAt: call.createdAt,
            establishedAt: call.establishedAt, partyDevice: partyDevice, isCaller: call.isCalling, isOutCall: isOutCall,
            event: e)
        return [.callEnded(info)]
    }

    private static func number(_ device: String) -> String {
        String(device.split(separator: "@", maxSplits: 1).first ?? "")
    }

    private static func meaningful(_ id: String?) -> String? {
        guard let id, !id.isEmpty, id != "0" else { return nil }
        return id
    }

    private mutating func transfer(_ e: TransferredEvent) {
        let own = self.ownDevice
        if e.transferringDevice == own { return } // our legs end with connectionCleared
        let newId = Self.meaningful(e.newCall) ?? e.call.callId
        guard !newId.isEmpty else { return }
        let oldIds = [Self.meaningful(e.secondaryOldCall), Self.meaningful(e.primaryOldCall), e.call.callId]
            .compactMap { $0 }.filter { $0 != newId }
        self.merge(into: newId, from: oldIds, keepStates: true)
        self.withCall(newId, time: e.header.eventTime, create: false) { call in
            if let target = e.transferredToDevice, !target.isEmpty, call.party(target) == nil, target != e.transferringDevice {
                // `localState` is the state of the connection the event is about (the target's,
                // e.g. still Alerting when an unanswered consultation was transferred).
                let about = e.call.connectionId?.split(separator: "|", maxSplits: 1).first.map(String.init)
                let state = about == target ? e.call.localState.flatMap(ConnectionState.init(wire:)) ?? .connected : .connected
                Self.setParty(&call, target, state, isCalling: false, own: own)
            }
        }
    }

    private mutating func conference(_ e: ConferencedEvent) {
        let own = self.ownDevice
        let newId = Self.meaningful(e.newCall) ?? e.call.callId
        guard !newId.isEmpty else { return }
        let oldIds = [Self.meaningful(e.primaryOldCall), Self.meaningful(e.secondaryOldCall), e.call.callId]
            .compactMap { $0 }.filter { $0 != newId }
        // Consult → conference merges two calls (an old call id other than the new one is
        // named): every hold ends — also as the consulted party sees it, which never knew the
        // held call; a party still ringing rings on. A single-step conference names no other call (primaryOldCall "0",
        // secondaryOldCall = newCall) and only adds the party that answered; holds stay.
        let merging = !oldIds.isEmpty
        let gone = self.departed[newId] ?? []
        self.merge(into: newId, from: oldIds, keepStates: false)
        self.withCall(newId, time: e.header.eventTime, create: false) { call in
            if let added = e.addedParty, !added.isEmpty {
                Self.setParty(&call, added, .connected, isCalling: nil, own: own)
                if !call.addedDevices.contains(added) { call.addedDevices.append(added) }
            }
            // The invited party learns the device that conferenced it in only from this event
            // (the others know it already, or saw it leave).
            // A conferencing device that hung up while we were ringing is only named, not present.
            if e.addedParty == own, let conferencing = e.conferencingDevice, !conferencing.isEmpty, call.party(conferencing) == nil,
                !gone.contains(conferencing)
            {
                Self.setParty(&call, conferencing, .connected, isCalling: false, own: own)
            }
            if merging {
                for index in call.parties.indices where call.parties[index].state == .held {
                    call.parties[index].state = .connected
                }
            }
            call.isConferenced = true
        }
    }

    /// Remembers in ``recentlyEnded`` that `call`'s id left the model.
    private mutating func recordGone(_ call: CallMemory.Call) {
        self.recentlyEnded.append((call.callId, call.establishedAt != nil))
        if self.recentlyEnded.count > Self.endedCallsKept { self.recentlyEnded.removeFirst() }
    }

    /// Renames/merges the calls `oldIds` into `newId` (creating `newId` from the first known old call).
    private mutating func merge(into newId: String, from oldIds: [String], keepStates: Bool) {
        var target = self.memory.calls.firstIndex { $0.callId == newId }
        for oldId in oldIds {
            guard let oldIndex = self.memory.calls.firstIndex(where: { $0.callId == oldId }) else { continue }
            let old = self.memory.calls[oldIndex]
            if oldId != newId {
                self.recordGone(old)
                self.recentlyMerged.append((oldId, newId))
                if self.recentlyMerged.count > Self.endedCallsKept { self.recentlyMerged.removeFirst() }
            }
            if let targetIndex = target {
                var call = self.memory.calls[targetIndex]
                for party in old.parties where call.party(party.deviceId) == nil { call.parties.append(party) }
                if !keepStates {
                    for index in call.parties.indices where call.parties[index].state == .held { call.parties[index].state = .connected }
                }
                call.addedDevices += old.addedDevices.filter { !call.addedDevices.contains($0) }
                self.memory.calls[targetIndex] = call
                self.memory.calls.remove(at: oldIndex)
            } else {
                self.memory.calls[oldIndex].callId = newId
            }
            if let left = self.departed.removeValue(forKey: oldId) { self.departed[newId, default: []].formUnion(left) }
            target = self.memory.calls.firstIndex { $0.callId == newId }
        }
    }
}
