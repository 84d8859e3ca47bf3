import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellControl
import WellAgent
import WellProtocol
import WellThinCommands

/// `wellclient status [--json]`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the agent's state, calls and connection.")
    @Flag(help: "Print the agent's JSON as it is.") var json = false
    func run() async throws {
        if json {
            try await runAgentRequest(.statusJSON)
            return
        }
        try await runAgentCommand {
            let text = try await AgentControlClient().status()
            guard let status = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), status.objectValue != nil else {
                print(text)
                return
            }
            print(AgentStatusReport(status: status).render())
        }
    }
}

/// `wellclient mode Ready|NotReady [--reason R]`.
struct ModeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mode", abstract: "Set the agent Ready or NotReady.")
    @Argument(help: "Ready or NotReady.") var mode: String
    @Option(help: "A reason code for NotReady (e.g. 1 = busy, 2 = manual outbound).") var reason = ""
    func validate() throws {
        guard AgentRequest.modes.contains(mode) else { throw ValidationError("mode must be Ready or NotReady, not '\(mode)'") }
    }
    func run() async throws {
        try await runAgentRequest(.setMode(mode, reason: reason))
    }
}

/// `wellclient call-data get|set [--call ID] [key=value…]`.
struct CallDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call-data", abstract: "Read or attach the call's user data.")
    @Argument(help: "get or set.") var action: String
    @Argument(help: "key=value pairs (set).") var pairs: [String] = []
    @Option(name: .customLong("call"), help: "The call id; default: the only call.") var callId = ""

    func validate() throws {
        guard action == "get" || action == "set" else { throw ValidationError("call-data takes get or set, not '\(action)'") }
        if action == "set" {
            guard !pairs.isEmpty else { throw ValidationError("call-data set needs key=value pairs") }
            for pair in pairs where AgentRequest.callData([pair]) == nil {
                throw ValidationError("'\(pair)' is not key=value")
            }
        }
    }

    func run() async throws {
        if action == "get" {
            try await runAgentRequest(.getCallData(call: callId))
        } else {
            try await runAgentRequest(.setCallData(call: callId, data: AgentRequest.callData(pairs) ?? [:]))
        }
    }
}
