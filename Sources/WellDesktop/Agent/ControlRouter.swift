/// Routes the D-Bus calls of ``ControlInterface`` to an ``AgentService`` and turns its
/// answers into replies (errors with the names of ``ControlInterface/ErrorName``).
struct ControlRouter: Sendable {
    let agent: AgentService

    /// Every method of `cc.wellcloud.WellClient1` and `org.freedesktop.Application`, with signatures.
    static let methods: [DBusMethod] = {
        let ours = ControlInterface.interface
        let app = ControlInterface.applicationInterface
        return [
            DBusMethod(interface: ours, name: "Dial", inputSignature: "s", outputSignature: "s"),
            DBusMethod(interface: ours, name: "Answer", inputSignature: "s"),
            DBusMethod(interface: ours, name: "HangUp", inputSignature: "s"),
            DBusMethod(interface: ours, name: "Hold", inputSignature: "s"),
            DBusMethod(interface: ours, name: "Retrieve", inputSignature: "s"),
            DBusMethod(interface: ours, name: "SingleStepTransfer", inputSignature: "ss"),
            DBusMethod(interface: ours, name: "SingleStepConference", inputSignature: "sss"),
            DBusMethod(interface: ours, name: "Consult", inputSignature: "ss", outputSignature: "s"),
            DBusMethod(interface: ours, name: "Conference", inputSignature: "ss"),
            DBusMethod(interface: ours, name: "CancelConsult", inputSignature: "ss"),
            DBusMethod(interface: ours, name: "Transfer", inputSignature: "ss"),
            DBusMethod(interface: ours, name: "SetCallData", inputSignature: "sa{ss}"),
            DBusMethod(interface: ours, name: "GetCallData", inputSignature: "s", outputSignature: "a{ss}"),
            DBusMethod(interface: ours, name: "SetAgentMode", inputSignature: "ss"),
            DBusMethod(interface: ours, name: "Login"),
            DBusMethod(interface: ours, name: "Logout"),
            DBusMethod(interface: ours, name: "Status", outputSignature: "s"),
            DBusMethod(interface: ours, name: "BrowserSettings", outputSignature: "s"),
            DBusMethod(interface: app, name: "Activate", inputSignature: "a{sv}"),
            DBusMethod(interface: app, name: "Open", inputSignature: "asa{sv}"),
            DBusMethod(interface: app, name: "ActivateAction", inputSignature: "sava{sv}"),
        ]
    }()

    /// Answers one call.
    func handle(_ call: DBusMethodCall) async -> DBusMethodResult {
        do {
            return .reply(try await route(call))
        } catch {
            return .error(name: error.name, message: error.message)
        }
    }

    private func route(_ call: DBusMethodCall) async throws(AgentControlError) -> [DBusValue] {
        let a = call.arguments
        func string(_ index: Int) -> String { index < a.count ? (a[index].string ?? "") : "" }
        switch (call.interface ?? ControlInterface.interface, call.member) {
        case (ControlInterface.interface, "Dial"):
            return [.string(try await agent.dial(string(0), confirm: true))]
        case (_, "Answer"):
            try await agent.answer(string(0))
        case (_, "HangUp"):
            try await agent.hangUp(string(0))
        case (_, "Hold"):
            try await agent.hold(string(0))
        case (_, "Retrieve"):
            try await agent.retrieve(string(0))
        case (_, "SingleStepTransfer"):
            try await agent.singleStepTransfer(string(0), to: string(1))
        case (_, "SingleStepConference"):
            try await agent.singleStepConference(string(0), to: string(1), participation: string(2))
        case (_, "Consult"):
            return [.string(try await agent.consult(string(0), to: string(1)))]
        case (_, "Conference"):
            try await agent.conference(held: string(0), consult: string(1))
        case (_, "CancelConsult"):
            try await agent.cancelConsult(held: string(0), consult: string(1))
        case (_, "Transfer"):
            try await agent.transfer(held: string(0), consult: string(1))
        case (_, "SetCallData"):
            let pairs = (a.count > 1 ? a[1].stringPairs : nil) ?? []
            try await agent.setCallData(string(0), pairs)
        case (_, "GetCallData"):
            let pairs = try await agent.getCallData(string(0))
            return [.dictionary(keySignature: "s", valueSignature: "s",
                                pairs.map { DBusDictEntry(key: .string($0.0), value: .string($0.1)) })]
        case (_, "SetAgentMode"):
            try await agent.setAgentMode(string(0), reason: string(1))
        case (_, "Login"):
            try await agent.loginRequested()
        case (_, "Logout"):
            try await agent.logoutRequested()
        case (_, "Status"):
            return [.string(await agent.statusJSON())]
        case (_, "BrowserSettings"):
            return [.string(try await agent.browserSettingsJSON())]
        case (ControlInterface.applicationInterface, "Activate"):
            await agent.activate()
        case (ControlInterface.applicationInterface, "Open"):
            let uris = a.first?.stringArray ?? []
            guard uris.count == 1 else {
                throw .invalidArgument(uris.isEmpty ? "Open needs one URI" : "Open takes one URI at a time, got \(uris.count)")
            }
            _ = try await agent.dialTellingFailure(uris[0], confirm: true)
        case (ControlInterface.applicationInterface, "ActivateAction"):
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
        default:
            throw .invalidArgument("unknown method \(call.member)")
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
