import STOMP
import Synchronization
import WellProtocol

/// The STOMP fan-out: every WebSocket connection registers here with its STOMP session; events
/// of the call model are routed to the subscriptions of the receiving agent's topic.
///
/// All frames of one connection (CONNECTED, RECEIPT, MESSAGE, ERROR, heart-beats) pass through
/// that connection's single ordered stream, so an event published before a RECEIPT is requested
/// is always written before that RECEIPT.
final class EventHub: Sendable {
    /// Something for a connection's writer to do.
    enum Outgoing: Sendable, Hashable {
        /// Write this frame.
        case frame(STOMPFrame)
        /// Write a heart-beat EOL.
        case heartbeat
        /// Write raw text (used for the malformed-event fault).
        case raw(String)
        /// Write raw bytes as one binary WebSocket message (hostile-server tests).
        case bytes([UInt8])
        /// Close the WebSocket.
        case close(reason: String)
    }

    private struct Connection {
        var session: STOMPServerSession
        let continuation: AsyncStream<Outgoing>.Continuation
        /// Blackholed: nothing is written any more and client frames are ignored.
        var silent = false

        /// Queues `item` for the writer unless the connection is blackholed.
        func send(_ item: Outgoing) {
            if !self.silent { self.continuation.yield(item) }
        }
    }

    private struct State {
        var connections: [Int: Connection] = [:]
        var nextId = 0
        var duplicateNext = false
        var refusingUpgrades = false
    }

    private let state = Mutex(State())
    private let serverConfiguration: STOMPServerSession.Configuration

    init(heartBeat: (send: Int, receive: Int)) {
        self.serverConfiguration = STOMPServerSession.Configuration(
            supportedVersions: [.v1_0, .v1_1, .v1_2], heartBeat: STOMPHeartBeat(cx: heartBeat.send, cy: heartBeat.receive),
            serverName: "wellclient-sim/1")
    }

    /// A new connection: its id and the stream its writer drains.
    func register() -> (id: Int, outgoing: AsyncStream<Outgoing>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Outgoing.self)
        let id = self.state.withLock { state in
            state.nextId += 1
            var configuration = self.serverConfiguration
            configuration.sessionID = "sim-\(state.nextId)"
            state.connections[state.nextId] = Connection(session: STOMPServerSession(configuration: configuration), continuation: continuation)
            return state.nextId
        }
        return (id, stream)
    }

    /// Forgets a connection and ends its stream.
    func unregister(_ id: Int) {
        let connection = self.state.withLock { $0.connections.removeValue(forKey: id) }
        connection?.continuation.finish()
    }

    /// Applies a client frame to the connection's STOMP session and queues the replies.
    /// Returns the action (the caller starts heart-beats on `.connected`).
    @discardableResult
    func receive(_ frame: STOMPFrame, on id: Int) -> STOMPServerAction? {
        self.state.withLock { state -> STOMPServerAction? in
            guard var connection = state.connections[id], !connection.silent else { return nil }
            let action = connection.session.receive(frame)
            state.connections[id] = connection
            for reply in action.framesToSend { connection.send(.frame(reply)) }
            if action.closesConnection { connection.send(.close(reason: "STOMP session closed")) }
            return action
        }
    }

    /// Sends an ERROR frame for an undecodable byte stream and closes.
    func reject(_ id: Int, message: String, detail: String) {
        self.state.withLock { state in
            guard var connection = state.connections[id] else { return }
            let error = connection.session.errorFrame(message: message, detail: detail)
            state.connections[id] = connection
            connection.send(.frame(error))
            connection.send(.close(reason: message))
        }
    }

    /// Queues a heart-beat for a connection.
    func heartbeat(_ id: Int) {
        self.state.withLock { state in state.connections[id]?.send(.heartbeat) }
    }

    /// The STOMP encoding version of a connection.
    func encodingVersion(_ id: Int) -> STOMPVersion {
        self.state.withLock { $0.connections[id]?.session.encodingVersion ?? .v1_2 }
    }

    /// Publishes an event to every subscription of `loginId`'s topics (modern and legacy).
    func publish(_ event: WireEvent, to loginId: String) {
        guard let body = try? event.encoded() else { return }
        let key = EventTopic.routingKey(loginId)
        self.state.withLock { state in
            let copies = state.duplicateNext ? 2 : 1
            state.duplicateNext = false
            for id in state.connections.keys.sorted() {
                guard var connection = state.connections[id], connection.session.state == .connected else { continue }
                for subscription in connection.session.subscriptions
                where EventTopic.routingKey(ofDestination: subscription.destination) == key {
                    for _ in 0..<copies {
                        let frame = connection.session.messageFrame(
                            subscriptionID: subscription.id, destination: subscription.destination,
                            messageID: connection.session.makeMessageID(), body: Array(body),
                            contentType: "application/json;charset=UTF-8")
                        connection.send(.frame(frame))
                    }
                }
                state.connections[id] = connection
            }
        }
    }

    /// Whether some connection subscribes to `loginId`'s events.
    func isSubscribed(_ loginId: String) -> Bool {
        let key = EventTopic.routingKey(loginId)
        return self.state.withLock { state in
            state.connections.values.contains { connection in
                connection.session.subscriptions.contains { EventTopic.routingKey(ofDestination: $0.destination) == key }
            }
        }
    }

    /// Whether WebSocket upgrades are refused (the `refuse-ws` fault).
    var refusesUpgrades: Bool { self.state.withLock { $0.refusingUpgrades } }

    /// Number of open WebSocket connections.
    var connectionCount: Int { self.state.withLock { $0.connections.count } }

    // MARK: - faults

    /// Applies a fault to the live connections.
    func inject(_ fault: SimulatorFault) {
        self.state.withLock { state in
            switch fault {
            case .expireSession, .serverError:
                break
            case .duplicateSerial:
                state.duplicateNext = true
            case .dropWebSockets:
                for connection in state.connections.values { connection.continuation.yield(.close(reason: "fault: drop-ws")) }
            case .errorFrame:
                for id in state.connections.keys {
                    guard var connection = state.connections[id] else { continue }
                    let error = connection.session.errorFrame(message: "Simulated broker failure", detail: "fault: error-frame")
                    state.connections[id] = connection
                    connection.send(.frame(error))
                    connection.send(.close(reason: "fault: error-frame"))
                }
            case .badEvent:
                Self.sendToSubscriptions(Array("{\"eventName\": \"delivered\", broken".utf8), in: &state)
            case .blackhole:
                for id in state.connections.keys { state.connections[id]?.silent = true }
            case .refuseWebSockets:
                state.refusingUpgrades = true
                for connection in state.connections.values { connection.continuation.yield(.close(reason: "fault: refuse-ws")) }
            case .allowWebSockets:
                state.refusingUpgrades = false
            }
        }
    }

    /// Writes `bytes` as they are, as one binary WebSocket message, to every open connection
    /// (hostile-server tests: oversized or malformed frames).
    func sendRaw(_ bytes: [UInt8]) {
        self.state.withLock { state in
            for connection in state.connections.values { connection.send(.bytes(bytes)) }
        }
    }

    /// Sends a well-formed `MESSAGE` frame with `body` (any bytes) to every subscription.
    func sendMessageBody(_ body: [UInt8]) {
        self.state.withLock { state in Self.sendToSubscriptions(body, in: &state) }
    }

    private static func sendToSubscriptions(_ body: [UInt8], in state: inout State) {
        for id in state.connections.keys {
            guard var connection = state.connections[id] else { continue }
            for subscription in connection.session.subscriptions {
                let frame = connection.session.messageFrame(
                    subscriptionID: subscription.id, destination: subscription.destination,
                    messageID: connection.session.makeMessageID(), body: body,
                    contentType: "application/json;charset=UTF-8")
                connection.send(.frame(frame))
            }
            state.connections[id] = connection
        }
    }
}
