import Foundation
import Subprocess
import Synchronization
import WellBrowserHost
import WellControl
import WellDBus
import WellProtocol

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Input delivered in the given chunks, one per `read` (a chunk larger than the buffer is cut),
/// then the end of input. Counts the bytes handed out.
struct ChunkedSource: NativeMessageSource {
    /// How many bytes were handed out, shared with copies of the source.
    final class Tally { var delivered = 0 }

    var chunks: [[UInt8]]
    let tally = Tally()

    init(_ chunks: [[UInt8]]) { self.chunks = chunks }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(NativeMessageReadError) -> Int {
        guard !self.chunks.isEmpty else { return 0 }
        var chunk = self.chunks.removeFirst()
        let count = min(chunk.count, buffer.count)
        buffer.copyBytes(from: chunk[..<count])
        chunk.removeFirst(count)
        if !chunk.isEmpty { self.chunks.insert(chunk, at: 0) }
        self.tally.delivered += count
        return count
    }
}

/// Collects what the host writes.
struct RecordingSink: NativeMessageSink {
    var bytes: [UInt8] = []
    mutating func write(_ bytes: [UInt8]) -> Bool {
        self.bytes += bytes
        return true
    }
}

/// An agent that answers from a script and records what it was asked.
final class ScriptedAgent: AgentCalling {
    let calls = Mutex<[String]>([])
    let dialAnswer: Result<(callId: String, dialled: String), AgentControlFailure>
    let statusAnswer: Result<String, AgentControlFailure>
    let settingsAnswer: Result<String, AgentControlFailure>

    /// A failure as the D-Bus client reports the agent's error reply `name`.
    static func failure(_ name: String, _ message: String) -> AgentControlFailure {
        AgentControlFailure(DBusError(name: name, message: message))
    }

    init(
        dial: Result<(callId: String, dialled: String), AgentControlFailure>? = nil,
        status: Result<String, AgentControlFailure> = .success(#"{"login":"loggedIn","calls":[]}"#),
        settings: Result<String, AgentControlFailure> = .success(#"{"clickCallClass":"well-canBeCalled","sites":["https://crm.example.com"]}"#)
    ) {
        self.dialAnswer = dial ?? .success((callId: "call-1", dialled: ""))
        self.statusAnswer = status
        self.settingsAnswer = settings
    }

    var recorded: [String] { self.calls.withLock { $0 } }

    func dial(_ input: String) async throws(AgentControlFailure) -> (callId: String, dialled: String) {
        self.calls.withLock { $0.append("Dial \(input)") }
        let answer = try self.dialAnswer.get()
        // Like the agent without a dial plan: the number dialled is the input's digits.
        return (answer.callId, answer.dialled.isEmpty ? input.filter(\.isNumber) : answer.dialled)
    }

    func status() async throws(AgentControlFailure) -> String {
        self.calls.withLock { $0.append("Status") }
        return try self.statusAnswer.get()
    }

    func browserSettings() async throws(AgentControlFailure) -> String {
        self.calls.withLock { $0.append("BrowserSettings") }
        return try self.settingsAnswer.get()
    }
}

/// Frames and replies as tests handle them.
enum Frames {
    /// A frame around the UTF-8 of `json`.
    static func frame(_ json: String) -> [UInt8] { NativeMessageFrame.encode(Array(json.utf8)) }

    /// Splits a stream of frames into their JSON values; fails on a partial or non-JSON frame.
    static func replies(_ bytes: [UInt8]) throws -> [JSONValue] {
        var replies: [JSONValue] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            guard rest.count >= 4 else { throw FrameError(description: "\(rest.count) stray bytes after the frames") }
            let length = Int(NativeMessageFrame.length(ofHeader: Array(rest.prefix(4))))
            rest = rest.dropFirst(4)
            guard rest.count >= length else { throw FrameError(description: "a frame of \(length) bytes has only \(rest.count)") }
            replies.append(try JSONDecoder().decode(JSONValue.self, from: Data(rest.prefix(length))))
            rest = rest.dropFirst(length)
        }
        return replies
    }

    struct FrameError: Error, CustomStringConvertible {
        let description: String
    }
}

/// The real host binary, run as a browser runs it.
enum HostBinary {
    /// Runs `host` with `arguments` and `environment`, `input` on its standard input, and returns
    /// its exit status (nil: killed by a signal), standard output and standard error.
    ///
    /// The input comes from a file, not a pipe: the host may rightly exit without reading it all
    /// (a caller it refuses, a length over the cap), and swift-subprocess's pipe writer traps
    /// when the reader goes away first.
    static func run(_ host: String, arguments: [String], environment: [String: String], input: [UInt8]) async throws
        -> (status: Int32?, output: [UInt8], standardError: String)
    {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("host-input-\(UUID().uuidString)").path
        try Data(input).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let descriptor = try FileDescriptor.open(FilePath(file), .readOnly)
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { keyed[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(host)), arguments: Arguments(arguments), environment: .custom(keyed),
            input: .fileDescriptor(descriptor, closeAfterSpawningProcess: true),
            output: .bytes(limit: 1 << 20), error: .string(limit: 1 << 20))
        let status: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
        return (status, result.standardOutput, result.standardError)
    }
}
