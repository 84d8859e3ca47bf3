import Foundation
import Logging
import NIOCore
import NIOWebSocket
import STOMP
import Synchronization
import WellProtocol
import WSClient

/// A small STOMP-over-WebSocket client for tests: connects like stomp.js does (docs/protocol.md §7.2),
/// subscribes to an agent topic and collects everything the server sends.
///
/// ```swift
/// let client = try await StompTestClient.connect(to: harness.webSocketURL, subscribeTo: EventTopic.agent(loginId: "5001@demo.cc").destination)
/// let events = try await client.waitForEvents(2)
/// await client.close()
/// ```
public final class StompTestClient: Sendable {
    /// Why waiting failed.
    public struct Timeout: Error, CustomStringConvertible {
        /// What was awaited and what arrived.
        public let description: String
    }

    private struct State {
        var frames: [STOMPFrame] = []
        var heartbeats = 0
        var closed = false
        var closeReason: String?
        var nextReceipt = 0
    }

    private let state = Mutex(State())
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    private init(outgoing: AsyncStream<String>.Continuation) {
        self.outgoing = outgoing
    }

    /// Opens the WebSocket, sends CONNECT (`accept-version`, `heart-beat` as given), waits for
    /// CONNECTED, and when `destination` is given SUBSCRIBEs with id `sub-0` and waits for its RECEIPT.
    ///
    /// - Throws: ``Timeout`` when the server does not answer, or the connection error.
    public static func connect(
        to url: URL, subscribeTo destination: String? = nil, acceptVersion: String = "1.1,1.0",
        heartBeat: String = "10000,10000", timeout: Duration = .seconds(10)
    ) async throws -> StompTestClient {
        let client = try await Self.open(url)
        client.sendRaw("CONNECT\naccept-version:\(acceptVersion)\nheart-beat:\(heartBeat)\n\n\u{0}")
        _ = try await client.waitForFrame(timeout: timeout) { $0.command == .connected || $0.command == .error }
        guard client.frames.first?.command == .connected else {
            throw Timeout(description: "CONNECT refused: \(client.frames.first.map { "\($0)" } ?? "nothing")")
        }
        if let destination {
            try await client.subscribe(destination, id: "sub-0", timeout: timeout)
        }
        return client
    }

    /// Opens the WebSocket only (send frames yourself with ``sendRaw(_:)``).
    public static func open(_ url: URL) async throws -> StompTestClient {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let client = StompTestClient(outgoing: continuation)
        let (opened, openedSink) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        var logger = Logger(label: "stomp-test-client")
        logger.logLevel = .error
        let task = Task {
            do {
                try await WebSocketClient.connect(
                    url: url.absoluteString, configuration: .init(maxFrameSize: 1 << 20), logger: logger
                ) { inbound, outbound, _ in
                    openedSink.yield(.success(()))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in stream { try await outbound.write(.text(text)) }
                            try? await outbound.close(.normalClosure, reason: nil)
                        }
                        var decoder = STOMPFrameDecoder()
                        for try await message in inbound.messages(maxSize: 1 << 22) {
                            switch message {
                            case .text(let text): decoder.append(text)
                            case .binary(let buffer): decoder.append(buffer.readableBytesView)
                            }
                            while let item = try decoder.next() {
                                client.state.withLock { state in
                                    switch item {
                                    case .frame(let frame): state.frames.append(frame)
                                    case .heartbeat: state.heartbeats += 1
                                    }
                                }
                            }
                        }
                        group.cancelAll()
                    }
                }
                client.state.withLock { $0.closed = true }
            } catch {
                client.state.withLock {
                    $0.closed = true
                    $0.closeReason = "\(error)"
                }
                openedSink.yield(.failure(error))
            }
            continuation.finish()
            openedSink.finish()
        }
        client.task.withLock { $0 = task }
        for await result in opened {
            try result.get()
            return client
        }
        throw Timeout(description: "WebSocket closed before opening")
    }

    // MARK: - sending

    /// Sends raw text as one WebSocket message (e.g. a hand-written frame, or garbage).
    public func sendRaw(_ text: String) { self.outgoing.yield(text) }

    /// Sends a frame.
    public func send(_ frame: STOMPFrame) { self.sendRaw(frame.encodedString(version: .v1_1)) }

    /// SUBSCRIBEs and waits for the server's RECEIPT.
    public func subscribe(_ destination: String, id: String, timeout: Duration = .seconds(10)) async throws {
        let receipt = self.makeReceiptId()
        self.send(STOMPFrame(command: .subscribe, headers: STOMPHeaders([("id", id), ("destination", destination), ("receipt", receipt)])))
        try await self.waitForReceipt(receipt, timeout: timeout)
    }

    /// A round trip through the server: everything the server queued for this connection before
    /// this call has arrived when it returns (the server writes one ordered stream per connection).
    public func barrier(timeout: Duration = .seconds(10)) async throws {
        let receipt = self.makeReceiptId()
        self.send(
            STOMPFrame(
                command: .subscribe,
                headers: STOMPHeaders([
                    ("id", "barrier-\(receipt)"), ("destination", "/topic/test.barrier"), ("receipt", receipt),
                ])))
        try await self.waitForReceipt(receipt, timeout: timeout)
    }

    private func makeReceiptId() -> String {
        self.state.withLock { state in
            state.nextReceipt += 1
            return "r-\(state.nextReceipt)"
        }
    }

    private func waitForReceipt(_ receipt: String, timeout: Duration) async throws {
        let frame = try await self.waitForFrame(timeout: timeout) {
            ($0.command == .receipt && $0.headers["receipt-id"] == receipt) || $0.command == .error
        }
        if frame.command == .error { throw Timeout(description: "ERROR instead of RECEIPT: \(frame)") }
    }

    /// Sends DISCONNECT and closes the socket.
    public func close() async {
        self.sendRaw("DISCONNECT\n\n\u{0}")
        self.outgoing.finish()
        let task = self.task.withLock { $0 }
        _ = await task?.value
    }

    /// Closes the socket without DISCONNECT (a client that vanishes).
    public func abort() async {
        let task = self.task.withLock { $0 }
        task?.cancel()
        self.outgoing.finish()
        _ = await task?.value
    }

    // MARK: - reading

    /// Every frame received, in order.
    public var frames: [STOMPFrame] { self.state.withLock { $0.frames } }

    /// Heart-beat EOLs received.
    public var heartbeatCount: Int { self.state.withLock { $0.heartbeats } }

    /// Whether the socket is closed.
    public var isClosed: Bool { self.state.withLock { $0.closed } }

    /// The MESSAGE frames, in order.
    public var messages: [STOMPFrame] { self.frames.filter { $0.command == .message } }

    /// The MESSAGE bodies decoded as events (bodies that are not events are skipped).
    public var events: [WireEvent] {
        self.messages.compactMap { try? WireEvent.decode(Data($0.body)) }
    }

    /// Waits until at least `count` events arrived; returns all events so far.
    /// - Throws: ``Timeout`` naming what did arrive when the socket closes first;
    ///   ``EventuallyTimedOut`` (with the same account) after `timeout`.
    @discardableResult
    public func waitForEvents(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [WireEvent] {
        var events: [WireEvent] = []
        let seen = { "\(events.count) events: \(events.compactMap(\.eventName?.rawValue))" }
        try await eventually("\(count) events", timeout: timeout, pollInterval: .milliseconds(5), lastSeen: seen) {
            let closed = self.isClosed
            events = self.events
            if events.count >= count { return true }
            if closed { throw Timeout(description: "the socket closed before \(count) events; got \(seen())") }
            return false
        }
        return events
    }

    /// Waits for the first frame (in arrival order) that matches.
    /// - Throws: ``Timeout`` when the socket closes first; ``EventuallyTimedOut`` after `timeout`.
    @discardableResult
    public func waitForFrame(timeout: Duration = .seconds(10), where predicate: (STOMPFrame) -> Bool) async throws -> STOMPFrame {
        var found: STOMPFrame?
        let seen = { "frames \(self.frames.map(\.command.rawValue))" }
        try await eventually("a matching frame", timeout: timeout, pollInterval: .milliseconds(5), lastSeen: seen) {
            let closed = self.isClosed
            found = self.frames.first(where: predicate)
            if found != nil { return true }
            if closed { throw Timeout(description: "the socket closed before a matching frame; got \(seen())") }
            return false
        }
        guard let found else { throw Timeout(description: "no matching frame; got \(seen())") }
        return found
    }

    /// Waits until the server closed the socket.
    public func waitUntilClosed(timeout: Duration = .seconds(10)) async throws {
        try await eventually("the server to close the socket", timeout: timeout, pollInterval: .milliseconds(5)) { self.isClosed }
    }
}
