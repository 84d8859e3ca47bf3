import Foundation
import Testing
import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// Seeded random operations over three agents (and outside parties played by the simulator).
/// After every step all clients are flushed with an event barrier and each client's call model
/// must match the simulator's `state()`; a difference fails with the seed and the step.
///
/// Replay a seed with `WELLCLIENT_SEED=<n> swift test --filter ClientRandomTests`.
struct ClientRandomTests {
    static let outside = ["13800138000", "13900139000"]

    @Test(.timeLimit(.minutes(3)))
    func randomOperationsKeepEveryCallModelInStepWithTheSimulator() async throws {
        let seed = ProcessInfo.processInfo.environment["WELLCLIENT_SEED"].flatMap(UInt64.init) ?? 20_261_125
        let steps = ProcessInfo.processInfo.environment["WELLCLIENT_STEPS"].flatMap(Int.init) ?? 600
        try await ClientHarness.withLoggedIn([("5001", "8001"), ("5002", "8002"), ("5003", "8003")]) { sim, clients in
            var driver = RandomDriver(sim: sim, clients: clients, generator: SeededGenerator(seed: seed))
            var tally: [String: Int] = [:]
            var history: [String] = []
            for step in 0..<steps {
                let state = await sim.simulator.state()
                let action = driver.choose(state)
                let outcome = await driver.perform(action)
                tally["\(action.kind)/\(outcome)", default: 0] += 1
                history.append("\(step): \(action) → \(outcome)")
                if case .unexpected(let error) = outcome {
                    Issue.record("seed \(seed) step \(step) \(action): unexpected error \(error)")
                    return
                }
                for client in clients { try await client.settle() }
                let after = await sim.simulator.state()
                for client in clients {
                    let views = await client.views(after)
                    if !views.client.matches(views.simulator, allowUnheardParties: true, toldHolds: client.toldHolds) {
                        Issue.record(
                            "seed \(seed) step \(step) \(action): \(client.job) client \(views.client) ≠ simulator \(views.simulator)\nlast steps:\n\(history.suffix(10).joined(separator: "\n"))\nevents of \(client.job): \(client.log.all.suffix(12).map(\.name))"
                        )
                        return
                    }
                }
            }
            let performed = tally.filter { $0.key.hasSuffix("/ok") }.values.reduce(0, +)
            print("random seed \(seed): \(steps) steps, \(performed) accepted; \(tally.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
            #expect(performed >= steps / 2, "most operations should be valid in the state they were chosen for")
        }
    }
}

/// One random operation.
struct RandomAction: CustomStringConvertible {
    enum Kind: String {
        case dial, answer, outsideAnswer, drop, outsideHangup, hold, retrieve, singleStepTransfer, singleStepConference
        case consult, conference, transfer, cancelConsult, setMode, ring, outsideBusy
    }

    var kind: Kind
    /// Acting agent index (0…2), when an agent acts.
    var agent: Int?
    var callId: String?
    var consultCallId: String?
    /// Number dialled / transferred to / outside party acting.
    var number: String?
    var mode: WellClientConfiguration.AgentMode?

    var description: String {
        "\(self.kind.rawValue)(agent: \(self.agent.map { String(5001 + $0) } ?? "-"), call: \(self.callId?.prefix(8) ?? "-"), consult: \(self.consultCallId?.prefix(8) ?? "-"), number: \(self.number ?? "-"), mode: \(self.mode?.rawValue ?? "-"))"
    }
}

/// Chooses operations that mostly make sense in the simulator's current state, and performs them.
struct RandomDriver {
    enum Outcome: CustomStringConvertible {
        case ok
        /// The server or a client guard refused (a legitimate answer for a random operation).
        case refused
        case unexpected(String)

        var description: String {
            switch self {
            case .ok: "ok"
            case .refused: "refused"
            case .unexpected: "unexpected"
            }
        }
    }

    let sim: SimulatorHarness
    let clients: [ClientUnderTest]
    var generator: SeededGenerator

    /// `(callId, state, consultOf?)` of the legs of agent `index`, in call order.
    func legs(_ state: JSONValue, agent index: Int) -> [(callId: String, state: String, consultOf: String?)] {
        let device = self.clients[index].device
        return (state["calls"]?.arrayValue ?? []).compactMap { call in
            guard let me = call["parties"]?.arrayValue?.first(where: { $0["device"]?.stringValue == device }),
                let id = call["callId"]?.stringValue
            else { return nil }
            return (id, me["state"]?.stringValue ?? "", call["consultOf"]?.stringValue)
        }
    }

    /// Outside parties in calls: `(number, state)`.
    func outsideLegs(_ state: JSONValue) -> [(number: String, state: String)] {
        (state["calls"]?.arrayValue ?? []).flatMap { call in
            (call["parties"]?.arrayValue ?? []).compactMap { party -> (String, String)? in
                guard party["outside"]?.boolValue == true, let device = party["device"]?.stringValue else { return nil }
                return (String(device.split(separator: "@").first ?? ""), party["state"]?.stringValue ?? "")
            }
        }
    }

    mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int.random(in: 0..<items.count, using: &self.generator)]
    }

    mutating func target(excluding agent: Int?) -> String {
        var numbers = RandomDriver.extensions + ClientRandomTests.outside + ["7000"]
        if let agent { numbers.removeAll { $0 == RandomDriver.extensions[agent] } }
        return self.pick(numbers)!
    }

    static let extensions = ["8001", "8002", "8003"]

    mutating func choose(_ state: JSONValue) -> RandomAction {
        var candidates: [RandomAction] = []
        for index in 0..<3 {
            let legs = self.legs(state, agent: index)
            if legs.isEmpty { candidates.append(RandomAction(kind: .dial, agent: index)) }
            candidates.append(RandomAction(kind: .setMode, agent: index, mode: Bool.random(using: &self.generator) ? .ready : .notReady))
            for leg in legs {
                candidates.append(RandomAction(kind: .drop, agent: index, callId: leg.callId))
                switch leg.state {
                case "Alerting":
                    candidates += Array(repeating: RandomAction(kind: .answer, agent: index, callId: leg.callId), count: 3)
                case "Connect":
                    candidates.append(RandomAction(kind: .hold, agent: index, callId: leg.callId))
                    candidates.append(RandomAction(kind: .singleStepTransfer, agent: index, callId: leg.callId))
                    candidates.append(RandomAction(kind: .singleStepConference, agent: index, callId: leg.callId))
                    if legs.count == 1 { candidates += Array(repeating: RandomAction(kind: .consult, agent: index, callId: leg.callId), count: 2) }
                case "Hold":
                    candidates.append(RandomAction(kind: .retrieve, agent: index, callId: leg.callId))
                default:
                    break
                }
                if let held = leg.consultOf, legs.contains(where: { $0.callId == held }) {
                    // Transfer also while the consulted party still rings: `transferred` carries
                    // the target's real state (Alerting) as localState.
                    for kind in [RandomAction.Kind.conference, .transfer, .cancelConsult] {
                        candidates += Array(repeating: RandomAction(kind: kind, agent: index, callId: held, consultCallId: leg.callId), count: 2)
                    }
                }
            }
        }
        for leg in self.outsideLegs(state) {
            if leg.state == "Alerting" {
                candidates += Array(repeating: RandomAction(kind: .outsideAnswer, number: leg.number), count: 2)
                candidates.append(RandomAction(kind: .outsideBusy, number: leg.number))
            }
            candidates.append(RandomAction(kind: .outsideHangup, number: leg.number))
        }
        candidates.append(RandomAction(kind: .ring, number: self.pick(RandomDriver.extensions + ["7000"])))
        var action = self.pick(candidates)!
        switch action.kind {
        case .dial, .singleStepTransfer, .singleStepConference, .consult:
            action.number = self.target(excluding: action.agent)
        default:
            break
        }
        return action
    }

    mutating func perform(_ action: RandomAction) async -> Outcome {
        let client = action.agent.map { self.clients[$0].client }
        do {
            switch action.kind {
            case .dial: _ = try await client!.makeCall(action.number!)
            case .answer: try await client!.answerCall(action.callId!)
            case .drop: try await client!.dropConnection(action.callId!)
            case .hold: try await client!.holdCall(action.callId!)
            case .retrieve: try await client!.retrieveCall(action.callId!)
            case .singleStepTransfer: try await client!.singleStepTransfer(action.callId!, to: action.number!)
            case .singleStepConference: try await client!.singleStepConference(action.callId!, to: action.number!)
            case .consult: _ = try await client!.consult(action.callId!, to: action.number!)
            case .conference: try await client!.conference(held: action.callId!, consult: action.consultCallId!)
            case .transfer: try await client!.transferCall(held: action.callId!, consult: action.consultCallId!)
            case .cancelConsult: try await client!.cancelConsult(held: action.callId!, consult: action.consultCallId!)
            case .setMode: try await client!.setAgentMode(action.mode!)
            case .outsideAnswer: try await self.sim.simulator.answer(from: action.number!)
            case .outsideHangup: try await self.sim.simulator.hangup(from: action.number!)
            case .outsideBusy: await self.sim.simulator.busy(from: action.number!)
            case .ring:
                let caller = self.pick(ClientRandomTests.outside)!
                _ = try await self.sim.simulator.ring(action.number!, from: caller)
            }
            return .ok
        } catch let error as WellClientError {
            return error.kind == .http || error.kind == .refused ? .refused : .unexpected("\(error)")
        } catch is SimulatorError {
            return .refused
        } catch {
            return .unexpected("\(error)")
        }
    }
}
