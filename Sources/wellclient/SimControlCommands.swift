import ArgumentParser
import AsyncHTTPClient
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import NIOCore
import NIOHTTP1
import WellProtocol

/// `--server URL` shared by the control subcommands.
struct SimServerOptions: ParsableArguments {
    @Option(help: "Base URL of the running simulator.")
    var server = "http://127.0.0.1:5088"

    func validate() throws {
        guard let url = URL(string: self.server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--server must be an http(s) URL, e.g. http://127.0.0.1:5088")
        }
    }

    /// POSTs (or GETs) a control request and returns the JSON body; non-2xx is an error.
    func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> JSONValue? {
        var base = Substring(self.server)
        while base.hasSuffix("/") { base = base.dropLast() }
        var request = HTTPClientRequest(url: String(base) + path)
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let status: UInt
        let bytes: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            status = response.status.code
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw SimControlError("cannot reach the simulator at \(self.server): \(error)")
        }
        let data = Data(bytes.readableBytesView)
        let json = data.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: data)
        guard (200..<300).contains(status) else {
            let message = json?["message"]?.stringValue ?? String(decoding: data, as: UTF8.self)
            throw SimControlError("the simulator answered \(status): \(message)")
        }
        return json
    }
}

/// A control request failed; printed as is.
struct SimControlError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `wellclient sim ring 8001|7000 --from 13800138000`.
struct SimRingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ring", abstract: "An outside number calls an extension or the queue; prints the call id.")

    @Argument(help: "Extension or queue to call, e.g. 8001 or 7000.")
    var target: String

    @Option(help: "The outside number that calls.")
    var from: String

    @OptionGroup var options: SimServerOptions

    func validate() throws {
        for (name, value) in [("target", self.target), ("--from", self.from)] where value.isEmpty || !value.allSatisfy(\.isASCIIDigit) {
            throw ValidationError("\(name) must be digits")
        }
    }

    func run() async throws {
        let json = try await self.options.call(.POST, "/sim/ring", body: ["to": .string(self.target), "from": .string(self.from)])
        print(json?["callId"]?.stringValue ?? "")
    }
}

/// `wellclient sim answer|hangup|busy --from 13800138000`.
enum SimOutsideCommand {
    /// The outside party answers now.
    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "answer", abstract: "The ringing outside party answers.")
        @Option(help: "The outside number.") var from: String
        @OptionGroup var options: SimServerOptions
        func run() async throws { _ = try await self.options.call(.POST, "/sim/outside/\(self.from)/answer") }
    }

    /// The outside party hangs up.
    struct Hangup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hangup", abstract: "The outside party hangs up.")
        @Option(help: "The outside number.") var from: String
        @OptionGroup var options: SimServerOptions
        func run() async throws { _ = try await self.options.call(.POST, "/sim/outside/\(self.from)/hangup") }
    }

    /// The outside party is busy.
    struct Busy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "busy", abstract: "The outside party is busy: refuses its ringing call, or its next one.")
        @Option(help: "The outside number.") var from: String
        @OptionGroup var options: SimServerOptions
        func run() async throws {
            let json = try await self.options.call(.POST, "/sim/outside/\(self.from)/busy")
            let refused = json?["refusedRingingCall"]?.boolValue ?? false
            print(refused ? "refused the ringing call" : "the next call to \(self.from) will be busy")
        }
    }
}

/// `wellclient sim fault 426|drop-ws|dup-serial|error-frame|bad-event`.
struct SimFaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fault", abstract: "Inject a fault into the running simulator.")

    @Argument(help: "One of: 426, drop-ws, dup-serial, error-frame, bad-event.")
    var fault: String

    @OptionGroup var options: SimServerOptions

    func validate() throws {
        guard ["426", "drop-ws", "dup-serial", "error-frame", "bad-event"].contains(self.fault) else {
            throw ValidationError("fault must be one of 426, drop-ws, dup-serial, error-frame, bad-event")
        }
    }

    func run() async throws { _ = try await self.options.call(.POST, "/sim/fault/\(self.fault)") }
}

/// `wellclient sim state`.
struct SimStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Print the simulator's whole state as JSON.")

    @OptionGroup var options: SimServerOptions

    func run() async throws {
        let json = try await self.options.call(.GET, "/sim/state")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(json ?? .object([:]))
        print(String(decoding: data, as: UTF8.self))
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
