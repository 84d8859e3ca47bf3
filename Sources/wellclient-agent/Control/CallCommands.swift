import ArgumentParser
import WellThinCommands

/// The optional call id every one-call operation takes (empty = the agent picks the call).
struct CallIDOption: ParsableArguments {
    @Argument(help: "The call id; default: the ringing call (answer) or the only call.")
    var callId: String = ""
}

/// `wellclient answer [CALL]`.
struct AnswerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "answer", abstract: "Answer the ringing call.")
    @OptionGroup var call: CallIDOption
    func run() async throws {
        try await runAgentRequest(.answer(call: call.callId))
    }
}

/// `wellclient hangup [CALL]`.
struct HangUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hangup", abstract: "Hang up (or reject) a call.")
    @OptionGroup var call: CallIDOption
    func run() async throws {
        try await runAgentRequest(.hangUp(call: call.callId))
    }
}

/// `wellclient hold [CALL]`.
struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Put a call on hold.")
    @OptionGroup var call: CallIDOption
    func run() async throws {
        try await runAgentRequest(.hold(call: call.callId))
    }
}

/// `wellclient retrieve [CALL]`.
struct RetrieveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retrieve", abstract: "Take a held call back.")
    @OptionGroup var call: CallIDOption
    func run() async throws {
        try await runAgentRequest(.retrieve(call: call.callId))
    }
}
