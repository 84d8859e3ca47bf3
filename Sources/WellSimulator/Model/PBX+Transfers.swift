import WellProtocol

extension PBX {
    /// Single-step (blind) transfer of `device`'s call to `to`. The call id stays (docs/protocol.md §11.6):
    /// delivered(target) and transferred to every party and the target, then the initiator is cleared.
    /// With another device this is forceTake.
    mutating func singleStepTransfer(callId: String, device rawDevice: String, to: String) throws(SimulatorError) -> [PBXEffect] {
        let call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        let party = try self.requireParty(call, device)
        guard party.state == .connect || party.state == .hold else { throw .conflict("\(device) is not connected on \(callId)") }
        let target = try self.routable(try self.endpoint(to))
        let targetDevice = self.address(target.number)
        if call.party(targetDevice) != nil { throw .conflict("\(targetDevice) is already in the call") }
        if case .extension_(let n) = target, !self.calls(of: n).isEmpty { throw .conflict("\(targetDevice) is busy") }

        var effects = self.alert(callId: callId, target: target, redirectedBy: device, conferencedBy: nil)
        guard let updated = self.calls[callId] else { return effects }
        if let targetParty = updated.party(targetDevice) {
            // localState is the state of the target's connection (ringing, not yet connected).
            var transferred = self.callEvent(.transferred, call: updated, device: targetDevice, state: targetParty.state.rawValue)
            transferred.cause = "SINGLESTEPTRANSFER"
            transferred.primaryOldCall = callId
            transferred.secondaryOldCall = callId
            transferred.newCall = callId
            transferred.transferringDevice = device
            transferred.transferredToDevice = targetDevice
            effects += self.emit(transferred, to: self.recipients(updated))
            effects += (try? self.drop(callId: callId, device: device, cause: "NORMAL_CLEARING")) ?? []
        }
        return effects
    }

    /// A queue as a transfer/conference target means its longest-idle Ready agent.
    func routable(_ target: PBXEndpoint) throws(SimulatorError) -> PBXEndpoint {
        guard case .queue(let queue) = target else { return target }
        guard let agent = self.idleReadyAgents().first, let number = agent.device else {
            throw .conflict("no agent of queue \(queue) is available")
        }
        return .extension_(number)
    }

    /// Single-step conference: `participant` rings (delivered to all), and on answer
    /// established and conferenced go to every party. With another device this is forceJoin.
    mutating func singleStepConference(callId: String, device rawDevice: String, participant: String, silent: Bool) throws(SimulatorError) -> [PBXEffect] {
        let call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        let party = try self.requireParty(call, device)
        guard party.state == .connect else { throw .conflict("\(device) is not connected on \(callId)") }
        let target = try self.routable(try self.endpoint(participant))
        let targetDevice = self.address(target.number)
        if call.party(targetDevice) != nil { throw .conflict("\(targetDevice) is already in the call") }
        if case .extension_(let n) = target, !self.calls(of: n).isEmpty { throw .conflict("\(targetDevice) is busy") }
        _ = silent // a silent participant gets the same events; it only cannot be heard
        return self.alert(callId: callId, target: target, redirectedBy: nil, conferencedBy: device)
    }

    /// Consult: the call is held by `device` and a consultation call to `participant` starts
    /// (serviceInitiated, originated, delivered — as makeCall). Returns the consultation call id.
    mutating func consult(callId: String, device rawDevice: String, participant: String) throws(SimulatorError) -> (callId: String, effects: [PBXEffect]) {
        let call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        let party = try self.requireParty(call, device)
        guard party.kind == .extension_ else { throw .badRequest("\(device) is not an extension") }
        guard party.state == .connect || party.state == .hold else { throw .conflict("\(device) is not connected on \(callId)") }
        if self.callOrder.contains(where: { self.calls[$0]?.consultHeld == callId }) {
            throw .conflict("\(callId) already has a consultation")
        }
        let target = try self.routable(try self.endpoint(participant))
        if call.party(self.address(target.number)) != nil { throw .conflict("\(target.number) is already in the call") }
        var effects: [PBXEffect] = []
        if party.state == .connect { effects += try self.hold(callId: callId, device: device) }
        let result = self.originate(from: party.number, to: target, consultOf: callId)
        return (result.callId, effects + result.effects)
    }

    /// The consultation call of `heldCallId` by `device`, checked.
    func consultation(held heldCallId: String, device: String, consultCallId: String) throws(SimulatorError) -> (held: PBXCall, consult: PBXCall) {
        let held = try self.requireCall(heldCallId)
        _ = try self.requireParty(held, device)
        let consult = try self.requireCall(consultCallId)
        guard consult.consultHeld == heldCallId, consult.consultBy == device else {
            throw .conflict("\(consultCallId) is not a consultation of \(heldCallId) by \(device)")
        }
        return (held, consult)
    }

    /// Consult → conference: every party of both calls joins the consultation call; every held leg talks again.
    /// `conferenced` goes to all: callId = newCall = the consultation call, secondaryOldCall = the
    /// held call (what the held party knows), primaryOldCall = the consultation call.
    mutating func conference(heldCallId: String, device rawDevice: String, consultCallId: String) throws(SimulatorError) -> [PBXEffect] {
        let device = self.deviceAddress(rawDevice)
        var (held, consult) = try self.consultation(held: heldCallId, device: device, consultCallId: consultCallId)
        guard let added = consult.parties.first(where: { $0.device != device }), added.state == .connect else {
            throw .conflict("the consulted party has not answered")
        }
        held.parties.removeAll { $0.device == device }
        for party in held.parties where consult.party(party.device) == nil { consult.parties.append(party) }
        // The conference ends every hold (the consulting device's and any other); ringing legs ring on.
        for index in consult.parties.indices where consult.parties[index].state == .hold { consult.parties[index].state = .connect }
        if let me = consult.index(of: device) { consult.parties[me].state = .connect }
        consult.consultHeld = nil
        consult.consultBy = nil
        for (key) in held.userDataOrder where consult.userData[key] == nil {
            consult.userData[key] = held.userData[key]
            consult.userDataOrder.append(key)
        }
        self.remove(heldCallId)
        self.store(consult)
        var conferenced = self.callEvent(.conferenced, call: consult, device: added.device, state: "Connect")
        conferenced.primaryOldCall = consultCallId
        conferenced.secondaryOldCall = heldCallId
        conferenced.newCall = consultCallId
        conferenced.conferencingDevice = device
        conferenced.addedParty = added.device
        conferenced.cause = "CONFERENCE"
        return self.emit(conferenced, to: self.recipients(consult))
    }

    /// Cancel a consultation: the consultation call is cleared and the held call retrieved.
    mutating func cancelConsult(heldCallId: String, device rawDevice: String, consultCallId: String) throws(SimulatorError) -> [PBXEffect] {
        let device = self.deviceAddress(rawDevice)
        _ = try self.consultation(held: heldCallId, device: device, consultCallId: consultCallId)
        var effects = try self.drop(callId: consultCallId, device: device)
        if self.calls[heldCallId]?.party(device)?.state == .hold {
            effects += try self.retrieve(callId: heldCallId, device: device)
        }
        return effects
    }

    /// Consult → transfer (docs/protocol.md §11.10): the consulted party joins the held call under the held
    /// call's id. transferred(held) to all three, connectionCleared(held) for the transferring
    /// device to all three, then connectionCleared(consultation) to the transferring device —
    /// which the target receives with the held call's id (its call was renamed).
    mutating func transfer(heldCallId: String, device rawDevice: String, consultCallId: String) throws(SimulatorError) -> [PBXEffect] {
        let device = self.deviceAddress(rawDevice)
        var (held, consult) = try self.consultation(held: heldCallId, device: device, consultCallId: consultCallId)
        let others = consult.visibleParties.filter { $0.device != device }
        guard let target = others.first else { throw .conflict("the consultation has no other party") }
        // A consultation grown into a conference (single-step conference on it) would hand the
        // held call several parties, or one already in it: not modelled, refused cleanly
        // (it used to drop the other parties silently).
        guard others.count == 1, held.party(target.device) == nil else {
            throw .conflict("the consultation \(consultCallId) has more than the consulted party; transfer it by single-step transfer")
        }
        held.parties.append(target)
        self.store(held)
        // localState is the target's connection state: Alerting when an unanswered consultation is transferred.
        var transferred = self.callEvent(.transferred, call: held, device: target.device, state: target.state.rawValue)
        transferred.cause = "TRANSFER"
        transferred.primaryOldCall = heldCallId
        transferred.secondaryOldCall = consultCallId
        transferred.newCall = heldCallId
        transferred.transferringDevice = device
        transferred.transferredToDevice = target.device
        var effects = self.emit(transferred, to: self.recipients(held))
        // The transferring device leaves the held call…
        effects += self.clearedEvent(call: held, releasing: device, hangup: device, cause: "NORMAL_CLEARING")
        held.parties.removeAll { $0.device == device }
        self.store(held)
        // …and the consultation call, which the target now knows by the held call's id.
        var cleared = self.callEvent(.connectionCleared, call: consult, device: device, state: "Idle")
        cleared.releasingDevice = device
        cleared.hangupDevice = device
        cleared.cause = "NORMAL_CLEARING"
        effects += self.emit(cleared, to: self.recipients(consult), renamingCall: [target.device: heldCallId])
        self.remove(consultCallId)
        if held.visibleParties.count <= 1 {
            effects += (try? self.drop(callId: heldCallId, device: held.parties.first?.device ?? "")) ?? []
        }
        effects += self.settleIdleAgents()
        return effects
    }

    /// Silent monitoring (forceListen) of `callId` by extension `device`: the monitor joins
    /// hidden; it alone receives delivered and established (auto-answered) and later the call's events.
    mutating func spy(callId: String, device rawDevice: String) throws(SimulatorError) -> [PBXEffect] {
        var call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        let number = DeviceID.number(of: device)
        guard self.isExtension(number) else { throw .badRequest("\(device) is not an extension") }
        if call.party(device) != nil { throw .conflict("\(device) is already in the call") }
        if !self.calls(of: number).isEmpty { throw .conflict("\(device) is busy") }
        call.parties.append(
            PBXParty(
                device: device, number: number, kind: .extension_, state: .connect, hidden: true,
                alertedAt: self.now(), answeredAt: self.now()))
        self.store(call)
        var delivered = self.callEvent(.delivered, call: call, device: device, state: "Alerting")
        delivered.alertingDevice = device
        delivered.callingDevice = call.callingDevice
        delivered.calledDevice = device
        delivered.cause = "SPY"
        var effects = self.emit(delivered, to: [device])
        var established = self.callEvent(.established, call: call, device: device, state: "Connect")
        established.answeringDevice = device
        established.callingDevice = call.callingDevice
        established.calledDevice = device
        established.cause = "SPY"
        effects += self.emit(established, to: [device])
        return effects
    }
}
