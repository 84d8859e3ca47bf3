import WellDBus
import WellControl
import WellClient
/// Routes the D-Bus calls of ``ControlInterface`` to an ``AgentService`` and turns its
/// answers into replies (errors with the names of ``ControlInterface/ErrorName``).
struct ControlRouter: Sendable {
    let agent: AgentService

    /// Every method of `cc.wellcloud.WellClient1` and `org.freedesktop.Application`, with signatures.
    static let methods: [DBusMethod] = ControlMethod.allCases.map {
        DBusMethod(interface: $0.interface, name: $0.name, inputSignature: $0.inputSignature, outputSignature: $0.outputSignature)
    }

    /// Answers one call.
    func handle(_ call: DBusMethodCall) async -> DBusMethodResult {
        do {
            return .reply(try await route(call))
        } catch {
            return .error(name: error.name, message: error.message)
        }
    }

    private func route(_ call: DBusMethodCall) async throws(AgentControlError) -> [DBusValue] {
        guard let method = ControlMethod(interface: call.interface, member: call.member) else {
            throw .invalidArgument("unknown method \(call.member)")
        }
        return try await perform(method, call.arguments)
    }

    /// Performs `method` with `a` (arguments of the method's signature): the one road of every
    /// D-Bus call and every operation of the panel.
    func perform(_ method: ControlMethod, _ a: [DBusValue]) async throws(AgentControlError) -> [DBusValue] {
        func string(_ index: Int) -> String { index < a.count ? (a[index].string ?? "") : "" }
        switch method {
        case .dial:
            return [.string(try await agent.dial(string(0), confirm: true).callId)]
        case .placeCall:
            let placed = try await agent.dial(string(0), confirm: true)
            return [.string(placed.callId), .string(placed.dialled)]
        case .answer:
            try await agent.answer(string(0))
        case .hangUp:
            try await agent.hangUp(string(0))
        case .hold:
            try await agent.hold(string(0))
        case .retrieve:
            try await agent.retrieve(string(0))
        case .singleStepTransfer:
            try await agent.singleStepTransfer(string(0), to: string(1))
        case .singleStepConference:
            try await agent.singleStepConference(string(0), to: string(1), participation: string(2))
        case .consult:
            return [.string(try await agent.consult(string(0), to: string(1)))]
        case .conference:
            try await agent.conference(held: string(0), consult: string(1))
        case .cancelConsult:
            try await agent.cancelConsult(held: string(0), consult: string(1))
        case .transfer:
            try await agent.transfer(held: string(0), consult: string(1))
        case .setCallData:
            let pairs = (a.count > 1 ? a[1].stringPairs : nil) ?? []
            try await agent.setCallData(string(0), pairs)
        case .getCallData:
            let pairs = try await agent.getCallData(string(0))
            return [
                .dictionary(
                    keySignature: "s", valueSignature: "s",
                    pairs.map { DBusDictEntry(key: .string($0.0), value: .string($0.1)) })
            ]
        case .setAgentMode:
            try await agent.setAgentMode(string(0), reason: string(1))
        case .login:
            try await agent.loginRequested()
        case .logout:
            try await agent.logoutRequested()
        case .status:
            return [.string(await agent.statusJSON())]
        case .browserSettings:
            return [.string(try await agent.browserSettingsJSON())]
        case .panelURL:
            return [.string(try await agent.panelURL())]
        case .history:
            let limit = a.first?.uint32 ?? 0
            return [.string(try await agent.historyJSON(limit: limit))]
        case .missedCount:
            return [.uint32(try await agent.missedCallCount())]
        case .markMissedSeen:
            try await agent.markMissedSeen()
        case .clearHistory:
            return [.uint32(try await agent.clearHistory())]
        case .activate:
            await agent.activate()
        case .open:
            let uris = a.first?.stringArray ?? []
            guard uris.count == 1 else {
                throw .invalidArgument(uris.isEmpty ? "Open needs one URI" : "Open takes one URI at a time, got \(uris.count)")
            }
            _ = try await agent.dialTellingFailure(uris[0], confirm: true)
        case .activateAction:
            let parameters = (a.count > 1 ? a[1].arrayElements : nil) ?? []
            let parameter = parameters.first.flatMap { ($0.variantValue ?? $0).string }
            switch string(0) {
            case "answer": try await agent.answer(parameter ?? "")
            case "hangup": try await agent.hangUp(parameter ?? "")
            case "dial":
                guard let number = parameter, parameters.count == 1 else {
                    throw .invalidArgument("the dial action takes one string parameter")
                }
                _ = try await agent.dialTellingFailure(number, confirm: true)
            default:
                throw .invalidArgument("unknown action '\(string(0).prefix(40))' (answer, hangup, dial)")
            }
        }
        return []
    }
}

extension DBusValue {
    /// The entries of an `a{ss}` dictionary, in order.
    var stringPairs: [(String, String)]? {
        guard case .dictionary(_, _, let entries) = self else { return nil }
        return entries.compactMap { entry in
            guard let key = entry.key.string, let value = (entry.value.variantValue ?? entry.value).string else { return nil }
            return (key, value)
        }
    }
}
