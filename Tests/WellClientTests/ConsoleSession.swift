import Foundation
import Subprocess
import Synchronization
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A real `wellclient console` process driven over pipes: lines go to its standard input, every
/// line of its standard output is kept (parsed as JSON), and the replies to commands are read
/// in order. Replies and events share standard output: a reply has `result`, an event `eventName`.
final class ConsoleSession: Sendable {
    /// How the process ended and what it said on stderr.
    struct Ending: Sendable, CustomStringConvertible {
        var status: TerminationStatus
        var standardError: String
        /// The last lines the console printed (its replies say why it failed).
        var lastLines: [String] = []
        var exitCode: Int32? { if case .exited(let code) = status { code } else { nil } }
        var description: String { "\(status), stderr: \(standardError), last lines: \(lastLines.joined(separator: " | "))" }
    }

    private let writer: StandardInputWriter
    private let state = Mutex<(lines: [JSONValue], replies: Int, closed: Bool)>(([], 0, false))

    private init(writer: StandardInputWriter) { self.writer = writer }

    /// Every line written so far (a line that is not JSON is kept as a string).
    var lines: [JSONValue] { state.withLock { $0.lines } }
    /// Every event received so far.
    var events: [JSONValue] { lines.filter { $0["eventName"] != nil } }

    /// Writes one line to the console's standard input.
    func send(_ line: String) async throws {
        _ = try await writer.write(line + "\n")
    }

    /// Closes the console's standard input (end of file).
    func closeInput() async throws { try await writer.finish() }

    /// The next reply not returned yet (replies come one per command, in order).
    func nextReply(timeout: Duration = .seconds(30)) async throws -> JSONValue {
        var found: JSONValue?
        try await eventually("a reply", timeout: timeout, pollInterval: .milliseconds(5), lastSeen: { "lines: \(self.transcript)" }) {
            let closed = state.withLock { $0.closed }
            found = state.withLock { state in
                let replies = state.lines.filter { $0["result"] != nil }
                guard replies.count > state.replies else { return nil }
                state.replies += 1
                return replies[state.replies - 1]
            }
            if found != nil { return true }
            if closed { throw HarnessError(description: "no reply (output closed); lines: \(self.transcript)") }
            return false
        }
        guard let found else { throw HarnessError(description: "no reply; lines: \(self.transcript)") }
        return found
    }

    /// Sends `line` and returns its reply.
    func run(_ line: String) async throws -> JSONValue {
        try await send(line)
        return try await nextReply()
    }

    /// Sends `line` and checks that its reply is `{"ok": true, "result": verb}`; returns its `value`.
    @discardableResult
    func ok(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue? {
        let reply = try await run(line)
        let verb = String(line.split(separator: " ").first ?? "")
        #expect(
            reply["ok"] == true && reply["result"]?.stringValue == verb, "\(line) → \(Self.text(reply))",
            sourceLocation: sourceLocation)
        return reply["value"]
    }

    /// The number of lines received so far: pass it as `after` to wait for a newer event.
    var mark: Int { state.withLock { $0.lines.count } }

    /// Waits until an event named `name` matching `predicate` has been received (among the
    /// lines after the first `after`); returns it.
    @discardableResult
    func event(
        _ name: String, after: Int = 0, timeout: Duration = .seconds(20),
        where predicate: @Sendable (JSONValue) -> Bool = { _ in true }
    ) async throws -> JSONValue {
        var found: JSONValue?
        try await eventually("a \(name) event", timeout: timeout, pollInterval: .milliseconds(5), lastSeen: { "lines: \(self.transcript)" }) {
            found = lines.dropFirst(after).first { $0["eventName"]?.stringValue == name && predicate($0) }
            return found != nil
        }
        guard let found else { throw HarnessError(description: "no \(name) event; lines: \(self.transcript)") }
        return found
    }

    /// Every line as text, for failure messages (the last 40).
    var transcript: String { lines.suffix(40).map(Self.text).joined(separator: "\n") }

    static func text(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    private func receive(_ line: String) {
        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))) ?? .string(line)
        state.withLock { $0.lines.append(value) }
    }

    private func outputClosed() { state.withLock { $0.closed = true } }

    // MARK: - running

    /// `wellclient console` arguments for agent `job` on extension `ext` at the simulator.
    static func arguments(_ sim: SimulatorHarness, job: String, ext: String) -> [String] {
        ["console", "--server", sim.baseURL.absoluteString, "--agent", job, "--domain", sim.namespace, "--ext", ext]
    }

    /// Starts `wellclient console` with `arguments` and exactly `environment` (a temporary HOME,
    /// `WELLCLIENT_PASSWORD` unless `password` is nil), writes `password` first when asked to,
    /// runs `body`, then closes standard input unless `body` did and waits for the process to end.
    static func with<T: Sendable>(
        _ arguments: [String], password: String? = "123456", passwordOnStandardInput: Bool = false,
        _ body: @Sendable (ConsoleSession) async throws -> T
    ) async throws -> (value: T, ending: Ending) {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let home = try TemporaryHome(label: "console")
        defer { home.remove() }
        var environment = home.environment()
        if let password, !passwordOnStandardInput { environment["WELLCLIENT_PASSWORD"] = password }
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { keyed[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(binary)), arguments: Arguments(arguments), environment: .custom(keyed),
            input: .inputWriter, output: .sequence, error: .string(limit: 1 << 20)
        ) { execution in
            let session = ConsoleSession(writer: execution.standardInputWriter)
            return try await withThrowingTaskGroup(of: Void.self, returning: (T, [JSONValue]).self) { group in
                group.addTask {
                    for try await line in execution.standardOutput.strings() { session.receive(line) }
                    session.outputClosed()
                }
                do {
                    if let password, passwordOnStandardInput { try await session.send(password) }
                    let value = try await body(session)
                    try await session.closeInput()
                    try await group.waitForAll()
                    return (value, session.lines)
                } catch {
                    try? execution.send(signal: .kill)
                    group.cancelAll()
                    throw error
                }
            }
        }
        let (value, lines) = result.closureResult
        return (
            value,
            Ending(
                status: result.terminationStatus, standardError: result.standardError,
                lastLines: lines.suffix(3).map { ConsoleSession.text($0) })
        )
    }
}
