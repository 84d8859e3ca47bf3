import WellCommandLine
import WellControl

/// A `wellclient` command whose whole job is one call to the running agent and a line or two of
/// output. The thin `wellclient` binary runs these itself (see ``parse(_:)``); the full command
/// line (`wellclient-agent`, ArgumentParser) runs the same ``perform(on:)`` after parsing, so
/// both print the same text and end with the same status.
public enum AgentRequest: Sendable, Equatable {
    /// `dial TARGET`: the agent parses the number or URI and dials it.
    case dial(String)
    /// `answer [CALL]`.
    case answer(call: String)
    /// `hangup [CALL]`.
    case hangUp(call: String)
    /// `hold [CALL]`.
    case hold(call: String)
    /// `retrieve [CALL]`.
    case retrieve(call: String)
    /// `sstransfer NUMBER [--call ID]`.
    case singleStepTransfer(call: String, number: String)
    /// `ssconference NUMBER [--silent] [--call ID]`.
    case singleStepConference(call: String, number: String, silent: Bool)
    /// `consult NUMBER [--call ID]`.
    case consult(call: String, number: String)
    /// `conference [--held ID] [--consult ID]`.
    case conference(held: String, consult: String)
    /// `transfer [--held ID] [--consult ID]`.
    case transfer(held: String, consult: String)
    /// `cancel-consult [--held ID] [--consult ID]`.
    case cancelConsult(held: String, consult: String)
    /// `mode Ready|NotReady [--reason R]`.
    case setMode(String, reason: String)
    /// `call-data get [--call ID]`.
    case getCallData(call: String)
    /// `call-data set KEY=VALUE… [--call ID]`.
    case setCallData(call: String, data: [String: String])
    /// `status --json`: the agent's JSON as it is.
    case statusJSON
    /// `panel --print-url`.
    case panelURL

    /// Performs the request on the agent, on the caller's executor (with a
    /// ``AgentControlClient/CallMode/blocking`` client, on the caller's thread).
    /// - Returns: the lines to print on standard output (values from the server made printable).
    /// - Throws: ``AgentControlFailure`` with the message and exit status for a person.
    public nonisolated(nonsending) func perform(on agent: AgentControlClient) async throws(AgentControlFailure) -> [String] {
        switch self {
        case .dial(let input):
            let placed = try await agent.dial(input)
            let call = placed.callId.isEmpty ? "" : " (call \(TerminalText.printable(placed.callId)))"
            return ["dialled \(TerminalText.printable(placed.dialled))" + call]
        case .answer(let call):
            try await agent.answer(call)
            return ["answered"]
        case .hangUp(let call):
            try await agent.hangUp(call)
            return ["hung up"]
        case .hold(let call):
            try await agent.hold(call)
            return ["held"]
        case .retrieve(let call):
            try await agent.retrieve(call)
            return ["retrieved"]
        case .singleStepTransfer(let call, let number):
            try await agent.singleStepTransfer(call, to: number)
            return ["transferred to \(number)"]
        case .singleStepConference(let call, let number, let silent):
            try await agent.singleStepConference(call, to: number, silent: silent)
            return ["conferenced \(number)"]
        case .consult(let call, let number):
            let consultId = try await agent.consult(call, to: number)
            return ["consulting \(number)" + (consultId.isEmpty ? "" : " (call \(TerminalText.printable(consultId)))")]
        case .conference(let held, let consult):
            try await agent.conference(held: held, consult: consult)
            return ["conference"]
        case .transfer(let held, let consult):
            try await agent.transfer(held: held, consult: consult)
            return ["transferred"]
        case .cancelConsult(let held, let consult):
            try await agent.cancelConsult(held: held, consult: consult)
            return ["consultation cancelled"]
        case .setMode(let mode, let reason):
            try await agent.setAgentMode(mode, reason: reason)
            return [mode]
        case .getCallData(let call):
            let entries = try await agent.getCallData(call)
            return entries.keys.sorted().map { TerminalText.printable("\($0)=\(entries[$0] ?? "")") }
        case .setCallData(let call, let data):
            try await agent.setCallData(call, data)
            return ["call data set"]
        case .statusJSON:
            return [try await agent.status()]
        case .panelURL:
            return [try await agent.panelURL()]
        }
    }

    /// The modes `mode` takes.
    public static let modes = ["Ready", "NotReady"]

    /// Splits `call-data set`'s `key=value` pairs; `nil` when one is not `key=value` (a pair
    /// needs an `=` and a key before it).
    public static func callData(_ pairs: [String]) -> [String: String]? {
        var data: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { return nil }
            data[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return data
    }
}
