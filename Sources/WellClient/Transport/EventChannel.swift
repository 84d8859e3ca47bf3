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

    private final class Shared: Sendable {
        let lastReceived = Mutex<ContinuousClock.Instant>(.now)
        let schedule = Mutex<STOMPHeartBeatSchedule?>(nil)
        /// When SUBSCRIBE was sent (its RECEIPT is awaited until ``EventChannel/subscribeGrace``).
        let subscribedAt = Mutex<ContinuousClock.Instant?>(nil)
        let announced = Mutex(false)

        /// `true` exactly once: the caller announces the subscription.
        func announce() -> Bool {
            self.announced.withLock { done in
                defer { done = true }
                return !done
            }
        }
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
        let shared = Shared()
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
            shared.lastReceived.withLock { $0 = .now }
            let connectingSession = initialSession
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reader: bytes → frames → session actions.
                group.addTask {
                    var session = connectingSession
                    var decoder = STOMPFrameDecoder()
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        shared.lastReceived.withLock { $0 = .now }
                        switch message {
                        case .text(let text): decoder.append(text)
                        case .binary(let buffer): decoder.append(buffer.readableBytesView)
                        }
                        while let item = try decoder.next() {
                            guard case .frame(let frame) = item else { continue }
                            switch session.receive(frame) {
                            case .connected(let version, let schedule, let server):
                                logger.debug("STOMP connected", metadata: ["stomp.version": "\(version)", "stomp.server": "\(server ?? "")"])
                                shared.schedule.withLock { $0 = schedule }
                                let (_, subscribe) = try session.subscribe(
                                    destination: destination, id: "sub-0", receipt: EventChannel.subscribeReceipt)
                                shared.subscribedAt.withLock { $0 = .now }
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
                                if shared.announce() { await onConnected() }
                            case .receipt(let id):
                                link.receiptArrived(id)
                            case .ignored:
                                break
                            }
                        }
                    }
                    throw Ended(reason: "WebSocket closed by the server")
                }
                // Heart-beats out, watchdog in, connect timeout.
                group.addTask {
                    let started = ContinuousClock.now
                    var lastSent = ContinuousClock.now
                    while true {
                        try await Task.sleep(for: .milliseconds(100))
                        let now = ContinuousClock.now
                        guard let schedule = shared.schedule.withLock({ $0 }) else {
                            if now - started > connectTimeout { throw Ended(reason: "no STOMP CONNECTED within \(connectTimeout)") }
                            continue
                        }
                        if let sent = shared.subscribedAt.withLock({ $0 }), now - sent >= EventChannel.subscribeGrace, shared.announce() {
                            logger.debug("no RECEIPT for SUBSCRIBE; assuming the subscription is in place")
                            await onConnected()
                        }
                        if link.takeKick() { throw Ended(reason: "the link did not answer a check") }
                        if let interval = schedule.sendInterval, now - lastSent >= interval {
                            try await outbound.write(.text("\n"))
                            lastSent = now
                        }
                        if let timeout = schedule.peerTimeout {
                            let last = shared.lastReceived.withLock { $0 }
                            if now - last > timeout { throw Ended(reason: "no heart-beat from the server for \(now - last)") }
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
