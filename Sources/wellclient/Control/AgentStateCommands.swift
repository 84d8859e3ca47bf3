import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WellDesktop
import WellProtocol

/// `wellclient status [--json]`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the agent's state, calls and connection.")
    @Flag(help: "Print the agent's JSON as it is.") var json = false
    func run() async throws {
        try await runAgentCommand {
            let text = try await AgentBus().call("Status").first?.string ?? "{}"
            if json { print(text); return }
            print(StatusText.render(json: text))
        }
    }
}

/// Renders the agent's `Status` JSON for a person: one aligned line per key, nested values as compact JSON.
enum StatusText {
    static func render(json: String) -> String {
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)))?.objectValue else { return json }
        let width = (object.keys.map(\.count).max() ?? 0) + 2
        return object.keys.sorted().map { key in
            key + String(repeating: " ", count: width - key.count) + value(object[key] ?? .null)
        }.joined(separator: "\n")
    }

    private static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: return "-"
        case .string(let string): return string
        case .bool(let flag): return flag ? "yes" : "no"
        case .number(let number):
            if let whole = Int64(exactly: number) { return String(whole) }
            return String(number)
        case .array, .object:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(value) else { return "\(value)" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// `wellclient mode Ready|NotReady [--reason R]`.
struct ModeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mode", abstract: "Set the agent Ready or NotReady.")
    @Argument(help: "Ready or NotReady.") var mode: String
    @Option(help: "A reason code for NotReady (e.g. 1 = busy, 2 = manual outbound).") var reason = ""
    func validate() throws {
        guard ["Ready", "NotReady"].contains(mode) else { throw ValidationError("mode must be Ready or NotReady, not '\(mode)'") }
    }
    func run() async throws {
        try await runAgentCommand { _ = try await AgentBus().call("SetAgentMode", [.string(mode), .string(reason)]); print(mode) }
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
            for pair in pairs where !pair.contains("=") || pair.hasPrefix("=") {
                throw ValidationError("'\(pair)' is not key=value")
            }
        }
    }

    func run() async throws {
        try await runAgentCommand {
            if action == "get" {
                let reply = try await AgentBus().call("GetCallData", [.string(callId)])
                let entries = reply.first?.stringKeyedDictionary ?? [:]
                for key in entries.keys.sorted() { print("\(key)=\(entries[key]?.string ?? "")") }
            } else {
                var dictionary: [String: String] = [:]
                for pair in pairs {
                    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    dictionary[String(parts[0])] = String(parts[1])
                }
                _ = try await AgentBus().call("SetCallData", [.string(callId), .stringDictionary(dictionary)])
                print("call data set")
            }
        }
    }
}
