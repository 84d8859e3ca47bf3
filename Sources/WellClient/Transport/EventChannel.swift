#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import NIOCore
import NIOSSL
import STOMP
import Synchronization
import WSClient

/// One life of the event channel: WebSocket → STOMP `CONNECT` (with heart-beats) → `SUBSCRIBE`
/// → `MESSAGE` bodies, with a heart-beat watchdog. ``run(onConnected:onMessage:)`` returns or
/// throws when the channel ends; reconnecting is the caller's business.
struct EventChannel: Sendable {
    /// Why a channel life ended.
    struct Ended: Error, CustomStringConvertible {
        let reason: String
        var description: String { self.reason }
    }

    let url: URL
    let destination: String
    let heartBeat: Duration
    let connectTimeout: Duration
    let tls: TLSConfiguration?
    let logger: Logger
    /// Lets the session request RECEIPT round trips on the live connection.
    let link: ChannelLink

    /// The connection's ``LinkWatchdog``, shared by its reader and its timer.
    private final class SharedWatchdog: Sendable {
        let state: Mutex<LinkWatchdog<ContinuousClock>>

        init(_ watchdog: LinkWatchdog<ContinuousClock>) { self.state = Mutex(watchdog) }
    }

    /// The RECEIPT id of the agent-topic SUBSCRIBE.
    static let subscribeReceipt = "wellclient-subscribed"
    /// How long the RECEIPT of SUBSCRIBE is awaited before the subscription is assumed in place
    /// (a server that ignores `receipt`; the seed waited a fixed 500 ms instead).
    static let subscribeGrace: Duration = .seconds(1)

    /// Runs the channel until it drops (throws ``Ended`` or a transport error) or the task is cancelled.
    /// - Parameters:
    ///   - onConnected: called once the server confirmed `SUBSCRIBE` with a RECEIPT (or, from a
    ///     server that sends none, ``subscribeGrace`` after it was sent) — events published
    ///     from then on reach this channel.
    ///   - onMessage: called with each `MESSAGE` body, in order.
    func run(
        onConnected: @escaping @Sendable () async -> Void,
        onMessage: @escaping @Sendable ([UInt8]) async -> Void
    ) async throws {
        let destination = self.destination
        let beatMillis = Int(self.heartBeat.seconds * 1000)
        let connectTimeout = self.connectTimeout
        let logger = self.logger
        let link = self.link
        defer { link.detach() }
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 22
        let tls: TLSConfiguration? = self.url.scheme?.lowercased() == "wss" ? (self.tls ?? .makeClientConfiguration()) : nil
        let closeFrame = try await WebSocketClient.connect(
            url: self.url.absoluteString, configuration: configuration, tlsConfiguration: tls, logger: logger
        ) { inbound, outbound, _ in
            var initialSession = STOMPClientSession()
            // No `host` header, as stomp.js sends (docs/protocol.md §7.2): RabbitMQ Web-STOMP, the
            // production broker, takes `host` as the virtual host and answers `host:<server
            // name>` with ERROR "Bad CONNECT".
            let connect = try initialSession.connectFrame(
                host: nil, acceptVersions: [.v1_1, .v1_2], heartBeat: STOMPHeartBeat(cx: beatMillis, cy: beatMillis))
            try await outbound.write(.text(connect.encodedString(version: .v1_1)))
            let watchdog = SharedWatchdog(
                LinkWatchdog(
                    clock: ContinuousClock(), connectTimeout: connectTimeout, subscribeGrace: EventChannel.subscribeGrace))
            let connectingSession = initialSession
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reader: bytes → frames → session actions.
                group.addTask {
                    var session = connectingSession
                    var decoder = STOMPFrameDecoder()
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        watchdog.state.withLock { $0.received() }
                        switch message {
                        case .text(let text): decoder.append(text)
                        case .binary(let buffer): decoder.append(buffer.readableBytesView)
                        }
                        while let item = try decoder.next() {
                            guard case .frame(let frame) = item else { continue }
                            switch session.receive(frame) {
                            case .connected(let version, let schedule, let server):
                                logger.debug("STOMP connected", metadata: ["stomp.version": "\(version)", "stomp.server": "\(server ?? "")"])
                                watchdog.state.withLock { $0.connected(schedule) }
                                let (_, subscribe) = try session.subscribe(
                                    destination: destination, id: "sub-0", receipt: EventChannel.subscribeReceipt)
                                watchdog.state.withLock { $0.subscribeSent() }
                                try await outbound.write(.text(subscribe.encodedString(version: version)))
                                link.attach(outbound, version: version)
                            case .message(_, _, _, let frame):
                                await onMessage(frame.body)
                            case .error(let message, _):
                                throw Ended(reason: "STOMP ERROR: \(message)")
                            case .protocolViolation(let reason):
                                throw Ended(reason: "STOMP protocol violation: \(reason)")
                            case .disconnected:
                                throw Ended(reason: "STOMP disconnected")
                            case .receipt(let id) where id == EventChannel.subscribeReceipt:
                                if watchdog.state.withLock({ $0.subscriptionConfirmed() }) { await onConnected() }
                            case .receipt(let id):
                                link.receiptArrived(id)
                            case .ignored:
                                break
                            }
                        }
                    }
                    throw Ended(reason: "WebSocket closed by the server")
                }
                // Heart-beats out, watchdog in, connect timeout, link checks.
                group.addTask {
                    while true {
                        try await Task.sleep(for: .milliseconds(100))
                        if link.takeKick() { throw Ended(reason: "the link did not answer a check") }
                        for action in watchdog.state.withLock({ $0.tick() }) {
                            switch action {
                            case .assumeSubscribed:
                                logger.debug("no RECEIPT for SUBSCRIBE; assuming the subscription is in place")
                                await onConnected()
                            case .sendHeartBeat:
                                try await outbound.write(.text("\n"))
                            case .drop(let reason):
                                throw Ended(reason: reason)
                            }
                        }
                    }
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
        throw Ended(reason: "WebSocket closed (\(closeFrame.map { "\($0.closeCode)" } ?? "no close frame"))")
    }
}
