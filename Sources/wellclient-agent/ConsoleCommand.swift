import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import Synchronization
import WellClient
import WellDesktopSupport
import WellProtocol
import WellThreads
import WellCommandLine

/// `wellclient console`: log in, then read one command per line from stdin and write every
/// event and every command result as one JSON object per line on stdout.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Log in and drive the session with one command per line (JSON lines out).",
        discussion: """
            The password comes from $WELLCLIENT_PASSWORD, else from the first line of standard input \
            (not echoed on a terminal); never from an argument, which any user can read with ps. \
            Then one command per line: \(ConsoleParser.commands.map(\.usage).joined(separator: "; ")). \
            A bad command gets one JSON error line and the console goes on. The end of standard input \
            (or quit) logs out and exits 0; logout ends the console too.
            """)

    @Option(help: "CSTA REST base URL, e.g. http://127.0.0.1:5088") var server: String
    @Option(help: "Agent job number.") var agent: String
    @Option(help: "Tenant domain.") var domain: String
    @Option(help: "Extension number.") var ext: String
    @Option(help: "force | ask | stop") var loginMode: String = "force"
    @Option(help: "TPI login URL (default: server + /login).") var tpiURL: String?
    @Option(help: "WebSocket URL (default: derived from --server).") var wsURL: String?
    @Flag(help: "Answer inbound ringing automatically.") var autoAnswer = false
    @Option(help: "Seconds to wait for each server reply, the event channel and the login and logout events (1–300).")
    var timeout: Int = 10

    func validate() throws {
        guard URL(string: self.server)?.scheme != nil else { throw ValidationError("--server must be a URL, e.g. http://127.0.0.1:5088") }
        guard WellClientConfiguration.LoginMode(rawValue: self.loginMode) != nil else { throw ValidationError("--login-mode must be force, ask or stop") }
        guard (1...300).contains(self.timeout) else { throw ValidationError("--timeout must be 1 to 300 seconds") }
    }

    func run() async throws {
        let secret: String
        if let environment = ProcessInfo.processInfo.environment["WELLCLIENT_PASSWORD"] {
            secret = environment
        } else if let line = TerminalInput.readLine(prompt: TerminalInput.standardInputIsTerminal ? "Password: " : "", secret: true) {
            secret = line
        } else {
            StandardError.write("wellclient console: no password: set WELLCLIENT_PASSWORD or give it on the first line of standard input\n")
            throw ExitCode(64)
        }
        let config = WellClientConfiguration(
            server: .init(url: URL(string: self.server)!, tpiURL: self.tpiURL.flatMap(URL.init(string:)), wsURL: self.wsURL.flatMap(URL.init(string:))),
            agent: .init(
                jobNumber: self.agent, domain: self.domain, extensionNumber: self.ext, password: secret,
                loginMode: WellClientConfiguration.LoginMode(rawValue: self.loginMode) ?? .force),
            autoAnswer: self.autoAnswer,
            requestTimeout: .seconds(self.timeout), connectTimeout: .seconds(self.timeout), loginEventTimeout: .seconds(self.timeout),
            logLevel: .warning)
        let client = try WellClient(configuration: config)
        let lines = try StandardInputLines.start()
        let output = ConsoleOutput()
        let status = await withTaskGroup(of: Void.self, returning: Int32.self) { group in
            group.addTask { try? await client.run() }
            let events = client.events()
            group.addTask { for await event in events { output.write(event.json) } }
            // login() waits until run() serves, so starting both together is no race.
            do {
                try await client.login()
                output.write(ConsoleReply.success("login"))
            } catch {
                output.write(ConsoleReply.failure("login", error))
                await client.shutdown()
                return 1
            }
            let status = await Self.serve(lines, client: client, output: output)
            await client.shutdown()
            // The event stream ends after the events already received: print them all.
            await group.waitForAll()
            return status
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs each line until `logout` succeeds, `quit`, or the end of input (both log out first,
    /// unless the agent is logged out already).
    /// - Returns: the exit status: 0, or 1 when the final logout failed.
    static func serve(_ lines: AsyncStream<String>, client: WellClient, output: ConsoleOutput) async -> Int32 {
        for await text in lines {
            let line: ConsoleLine
            do {
                guard let parsed = try ConsoleParser.parse(text) else { continue }
                line = parsed
            } catch {
                output.write(ConsoleReply.failure(error.operation ?? "", error))
                continue
            }
            if line.request == .quit { break }
            do {
                let value = try await line.request.perform(on: client)
                output.write(ConsoleReply.success(line.verb, value: value))
                if line.request == .logout { return 0 }
            } catch {
                output.write(ConsoleReply.failure(line.verb, error))
            }
        }
        // Logged out meanwhile (by a supervisor, or the server ended the session): nothing to end.
        guard await client.isLoggedIn else { return 0 }
        do {
            try await client.logout()
            output.write(ConsoleReply.success("logout"))
            return 0
        } catch {
            output.write(ConsoleReply.failure("logout", error))
            return 1
        }
    }
}

/// Standard input as lines, read on a thread of its own so a blocking `read` never holds one
/// of the few threads Swift concurrency runs everything else on.
enum StandardInputLines {
    static func start() throws -> AsyncStream<String> {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        do {
            try DetachedThread.start(name: "console-stdin") {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }
        } catch {
            throw ValidationError("cannot read standard input: \(error)")
        }
        return lines
    }
}

/// Writes one JSON object per line; a lock keeps an event and a result from interleaving
/// (a line longer than the pipe's atomic size would otherwise be split by another write).
final class ConsoleOutput: Sendable {
    private let lock = Mutex(())

    func write(_ value: JSONValue) {
        let line = ConsoleReply.line(value) + "\n"
        lock.withLock { _ in StandardOutput.write(line) }
    }
}
