#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

/// Where a dialled string leads.
enum PBXEndpoint: Hashable {
    case extension_(String)
    case queue(String)
    case outside(String)

    var number: String {
        switch self {
        case .extension_(let n), .queue(let n), .outside(let n): n
        }
    }
}

extension PBX {
    /// Resolves a dialled string: `8002`, `8002@demo.cc`, `7000`, `913800138000`, `938834600-WW8001`.
    func endpoint(_ dialled: String) throws(SimulatorError) -> PBXEndpoint {
        var text = dialled.trimmingWhitespace(newlines: false)
        if let parsed = DeviceID(parsing: text) { text = parsed.number }
        if let dash = text.firstIndex(of: "-") { text = String(text[..<dash]) } // DTMF suffix of a dial string
        guard !text.isEmpty, text.count <= 32, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "*" || $0 == "#" })
        else { throw .badRequest("invalid number '\(dialled)'") }
        if self.isExtension(text) { return .extension_(text) }
        if self.isQueue(text) { return .queue(text) }
        return .outside(text)
    }

    func requireCall(_ callId: String) throws(SimulatorError) -> PBXCall {
        guard let call = self.calls[callId] else { throw .notFound("no call \(callId)") }
        return call
    }

    func requireParty(_ call: PBXCall, _ device: String) throws(SimulatorError) -> PBXParty {
        guard let party = call.party(device) else { throw .notFound("no connection \(device)|\(call.id)") }
        return party
    }

    /// Normalises a device path parameter to `number@namespace`.
    func deviceAddress(_ device: String) -> String {
        if let parsed = DeviceID(parsing: device) { return "\(parsed.number)@\(parsed.domain)" }
        return self.address(device)
    }

    mutating func store(_ call: PBXCall) {
        if self.calls[call.id] == nil { self.callOrder.append(call.id) }
        self.calls[call.id] = call
    }

    mutating func remove(_ callId: String) {
        self.calls[callId] = nil
        self.callOrder.removeAll { $0 == callId }
    }

    // MARK: - makeCall

    /// makeCall from extension `from` to `to`; returns the new call id.
    mutating func makeCall(from: String, to: String) throws(SimulatorError) -> (callId: String, effects: [PBXEffect]) {
        let fromNumber = DeviceID(parsing: from)?.number ?? from
        guard self.isExtension(fromNumber) else { throw .badRequest("'from' \(from) is not an extension of \(self.namespace)") }
        let target = try self.endpoint(to)
        if target.number == fromNumber { throw .badRequest("cannot call yourself") }
        let active = self.calls(of: fromNumber).compactMap { $0.party(self.address(fromNumber)) }.filter { $0.state != .hold }
        if !active.isEmpty { throw .conflict("\(from) already has an active call") }
        return self.originate(from: fromNumber, to: target, consultOf: nil)
    }

    /// Creates an outgoing call from an extension: serviceInitiated, originated, then alerting.
    mutating func originate(from number: String, to target: PBXEndpoint, consultOf held: String?) -> (callId: String, effects: [PBXEffect]) {
        let device = self.address(number)
        var call = PBXCall(
            id: self.makeId(), parties: [PBXParty(device: device, number: number, kind: .extension_, state: .initiate)],
            callingDevice: device, calledDevice: self.address(target.number),
            callType: { if case .outside = target { return "Outbound" } else { return "Internal" } }(), createdAt: self.now())
        if let held {
            call.consultHeld = held
            call.consultBy = device
        }
        self.store(call)
        var initiated = self.callEvent(.serviceInitiated, call: call, device: device, state: "Initiate")
        initiated.cause = "NORMAL"
        initiated.initiatedDevice = device
        var effects = self.emit(initiated, to: [device])
        var originated = self.callEvent(.originated, call: call, device: device, state: "Initiate")
        originated.cause = "NEWCALL"
        originated.callingDevice = call.callingDevice
        originated.calledDevice = call.calledDevice
        effects += self.emit(originated, to: [device])
        effects += self.alert(callId: call.id, target: target, redirectedBy: nil, conferencedBy: nil)
        return (call.id, effects)
    }

    /// Brings `target` into the call: it rings (delivered to all), is refused (busy), or queues.
    mutating func alert(callId: String, target: PBXEndpoint, redirectedBy: String?, conferencedBy: String?) -> [PBXEffect] {
        guard var call = self.calls[callId] else { return [] }
        let device = self.address(target.number)
        switch target {
        case .queue(let queue):
            call.queuedIn = queue
            call.split = self.address(queue)
            self.store(call)
            return self.distributeQueuedCalls()
        case .extension_(let number):
            if !self.registered.contains(number) {
                return self.refuse(callId: callId, device: device, number: number, kind: .extension_, cause: "SUBSCRIBER_ABSENT")
            }
            if !self.calls(of: number).isEmpty {
                return self.refuse(callId: callId, device: device, number: number, kind: .extension_, cause: "USER_BUSY")
            }
        case .outside(let number):
            if self.behaviour(for: number).kind == .busy {
                self.outsideOverrides[number] = nil
                return self.refuse(callId: callId, device: device, number: number, kind: .outside, cause: "USER_BUSY")
            }
        }
        let kind: PBXParty.Kind = if case .outside = target { .outside } else { .extension_ }
        call.parties.append(
            PBXParty(
                device: device, number: target.number, kind: kind, state: .alerting,
                conferencedBy: conferencedBy, alertedAt: self.now()))
        self.store(call)
        var delivered = self.callEvent(.delivered, call: call, device: device, state: "Alerting")
        delivered.alertingDevice = device
        delivered.callingDevice = self.caller(of: call, joining: device, joinedBy: redirectedBy ?? conferencedBy)
        delivered.calledDevice = redirectedBy == nil && conferencedBy == nil ? call.calledDevice : device
        delivered.lastRedirectionDevice = redirectedBy
        delivered.cause = "NEWCALL"
        delivered.callType = call.callType
        delivered.split = call.split
        delivered.userData = self.userData(call)
        var effects = self.emit(delivered, to: self.recipients(call))
        if case .outside(let number) = target, case .answer(let delay) = self.behaviour(for: number).kind {
            effects.append(.answerLater(callId: call.id, device: device, delay: delay))
        }
        return effects
    }

    /// The `callingDevice` of a `delivered`/`established` about `device` joining the call: the
    /// call's original caller while it is still in the call; once it has left (the call was
    /// transferred or conferenced on), the device that brings the new party in, else another
    /// party on the line — never a device that is gone, which the new party would take for a
    /// party of the call. (A caller that left and was invited back rings: it is not the one calling.)
    func caller(of call: PBXCall, joining device: String, joinedBy: String?) -> String {
        let onLine = call.visibleParties.filter { $0.device != device && $0.state != .alerting }
        if onLine.contains(where: { $0.device == call.callingDevice }) { return call.callingDevice }
        if let joinedBy, onLine.contains(where: { $0.device == joinedBy }) { return joinedBy }
        return onLine.first?.device ?? joinedBy ?? call.callingDevice
    }

    /// The target refuses without ringing: cleared with `cause`, which ends a two-party call.
    mutating func refuse(callId: String, device: String, number: String, kind: PBXParty.Kind, cause: String) -> [PBXEffect] {
        guard var call = self.calls[callId] else { return [] }
        call.parties.append(PBXParty(device: device, number: number, kind: kind, state: .alerting))
        self.store(call)
        return (try? self.drop(callId: callId, device: device, cause: cause)) ?? []
    }

    func behaviour(for number: String) -> OutsidePartyBehaviour {
        self.outsideOverrides[number] ?? self.outsideDefault
    }

    // MARK: - answer / drop / hold / retrieve

    mutating func answer(callId: String, device rawDevice: String) throws(SimulatorError) -> [PBXEffect] {
        var call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        guard let index = call.index(of: device) else { throw .notFound("no connection \(device)|\(callId)") }
        guard call.parties[index].state == .alerting else { throw .conflict("\(device) is not ringing on \(callId)") }
        call.parties[index].state = .connect
        call.parties[index].answeredAt = self.now()
        for i in call.parties.indices where call.parties[i].state == .initiate { call.parties[i].state = .connect }
        let conferencedBy = call.parties[index].conferencedBy
        call.parties[index].conferencedBy = nil
        self.store(call)
        var established = self.callEvent(.established, call: call, device: device, state: "Connect")
        established.answeringDevice = device
        established.callingDevice = self.caller(of: call, joining: device, joinedBy: conferencedBy)
        established.calledDevice = conferencedBy == nil ? call.calledDevice : device
        established.cause = "NEWCALL"
        established.callType = call.callType
        established.split = call.split
        established.userData = self.userData(call)
        var effects = self.emit(established, to: self.recipients(call, about: device))
        if let conferencedBy {
            var conferenced = self.callEvent(.conferenced, call: call, device: device, state: "Connect")
            conferenced.primaryOldCall = "0"
            conferenced.secondaryOldCall = call.id
            conferenced.newCall = call.id
            conferenced.conferencingDevice = conferencedBy
            conferenced.addedParty = device
            conferenced.cause = "SINGLESTEPCONFERENCE"
            effects += self.emit(conferenced, to: self.recipients(call, about: device))
        }
        return effects
    }

    /// Clears `device`'s connection. A call left with one visible party is cleared for it too.
    /// A consultation ended by the consultee gives the held call back to the consulting device.
    mutating func drop(callId: String, device rawDevice: String, cause: String = "NORMAL_CLEARING") throws(SimulatorError) -> [PBXEffect] {
        var call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        guard let index = call.index(of: device) else { throw .notFound("no connection \(device)|\(callId)") }
        let before = call
        var effects = self.clearedEvent(call: call, releasing: device, hangup: device, cause: cause)
        let leaving = call.parties.remove(at: index)
        self.noteWrapUp(leaving, of: before)
        if call.visibleParties.count <= 1 {
            // The call is torn down: every party's clearing goes to everybody who was in it.
            for party in call.parties {
                effects += self.clearedEvent(call: before, releasing: party.device, hangup: device, cause: cause)
                self.noteWrapUp(party, of: before)
            }
            call.parties.removeAll()
        }
        if call.parties.isEmpty {
            self.remove(callId)
            for other in self.callOrder where self.calls[other]?.consultHeld == callId {
                self.calls[other]?.consultHeld = nil
                self.calls[other]?.consultBy = nil
            }
        } else {
            self.store(call)
        }
        // The consultee left a consultation: the consulting device gets its held call back.
        if let held = call.consultHeld, let by = call.consultBy, leaving.device != by, call.parties.isEmpty,
            let heldCall = self.calls[held], heldCall.party(by)?.state == .hold
        {
            effects += (try? self.retrieve(callId: held, device: by)) ?? []
        }
        effects += self.settleIdleAgents()
        return effects
    }

    mutating func clearedEvent(call: PBXCall, releasing: String, hangup: String, cause: String) -> [PBXEffect] {
        var event = self.callEvent(.connectionCleared, call: call, device: releasing, state: "Idle")
        event.releasingDevice = releasing
        event.hangupDevice = hangup
        event.cause = cause
        return self.emit(event, to: self.recipients(call, about: releasing))
    }

    mutating func hold(callId: String, device rawDevice: String) throws(SimulatorError) -> [PBXEffect] {
        var call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        guard let index = call.index(of: device) else { throw .notFound("no connection \(device)|\(callId)") }
        guard call.parties[index].state == .connect else { throw .conflict("\(device) is not connected on \(callId)") }
        call.parties[index].state = .hold
        self.store(call)
        var held = self.callEvent(.held, call: call, device: device, state: "Hold")
        held.holdingDevice = device
        return self.emit(held, to: self.recipients(call, about: device))
    }

    mutating func retrieve(callId: String, device rawDevice: String) throws(SimulatorError) -> [PBXEffect] {
        var call = try self.requireCall(callId)
        let device = self.deviceAddress(rawDevice)
        guard let index = call.index(of: device) else { throw .notFound("no connection \(device)|\(callId)") }
        guard call.parties[index].state == .hold else { throw .conflict("\(device) is not holding \(callId)") }
        let number = DeviceID.number(of: device)
        let busyElsewhere = self.calls(of: number).contains { other in
            other.id != callId && [.connect, .alerting, .initiate].contains(other.party(device)?.state)
        }
        if busyElsewhere { throw .conflict("\(device) has another active call; end or transfer it first") }
        call.parties[index].state = .connect
        self.store(call)
        var retrieved = self.callEvent(.retrieved, call: call, device: device, state: "Connect")
        retrieved.retrievingDevice = device
        return self.emit(retrieved, to: self.recipients(call, about: device))
    }
}
