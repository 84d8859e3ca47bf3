import Foundation
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import WellProtocol
import WSClient

/// A minimal Chrome DevTools protocol client over one WebSocket to the browser endpoint
/// (`ws://127.0.0.1:PORT/devtools/browser/…`), with flattened sessions: every command names the
/// session (page or worker target) it is for, and replies are matched to commands by id.
/// WebDriver BiDi (Firefox) has the same shape — `{id, method, params}` out, `{id, result}` or an
/// error back, events with a `method` — so ``FirefoxBrowser`` speaks it through this type too.
///
/// ```swift
/// let devTools = try await DevToolsConnection.open(browser.webSocketURL)
/// let version = try await devTools.send("Browser.getVersion")
/// await devTools.close()
/// ```
public final class DevToolsConnection: Sendable {
    /// A command the browser answered with an error, or a connection that ended.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, with the browser's message.
        public let description: String
    }

    /// An event the browser sent (`Page.loadEventFired`, `Runtime.consoleAPICalled`, …).
    public struct Event: Sendable {
        /// The event's method name.
        public let method: String
        /// Its parameters.
        public let params: JSONValue
        /// The session it belongs to (nil for the browser's own).
        public let sessionId: String?
    }

    private struct State {
        var nextId = 1
        var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
        var events: [Event] = []
        var closed: String?
    }

    /// Events kept for ``events(_:)`` (older ones are dropped).
    private static let keptEvents = 2000
    private let state = Mutex(State())
    private let outgoing: AsyncStream<String>.Continuation
    private let task = Mutex<Task<Void, Never>?>(nil)

    private init(outgoing: AsyncStream<String>.Continuation) {
        self.outgoing = outgoing
    }

    /// Connects to a DevTools WebSocket endpoint.
    /// - Parameter url: the browser's (or a target's) WebSocket debugger URL.
    /// - Returns: the open connection.
    /// - Throws: ``Failure`` or the WebSocket error when it cannot connect.
    public static func open(_ url: String) async throws -> DevToolsConnection {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let connection = DevToolsConnection(outgoing: continuation)
        let (opened, openedSink) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        var logger = Logger(label: "devtools")
        logger.logLevel = .error
        let task = Task {
            var reason = "the browser closed the DevTools connection"
            do {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: 1 << 24), logger: logger
                ) { inbound, outbound, _ in
                    openedSink.yield(.success(()))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in stream { try await outbound.write(.text(text)) }
                            try? await outbound.close(.normalClosure, reason: nil)
                        }
                        for try await message in inbound.messages(maxSize: 1 << 26) {
                            switch message {
                            case .text(let text): connection.received(Data(text.utf8))
                            case .binary(let buffer): connection.received(Data(buffer.readableBytesView))
                            }
                        }
                        group.cancelAll()
                    }
                }
            } catch {
                reason = "DevTools connection failed: \(error)"
                openedSink.yield(.failure(error))
            }
            connection.finish(reason)
            continuation.finish()
            openedSink.finish()
        }
        connection.task.withLock { $0 = task }
        for await result in opened {
            try result.get()
            return connection
        }
        throw Failure(description: "the DevTools WebSocket closed before opening")
    }

    /// Sends a command and waits for its result.
    /// - Parameters:
    ///   - method: e.g. `Target.createTarget`.
    ///   - params: its parameters (an object).
    ///   - session: the flattened session the command is for (nil: the browser).
    ///   - timeout: how long to wait for the answer.
    /// - Returns: the `result` object.
    /// - Throws: ``Failure`` with the browser's error message, on timeout, or when the connection ended.
    @discardableResult
    public func send(_ method: String, _ params: JSONValue = [:], session: String? = nil, timeout: Duration = .seconds(30)) async throws -> JSONValue {
        let id = self.state.withLock { state in
            defer { state.nextId += 1 }
            return state.nextId
        }
        var command: [String: JSONValue] = ["id": .number(Double(id)), "method": .string(method), "params": params]
        if let session { command["sessionId"] = .string(session) }
        let text = String(decoding: try JSONEncoder().encode(JSONValue.object(command)), as: UTF8.self)
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.fail(id, Failure(description: "\(method): no answer within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let closed = self.state.withLock { state -> String? in
                if let closed = state.closed { return closed }
                state.pending[id] = continuation
                return nil
            }
            if let closed {
                continuation.resume(throwing: Failure(description: "\(method): \(closed)"))
            } else {
                self.outgoing.yield(text)
            }
        }
    }

    /// The events received so far with this method (and session, when given), oldest first.
    public func events(_ method: String, session: String? = nil) -> [Event] {
        self.state.withLock { state in
            state.events.filter { $0.method == method && (session == nil || $0.sessionId == session) }
        }
    }

    /// Closes the connection (pending commands fail).
    public func close() async {
        self.outgoing.finish()
        let task = self.task.withLock { $0 }
        _ = await task?.value
    }

    // MARK: - receiving

    private func received(_ data: Data) {
        guard let message = try? JSONDecoder().decode(JSONValue.self, from: data) else { return }
        if let id = message["id"]?.intValue {
            if let error = message["error"] {
                // DevTools: {"error": {"message", "data"}}; WebDriver BiDi: {"error": code, "message"}.
                let text = error["message"]?.stringValue ?? message["message"]?.stringValue ?? "\(error)"
                let data = (error["data"]?.stringValue ?? error.stringValue).map { " (\($0))" } ?? ""
                self.fail(id, Failure(description: "remote error: \(text)\(data)"))
            } else {
                let continuation = self.state.withLock { $0.pending.removeValue(forKey: id) }
                continuation?.resume(returning: message["result"] ?? [:])
            }
        } else if let method = message["method"]?.stringValue {
            let event = Event(method: method, params: message["params"] ?? [:], sessionId: message["sessionId"]?.stringValue)
            self.state.withLock { state in
                state.events.append(event)
                if state.events.count > Self.keptEvents { state.events.removeFirst(state.events.count - Self.keptEvents) }
            }
        }
    }

    private func fail(_ id: Int, _ error: Failure) {
        let continuation = self.state.withLock { $0.pending.removeValue(forKey: id) }
        continuation?.resume(throwing: error)
    }

    private func finish(_ reason: String) {
        let pending = self.state.withLock { state in
            state.closed = reason
            defer { state.pending = [:] }
            return state.pending
        }
        for continuation in pending.values { continuation.resume(throwing: Failure(description: reason)) }
    }
}
