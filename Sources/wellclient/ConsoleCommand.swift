import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import WellClient
import WellDesktopSupport
import WellProtocol

/// `wellclient console`: log in, then read one command per line from stdin and write every
/// event and every command result as one JSON object per line on stdout.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Log in and drive the session with one command per line (JSON lines out).")

    @Option(help: "CSTA REST base URL, e.g. http://127.0.0.1:5088") var server: String
    @Option(help: "Agent job number.") var agent: String
    @Option(help: "Password (prefer WELLCLIENT_PASSWORD or stdin).") var password: String?
    @Option(help: "Tenant domain.") var domain: String
    @Option(help: "Extension number.") var ext: String
    @Option(help: "force | ask | stop") var loginMode: String = "force"
    @Option(help: "TPI login URL (default: server + /login).") var tpiURL: String?
    @Option(help: "WebSocket URL (default: derived from --server).") var wsURL: String?
    @Flag(help: "Answer inbound ringing automatically.") var autoAnswer = false

    func validate() throws {
        guard URL(string: self.server)?.scheme != nil else { throw ValidationError("--server must be a URL, e.g. http://127.0.0.1:5088") }
        guard WellClientConfiguration.LoginMode(rawValue: self.loginMode) != nil else { throw ValidationError("--login-mode must be force, ask or stop") }
    }

    func run() async throws {
        let secret: String
        if let password { secret = password }
        else if let env = ProcessInfo.processInfo.environment["WELLCLIENT_PASSWORD"] { secret = env }
        else { secret = readLine(strippingNewline: true) ?? "" }
        let config = WellClientConfiguration(
            server: .init(url: URL(string: self.server)!, tpiURL: self.tpiURL.flatMap(URL.init(string:)), wsURL: self.wsURL.flatMap(URL.init(string:))),
            agent: .init(jobNumber: self.agent, domain: self.domain, extensionNumber: self.ext, password: secret,
                         loginMode: WellClientConfiguration.LoginMode(rawValue: self.loginMode) ?? .force),
            autoAnswer: self.autoAnswer, logLevel: .warning)
        let client = try WellClient(configuration: config)
        let output = ConsoleOutput()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let events = client.events()
            group.addTask { for await event in events { output.write(event.json) } }
            do {
                try await client.login()
                output.write(["result": "login", "ok": true])
            } catch {
                output.write(ConsoleOutput.error("login", error))
                await client.shutdown()
                throw ExitCode.failure
            }
            while let line = readLine(strippingNewline: true) {
                let words = line.split(separator: " ").map(String.init)
                guard let verb = words.first else { continue }
                if verb == "quit" || verb == "exit" { break }
                do {
                    let result = try await ConsoleCommand.execute(verb, Array(words.dropFirst()), client: client)
                    var object: [String: JSONValue] = ["result": .string(verb), "ok": true]
                    if let result { object["value"] = result }
                    output.write(.object(object))
                } catch {
                    output.write(ConsoleOutput.error(verb, error))
                }
                if verb == "logout" { break }
            }
            await client.shutdown()
            group.cancelAll()
        }
    }

    static func execute(_ verb: String, _ args: [String], client: WellClient) async throws -> JSONValue? {
        func arg(_ index: Int) -> String? { index < args.count ? args[index] : nil }
        func need(_ index: Int, _ what: String) throws -> String {
            guard let value = arg(index) else { throw WellClientError.invalidArgument(verb, "missing \(what)") }
            return value
        }
        switch verb {
        case "makeCall", "dial": return .string(try await client.makeCall(try need(0, "number")))
        case "answer": try await client.answerCall(arg(0))
        case "drop", "hangup": try await client.dropConnection(arg(0))
        case "hold": try await client.holdCall(arg(0))
        case "retrieve": try await client.retrieveCall(arg(0))
        case "consult": return (try await client.consult(to: try need(0, "number"))).map(JSONValue.string) ?? .null
        case "conference": try await client.conference(held: arg(0), consult: arg(1))
        case "transfer": try await client.transferCall(held: arg(0), consult: arg(1))
        case "cancelConsult": try await client.cancelConsult(held: arg(0), consult: arg(1))
        case "sstransfer": try await client.singleStepTransfer(to: try need(0, "number"))
        case "ssconference":
            let type = ParticipationType(rawValue: arg(1) ?? "Active") ?? .active
            try await client.singleStepConference(to: try need(0, "number"), type: type)
        case "setMode":
            guard let mode = WellClientConfiguration.AgentMode(rawValue: try need(0, "mode")) else {
                throw WellClientError.invalidArgument(verb, "mode must be Ready or NotReady")
            }
            let result = try await client.setAgentMode(mode, reason: arg(1) ?? "")
            return ["pendingMode": .bool(result.pending)]
        case "callData":
            if arg(0) == "set" {
                let pairs = args.dropFirst().compactMap { item -> (key: String, value: String)? in
                    let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                    return parts.count == 2 ? (parts[0], parts[1]) : nil
                }
                try await client.setCallData(nil, pairs)
            } else {
                return try await client.getCallData(arg(1))
            }
        case "memory":
            let text = await client.callMemory().jsonString()
            return (try? FastJSONBridge.parse(text)) ?? .string(text)
        case "logout": try await client.logout()
        case "prefix": return .array(try await client.getMyPrefix().map(JSONValue.string))
        case "startRecording": try await client.startRecording()
        case "stopRecording": try await client.stopRecording()
        case "release": try await client.releaseAllocatedAgent(arg(0))
        case "forceDrop": try await client.forceDrop(deviceId: try need(0, "device"), callId: try need(1, "call id"))
        case "forceJoin": try await client.forceJoin(deviceId: try need(0, "device"), callId: try need(1, "call id"), number: try need(2, "number"))
        case "forceTake": try await client.forceTake(deviceId: try need(0, "device"), callId: try need(1, "call id"), number: try need(2, "number"))
        case "forceListen": try await client.forceListen(callId: try need(0, "call id"), deviceId: try need(1, "device"))
        case "forceReady": try await client.forceReady(agentId: try need(0, "agent"), deviceId: try need(1, "device"))
        case "forceNotReady": try await client.forceNotReady(agentId: try need(0, "agent"), deviceId: try need(1, "device"))
        case "forceLogout": try await client.forceLogout(agentId: try need(0, "agent"), deviceId: try need(1, "device"))
        default: throw WellClientError.invalidArgument(verb, "unknown command")
        }
        return nil
    }
}

/// JSON decoding of the memory snapshot through Foundation (console only).
enum FastJSONBridge {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}

/// Writes one JSON object per line, serialised across tasks.
final class ConsoleOutput: Sendable {
    func write(_ value: JSONValue) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        StandardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    static func error(_ verb: String, _ error: any Error) -> JSONValue {
        var object: [String: JSONValue] = ["result": .string(verb), "ok": false, "error": .string("\(error)")]
        if let error = error as? WellClientError {
            object["kind"] = .string(error.kind.rawValue)
            if let status = error.status { object["status"] = .number(Double(status)) }
            if let meaning = error.meaning { object["meaning"] = .string(meaning) }
        }
        return .object(object)
    }
}
