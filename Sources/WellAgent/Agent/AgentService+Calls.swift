import Logging
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellProtocol
import WellNumbers
import WellControl

extension AgentService {
    // MARK: - dialling

    /// `Dial` / `Open` / the callback action: normalises `input` (docs/numbers.md), waits for a
    /// login in progress, asks Call/Cancel when `confirmDial` is on (and `confirm`), then dials.
    /// - Returns: the new call's id and the number sent after the dial plan.
    func dial(_ input: String, confirm: Bool) async throws(AgentControlError) -> PlacedCall {
        let target: DialTarget
        do { target = try DialTarget.parse(input) } catch { throw .invalidNumber(error) }
        let client = try await loggedInClient()
        if confirm, settings?.confirmDial == true {
            guard let notifications else { throw .cancelled("cannot ask for confirmation") }
            let request = await policy().confirmDial(target.shown)
            let answer = await notifications.prompt(request, timeout: options.promptTimeout)
            guard answer == CallNotificationPolicy.ActionKey.call else {
                throw .cancelled(answer == nil ? "the call was not confirmed" : "the call was cancelled")
            }
        }
        do {
            let placed = try await client.makeCall(target)
            logger.info("dialled \(placed.dialled)\(Self.extensionNote(target.extensionPart)): call \(placed.callId)")
            return placed
        } catch {
            throw AgentControlError(error)
        }
    }

    /// `Open`, the `dial` action and Call back: the user clicked and is not looking at a
    /// terminal, so a dial that fails says so in a notification (a cancelled confirmation does not).
    func dialTellingFailure(_ input: String, confirm: Bool) async throws(AgentControlError) -> PlacedCall {
        do {
            return try await dial(input, confirm: confirm)
        } catch {
            if error.name != ControlInterface.ErrorName.cancelled {
                await notifications?.dialFailure(await policy().dialFailed(input: input, reason: error.message))
            }
            throw error
        }
    }

    /// The log's note on an `ext=` parameter that was not dialled: its value only when it is a
    /// short run of dial characters — a web page chooses it, so anything else stays out of the log.
    static func extensionNote(_ extensionPart: String?) -> String {
        guard let extensionPart else { return "" }
        let dialable = extensionPart.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "*" || $0 == "#" }
        guard dialable, !extensionPart.isEmpty, extensionPart.unicodeScalars.count <= 16 else {
            return " (an ext= parameter was not dialled)"
        }
        return " (ext \(extensionPart) not dialled)"
    }

    // MARK: - call operations

    /// A call id given by a peer: must be one the agent knows; empty = the call `rule` means.
    private func resolve(_ callId: String, in memory: CallMemory, _ rule: DefaultCall, what: String) throws(AgentControlError) -> String {
        if callId.isEmpty {
            guard let picked = memory.defaultCallId(for: rule) else {
                let reason =
                    switch memory.calls.count {
                    case 0: "there is no call"
                    case 1: "\(what); the only call is \(memory.calls[0].callId)"
                    default: "\(memory.calls.count) calls exist; name the call id (\(what))"
                    }
                throw .noSuchCall(reason)
            }
            return picked
        }
        guard memory.call(callId) != nil else { throw .noSuchCall("no call with id '\(callId.prefix(64))'") }
        return callId
    }

    private func perform(_ body: (WellClient) async throws(WellClientError) -> Void) async throws(AgentControlError) {
        let client = try await loggedInClient()
        do { try await body(client) } catch { throw AgentControlError(error) }
    }

    private func memory() async throws(AgentControlError) -> (WellClient, CallMemory) {
        let client = try await loggedInClient()
        return (client, await client.callMemory())
    }

    /// `Answer`: empty = the ringing call.
    func answer(_ callId: String) async throws(AgentControlError) {
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .answer, what: "no call is ringing here")
        do { try await client.answerCall(id) } catch { throw AgentControlError(error) }
    }

    /// `HangUp`: empty = the only call.
    func hangUp(_ callId: String) async throws(AgentControlError) {
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .only, what: "hang up")
        do { try await client.dropConnection(id) } catch { throw AgentControlError(error) }
    }

    /// `Hold`: empty = the only call.
    func hold(_ callId: String) async throws(AgentControlError) {
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .hold, what: "hold")
        do { try await client.holdCall(id) } catch { throw AgentControlError(error) }
    }

    /// `Retrieve`: empty = the held call.
    func retrieve(_ callId: String) async throws(AgentControlError) {
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .retrieve, what: "retrieve")
        do { try await client.retrieveCall(id) } catch { throw AgentControlError(error) }
    }

    private func number(_ input: String) throws(AgentControlError) -> String {
        do { return try DialTarget.parse(input).digits } catch { throw .invalidNumber(error) }
    }

    /// `SingleStepTransfer`.
    func singleStepTransfer(_ callId: String, to input: String) async throws(AgentControlError) {
        let digits = try number(input)
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .only, what: "transfer")
        do { try await client.singleStepTransfer(id, to: digits) } catch { throw AgentControlError(error) }
    }

    /// `SingleStepConference` (`participation`: `Active` (default) or `Silent`).
    func singleStepConference(_ callId: String, to input: String, participation: String) async throws(AgentControlError) {
        let digits = try number(input)
        let type: ParticipationType
        switch participation.lowercased() {
        case "", "active": type = .active
        case "silent": type = .silent
        default: throw .invalidArgument("participation must be Active or Silent, not '\(participation.prefix(32))'")
        }
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .only, what: "conference")
        do { try await client.singleStepConference(id, to: digits, type: type) } catch { throw AgentControlError(error) }
    }

    /// `Consult`: returns the consult call's id ("" when the server did not say).
    func consult(_ callId: String, to input: String) async throws(AgentControlError) -> String {
        let digits = try number(input)
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .only, what: "consult")
        do { return try await client.consult(id, to: digits) ?? "" } catch { throw AgentControlError(error) }
    }

    /// The consultation pair: empty ids are chosen by the client (held call, other call).
    private func pair(_ held: String, _ consult: String) async throws(AgentControlError) -> (WellClient, String?, String?) {
        let (client, memory) = try await memory()
        for id in [held, consult] where !id.isEmpty && memory.call(id) == nil {
            throw .noSuchCall("no call with id '\(id.prefix(64))'")
        }
        if held.isEmpty || consult.isEmpty, memory.calls.count < 2 {
            throw .noSuchCall("a consultation needs a held call and a consult call")
        }
        return (client, held.isEmpty ? nil : held, consult.isEmpty ? nil : consult)
    }

    /// `Conference`.
    func conference(held: String, consult: String) async throws(AgentControlError) {
        let (client, h, c) = try await pair(held, consult)
        do { try await client.conference(held: h, consult: c) } catch { throw AgentControlError(error) }
    }

    /// `CancelConsult`.
    func cancelConsult(held: String, consult: String) async throws(AgentControlError) {
        let (client, h, c) = try await pair(held, consult)
        do { try await client.cancelConsult(held: h, consult: c) } catch { throw AgentControlError(error) }
    }

    /// `Transfer`.
    func transfer(held: String, consult: String) async throws(AgentControlError) {
        let (client, h, c) = try await pair(held, consult)
        do { try await client.transferCall(held: h, consult: c) } catch { throw AgentControlError(error) }
    }

    /// `SetCallData`.
    func setCallData(_ callId: String, _ data: [(String, String)]) async throws(AgentControlError) {
        guard !data.isEmpty else { throw .invalidArgument("no call data given") }
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .only, what: "call data")
        do { try await client.setCallData(id, data.map { (key: $0.0, value: $0.1) }) } catch { throw AgentControlError(error) }
    }

    /// `GetCallData`: the server's answer as string pairs.
    func getCallData(_ callId: String) async throws(AgentControlError) -> [(String, String)] {
        let (client, memory) = try await memory()
        let id = try resolve(callId, in: memory, .only, what: "call data")
        let json: JSONValue
        do { json = try await client.getCallData(id) } catch { throw AgentControlError(error) }
        if let data = json["data"], data.objectValue != nil || data.arrayValue != nil { return CallPresentation.pairs(data) }
        if let data = json["userData"], data.objectValue != nil || data.arrayValue != nil { return CallPresentation.pairs(data) }
        return CallPresentation.pairs(json)
    }

    /// `SetAgentMode` (`Ready` or `NotReady`, any case; a reason code for NotReady).
    func setAgentMode(_ mode: String, reason: String) async throws(AgentControlError) {
        let parsed: WellClientConfiguration.AgentMode
        switch mode.lowercased() {
        case "ready": parsed = .ready
        case "notready", "not-ready", "not_ready": parsed = .notReady
        default: throw .invalidArgument("mode must be Ready or NotReady, not '\(mode.prefix(32))'")
        }
        try await perform { client throws(WellClientError) in _ = try await client.setAgentMode(parsed, reason: reason) }
    }
}
