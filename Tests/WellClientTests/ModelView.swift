import WellClient
import WellProtocol

/// What both the client's call model and the simulator's `state()` say about one agent, in a
/// comparable form: the agent mode (and a deferred mode), and per call the own connection state
/// and every other visible party with its state.
///
/// One normalisation: another party's `Initiate` counts as `Connect`. A caller that has not been
/// answered yet is `Initiate` in the simulator, but the callee's events (`delivered`) do not say
/// so; for the callee that party is simply on the line.
struct ModelView: Equatable, CustomStringConvertible {
    struct Call: Equatable, CustomStringConvertible {
        var callId: String
        var own: String
        var others: [String: String]

        var description: String {
            "\(self.callId.prefix(8)) own=\(self.own) " + self.others.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
    }

    var mode: String?
    var pendingMode: String?
    var calls: [Call]

    var description: String {
        "mode=\(self.mode ?? "nil") pending=\(self.pendingMode ?? "nil") calls=[\(self.calls.map(\.description).joined(separator: "; "))]"
    }

    private static func other(_ state: String) -> String { state == "Initiate" ? "Connect" : state }

    /// The client's view.
    init(client memory: CallMemory) {
        self.mode = memory.agent.mode
        self.pendingMode = memory.agent.pendingMode
        self.calls = memory.calls.map { call in
            var others: [String: String] = [:]
            for party in call.otherParties { others[party.deviceId] = Self.other(party.state.rawValue) }
            return Call(callId: call.callId, own: call.ownState?.rawValue ?? "none", others: others)
        }.sorted { $0.callId < $1.callId }
    }

    /// The simulator's view for `agentId` on `device`.
    init(simulator state: JSONValue, agentId: String, device: String) {
        let agent = state["agents"]?.arrayValue?.first { $0["agentId"]?.stringValue == agentId }
        self.mode = agent?["agentMode"]?.stringValue
        self.pendingMode = agent?["pendingMode"]?.stringValue
        var calls: [Call] = []
        for call in state["calls"]?.arrayValue ?? [] {
            let parties = call["parties"]?.arrayValue ?? []
            guard let me = parties.first(where: { $0["device"]?.stringValue == device }) else { continue }
            var others: [String: String] = [:]
            for party in parties {
                guard let other = party["device"]?.stringValue, other != device, party["monitor"]?.boolValue != true else { continue }
                others[other] = Self.other(party["state"]?.stringValue ?? "?")
            }
            calls.append(Call(callId: call["callId"]?.stringValue ?? "", own: me["state"]?.stringValue ?? "?", others: others))
        }
        self.calls = calls.sorted { $0.callId < $1.callId }
    }
}

extension ModelView {
    /// Equal, except for parties the device's events never name:
    /// - always: a device invited into a call (single-step conference, forceJoin) that is still
    ///   ringing knows only the caller;
    /// - with `allowUnheardParties`: in any call, parties may be missing (the target of a
    ///   consult → transfer never hears of the held party; a consultee joined into a conference
    ///   never hears of the parties of the held call). Extra or wrong parties always fail.
    /// - with `toldHolds` (the `callId|device` pairs of every `held` this device received): a
    ///   party the client takes for talking may be on hold if the device was never told — a
    ///   hold made before the device joined the call (a transfer target, a conference invitee)
    ///   reaches it in no event (`delivered`/`established`/`conferenced` carry no other party's state).
    func matches(_ simulator: ModelView, allowUnheardParties: Bool = false, toldHolds: Set<String>? = nil) -> Bool {
        guard self.mode == simulator.mode, self.pendingMode == simulator.pendingMode, self.calls.count == simulator.calls.count else {
            return false
        }
        for (mine, theirs) in zip(self.calls, simulator.calls) where mine != theirs {
            guard mine.callId == theirs.callId, mine.own == theirs.own, allowUnheardParties || mine.own == "Alerting",
                mine.others.allSatisfy({ device, state in
                    let actual = theirs.others[device]
                    if actual == state { return true }
                    guard let toldHolds else { return false }
                    return state == "Connect" && actual == "Hold" && !toldHolds.contains("\(mine.callId)|\(device)")
                })
            else { return false }
        }
        return true
    }
}

extension ClientUnderTest {
    /// `callId|device` of every `held` event this client received while in that call (its own
    /// leaving a call forgets what it was told about it: it may be brought back later).
    var toldHolds: Set<String> {
        var told: Set<String> = []
        for event in self.log.all {
            switch event {
            case .held(let e):
                told.insert("\(e.call.callId)|\(e.device)")
            case .connectionCleared(let e) where e.releasingDevice == self.device:
                told = told.filter { !$0.hasPrefix("\(e.call.callId)|") }
            default:
                break
            }
        }
        return told
    }

    /// The client's and the simulator's view of this agent.
    func views(_ simulator: JSONValue) async -> (client: ModelView, simulator: ModelView) {
        let memory = await self.client.callMemory()
        return (ModelView(client: memory), ModelView(simulator: simulator, agentId: self.agentId, device: self.device))
    }
}
