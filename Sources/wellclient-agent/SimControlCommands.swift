import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellSimulator
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

    /// The simulator's control client.
    var client: SimulatorControlClient {
        // validate() has checked the URL.
        SimulatorControlClient(baseURL: URL(string: self.server)!)
    }
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
        print(try await self.options.client.ring(to: self.target, from: self.from))
    }
}

/// `wellclient sim answer|hangup|busy --from 13800138000`.
enum SimOutsideCommand {
    /// The outside party answers now.
    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "answer", abstract: "The ringing outside party answers.")
        @Option(help: "The outside number.") var from: String
        @OptionGroup var options: SimServerOptions
        func run() async throws { try await self.options.client.outside(self.from, .answer) }
    }

    /// The outside party hangs up.
    struct Hangup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hangup", abstract: "The outside party hangs up.")
        @Option(help: "The outside number.") var from: String
        @OptionGroup var options: SimServerOptions
        func run() async throws { try await self.options.client.outside(self.from, .hangup) }
    }

    /// The outside party is busy.
    struct Busy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "busy", abstract: "The outside party is busy: refuses its ringing call, or its next one.")
        @Option(help: "The outside number.") var from: String
        @OptionGroup var options: SimServerOptions
        func run() async throws {
            let refused = try await self.options.client.outside(self.from, .busy) ?? false
            print(refused ? "refused the ringing call" : "the next call to \(self.from) will be busy")
        }
    }
}

/// `wellclient sim fault 426|drop-ws|dup-serial|error-frame|bad-event`.
struct SimFaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fault", abstract: "Inject a fault into the running simulator.")

    static let faults = SimulatorFault.allCases.map(\.rawValue).joined(separator: ", ")

    @Argument(help: ArgumentHelp("One of: \(Self.faults)."))
    var fault: String

    @OptionGroup var options: SimServerOptions

    func validate() throws {
        guard SimulatorFault(rawValue: self.fault) != nil else {
            throw ValidationError("fault must be one of \(Self.faults)")
        }
    }

    func run() async throws { try await self.options.client.inject(fault: self.fault) }
}

/// `wellclient sim state`.
struct SimStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Print the simulator's whole state as JSON.")

    @OptionGroup var options: SimServerOptions

    func run() async throws {
        let json = try await self.options.client.state()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(json)
        print(String(decoding: data, as: UTF8.self))
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
