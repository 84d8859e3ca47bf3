import ArgumentParser
import WellThinCommands

/// `wellclient sstransfer NUMBER [--call ID]`: single-step (blind) transfer.
struct SingleStepTransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sstransfer", abstract: "Transfer a call to a number in one step.")
    @Argument(help: "Where to transfer the call (include any trunk prefix).") var number: String
    @Option(name: .customLong("call"), help: "The call id; default: the only call.") var callId = ""
    func run() async throws {
        try await runAgentRequest(.singleStepTransfer(call: callId, number: number))
    }
}

/// `wellclient ssconference NUMBER [--silent] [--call ID]`: single-step conference.
struct SingleStepConferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ssconference", abstract: "Bring a number into the call in one step.")
    @Argument(help: "Who to bring in.") var number: String
    @Flag(help: "Join silently (listen only) instead of actively.") var silent = false
    @Option(name: .customLong("call"), help: "The call id; default: the only call.") var callId = ""
    func run() async throws {
        try await runAgentRequest(.singleStepConference(call: callId, number: number, silent: silent))
    }
}

/// `wellclient consult NUMBER [--call ID]`: hold the call and dial a second party.
struct ConsultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consult", abstract: "Hold the call and call a second party.")
    @Argument(help: "Who to consult.") var number: String
    @Option(name: .customLong("call"), help: "The call to hold; default: the only call.") var callId = ""
    func run() async throws {
        try await runAgentRequest(.consult(call: callId, number: number))
    }
}

/// The two call ids of a consultation (empty = the agent finds the held and the consult call).
struct ConsultationOptions: ParsableArguments {
    @Option(name: .customLong("held"), help: "The held call id; default: found by the agent.") var held = ""
    @Option(name: .customLong("consult"), help: "The consultation call id; default: found by the agent.") var consult = ""
}

/// `wellclient conference`: join the held call and the consultation call.
struct ConferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conference", abstract: "Join the held call and the consultation into a conference.")
    @OptionGroup var calls: ConsultationOptions
    func run() async throws {
        try await runAgentRequest(.conference(held: calls.held, consult: calls.consult))
    }
}

/// `wellclient transfer`: connect the held party to the consulted one and leave.
struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Transfer the held call to the consulted party.")
    @OptionGroup var calls: ConsultationOptions
    func run() async throws {
        try await runAgentRequest(.transfer(held: calls.held, consult: calls.consult))
    }
}

/// `wellclient cancel-consult`: drop the consultation and take the held call back.
struct CancelConsultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel-consult", abstract: "End the consultation and return to the held call.")
    @OptionGroup var calls: ConsultationOptions
    func run() async throws {
        try await runAgentRequest(.cancelConsult(held: calls.held, consult: calls.consult))
    }
}
