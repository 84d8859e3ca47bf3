#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

extension PBX {
    // MARK: - call data

    mutating func setCallData(callId: String, entries: [(String, String)]) throws(SimulatorError) {
        var call = try self.requireCall(callId)
        for (key, value) in entries {
            if call.userData[key] == nil { call.userDataOrder.append(key) }
            call.userData[key] = value
        }
        self.store(call)
    }

    /// All entries (`key` empty) or one entry, as a JSON object.
    func callData(callId: String, key: String) throws(SimulatorError) -> [String: JSONValue] {
        let call = try self.requireCall(callId)
        if key.isEmpty { return call.userData.mapValues(JSONValue.string) }
        guard let value = call.userData[key] else { throw .notFound("no call data '\(key)' on \(callId)") }
        return [key: .string(value)]
    }

    // MARK: - recording

    mutating func recording(start: Bool, device rawDevice: String) throws(SimulatorError) -> [PBXEffect] {
        guard self.tenant.recordingEnabled else { throw SimulatorError(466, "recording is disabled") }
        let device = self.deviceAddress(rawDevice)
        let number = DeviceID.number(of: device)
        guard self.isExtension(number) else { throw .notFound("no extension \(device)") }
        guard var call = self.calls(of: number).first(where: { $0.party(device)?.state == .connect }) else {
            throw .conflict("\(device) has no connected call")
        }
        if start {
            if call.recordings[device] != nil { throw .conflict("\(device) is already recording") }
            let recordId = self.makeId()
            call.recordings[device] = recordId
            self.store(call)
            var event = self.callEvent(.recordStarted, call: call, device: device, state: "Connect")
            event.recordId = recordId
            let stamp = EventTime.string(from: self.now(), timeZone: self.timeZone)
            let day = stamp.prefix(10).split(separator: ".")
            event.fileName = "/mnt/volumes/recordings/\(self.namespace)/\(day[0])/\(day[1])\(day[2])/\(number)/\(Int(self.now().timeIntervalSince1970))_\(call.id).wav"
            event.isSuccess = true
            return self.emit(event, to: [device])
        }
        guard let recordId = call.recordings.removeValue(forKey: device) else { throw .conflict("\(device) is not recording") }
        self.store(call)
        var event = self.callEvent(.recordStopped, call: call, device: device, state: "Connect")
        event.recordId = recordId
        event.isSuccess = true
        return self.emit(event, to: [device])
    }

    // MARK: - client state and snapshot

    /// `GET /api/csta/agent/client-state` for the session's agent (docs/protocol.md §10.1). `activeCall` is the
    /// call the agent talks on (the newest whose own leg is not held, else the newest); `calls`
    /// lists every call of the agent, oldest first, each with its other parties and their states,
    /// so a client recovering in the middle of a consultation gets the held call back too.
    func clientState(job: String) -> [String: JSONValue] {
        guard let agent = self.agents[job] else { return [:] }
        var agentJSON: [String: JSONValue] = [
            "agentId": .string(agent.loginId), "namespace": .string(self.namespace), "agentMode": .string(agent.mode),
            "agentName": .string(agent.account.name),
        ]
        guard let number = agent.device else { return ["agent": .object(agentJSON)] }
        let device = self.address(number)
        agentJSON["extensionId"] = .string(device)
        let calls = self.calls(of: number)
        let entries = calls.compactMap { self.clientStateCall($0, device: device) }
        if !entries.isEmpty {
            let active = calls.lastIndex { $0.party(device)?.state != .hold } ?? calls.count - 1
            agentJSON["activeCall"] = entries[active]
            agentJSON["calls"] = .array(entries)
        }
        let state = calls.isEmpty ? "Idle" : "Busy"
        return ["agent": .object(agentJSON), "extension": ["extensionId": .string(device), "state": .string(state)]]
    }

    /// One call of `device` as client-state reports it.
    private func clientStateCall(_ call: PBXCall, device: String) -> JSONValue? {
        guard let me = call.party(device) else { return nil }
        let others = call.visibleParties.filter { $0.device != device }
        var json: [String: JSONValue] = [
            "callId": .string(call.id), "ani": .string(DeviceID.number(of: call.callingDevice)),
            "dnis": .string(DeviceID.number(of: call.calledDevice)), "state": .string(me.state.rawValue),
            "direction": .string(call.callingDevice == device ? "Out" : "In"),
            "otherSide": .string(others.first?.device ?? ""),
            "ringTime": .string(EventTime.string(from: me.alertedAt ?? call.createdAt, timeZone: self.timeZone)),
            "parties": .array(others.map { ["deviceId": .string($0.device), "state": .string($0.state.rawValue)] }),
        ]
        if let answered = me.answeredAt { json["answerTime"] = .string(EventTime.string(from: answered, timeZone: self.timeZone)) }
        return .object(json)
    }

    /// The whole model as JSON (control API `GET /sim/state`).
    func snapshot() -> [String: JSONValue] {
        let agents = self.agents.values.sorted { $0.loginId < $1.loginId }.map { agent -> JSONValue in
            var json: [String: JSONValue] = ["agentId": .string(agent.loginId), "agentMode": .string(agent.mode)]
            if let device = agent.device { json["device"] = .string(self.address(device)) }
            if !agent.reason.isEmpty { json["reason"] = .string(agent.reason) }
            if let pending = agent.pendingMode { json["pendingMode"] = .string(pending) }
            return .object(json)
        }
        let calls = self.callOrder.compactMap { self.calls[$0] }.map { call -> JSONValue in
            var json: [String: JSONValue] = [
                "callId": .string(call.id), "callingDevice": .string(call.callingDevice),
                "calledDevice": .string(call.calledDevice), "callType": .string(call.callType),
                "parties": .array(
                    call.parties.map { party in
                        var p: [String: JSONValue] = [
                            "device": .string(party.device), "state": .string(party.state.rawValue),
                            "outside": .bool(party.kind == .outside),
                        ]
                        if party.hidden { p["monitor"] = true }
                        return .object(p)
                    }),
            ]
            if let queue = call.queuedIn { json["queuedIn"] = .string(queue) }
            if let held = call.consultHeld { json["consultOf"] = .string(held) }
            if !call.userData.isEmpty { json["userData"] = .object(call.userData.mapValues(JSONValue.string)) }
            return .object(json)
        }
        return [
            "namespace": .string(self.namespace), "serial": .number(Double(self.serial)),
            "agents": .array(agents), "calls": .array(calls),
            "queues": .object(
                Dictionary(
                    uniqueKeysWithValues: self.tenant.queues.map { queue in
                        (queue, JSONValue.array(self.callOrder.filter { self.calls[$0]?.queuedIn == queue }.map(JSONValue.string)))
                    })),
        ]
    }
}
