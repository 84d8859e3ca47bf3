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
/// → `MESSAGE` bodies as events, with a heart-beat watchdog. ``run(onConnected:onEvents:)`` returns or
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
    ///
    /// A reader task turns the WebSocket's bytes into events (``ChannelReader``) and queues them
    /// (``InboundQueue``); this task hands them to the client in batches (``deliver(from:link:onConnected:onEvents:)``).
    /// When the connection ends, everything read before the end is handed over first.
    /// - Parameters:
    ///   - onConnected: called once the server confirmed `SUBSCRIBE` with a RECEIPT (or, from a
    ///     server that sends none, ``subscribeGrace`` after it was sent) — events published
    ///     from then on reach this channel.
    ///   - onEvents: called with the events (and malformed bodies) of each batch, in order.
    func run(
        onConnected: @escaping @Sendable () async -> Void,
        onEvents: @escaping @Sendable (ArraySlice<InboundItem>) async -> Void
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
            let queue = InboundQueue()
            let timer = TimerWake()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reader: bytes → frames → session → the queue, one push per WebSocket frame.
                group.addTask {
                    var reader = ChannelReader(session: connectingSession)
                    do {
                        try await Self.read(inbound, into: &reader, queue: queue, watchdog: watchdog, timer: timer) { reader, version, server in
                            logger.debug("STOMP connected", metadata: ["stomp.version": "\(version)", "stomp.server": "\(server ?? "")"])
                            let subscribe = try reader.subscribe(
                                destination: destination, id: "sub-0", receipt: EventChannel.subscribeReceipt)
                            watchdog.state.withLock { $0.subscribeSent() }
                            timer.wake()
                            try await outbound.write(.text(subscribe.encodedString(version: version)))
                            link.attach(outbound, version: version, timer: timer)
                        }
                        queue.finish(.failed(Ended(reason: "WebSocket closed by the server")), after: reader.takeItems())
                    } catch {
                        queue.finish(.failed(error), after: reader.takeItems())
                    }
                }
                // Heart-beats out, watchdog in, connect timeout, link checks: sleeps until the
                // watchdog has something due, or until an input that brings that closer (or a
                // link check's kick) wakes it.
                group.addTask {
                    do {
                        while true {
                            let deadline = watchdog.state.withLock { $0.nextDeadline() }
                            let now = ContinuousClock.now
                            try await timer.sleep(until: now.advanced(by: Self.tickDelay(until: deadline, now: now)))
                            if link.takeKick() { throw Ended(reason: "the link did not answer a check") }
                            for action in watchdog.state.withLock({ $0.tick() }) {
                                switch action {
                                case .assumeSubscribed:
                                    logger.debug("no RECEIPT for SUBSCRIBE; assuming the subscription is in place")
                                    await queue.push([.subscribed])
                                case .sendHeartBeat:
                                    try await outbound.write(.text("\n"))
                                case .drop(let reason):
                                    throw Ended(reason: reason)
                                }
                            }
                        }
                    } catch {
                        queue.finish(.failed(error))
                    }
                }
                defer { group.cancelAll() }
                try await Self.deliver(from: queue, link: link, onConnected: onConnected, onEvents: onEvents)
            }
        }
        throw Ended(reason: "WebSocket closed (\(closeFrame.map { "\($0.closeCode)" } ?? "no close frame"))")
    }

    /// The reader's loop: each WebSocket data frame's bytes go to `reader` as they come (a STOMP
    /// frame may span WebSocket frames and messages, so fragments need no reassembly), and what
    /// they complete is pushed to `queue` in one step. Returns when the WebSocket closes.
    private static func read(
        _ inbound: WebSocketInboundStream, into reader: inout ChannelReader, queue: InboundQueue, watchdog: SharedWatchdog,
        timer: TimerWake, connected: (inout ChannelReader, STOMPVersion, _ server: String?) async throws -> Void
    ) async throws {
        var fragmented = false
        var messageSize = 0
        for try await frame in inbound {
            watchdog.state.withLock { $0.received() }
            // The message rules the message iterator applied: fragments continue a message, and
            // a message stays within `maxMessageSize`.
            switch frame.opcode {
            case .text, .binary:
                if fragmented { throw Ended(reason: "WebSocket protocol error: a new message inside a fragmented one") }
                messageSize = 0
            case .continuation:
                if !fragmented { throw Ended(reason: "WebSocket protocol error: a continuation outside a message") }
            }
            fragmented = !frame.fin
            messageSize += frame.data.readableBytes
            if messageSize > Self.maxMessageSize {
                throw Ended(reason: "WebSocket message larger than \(Self.maxMessageSize) bytes")
            }
            reader.append(frame.data.readableBytesView)
            while let control = try reader.next() {
                switch control {
                case .connected(let version, let schedule, let server):
                    watchdog.state.withLock { $0.connected(schedule) }
                    timer.wake()
                    try await connected(&reader, version, server)
                case .subscriptionReceipt:
                    if watchdog.state.withLock({ $0.subscriptionConfirmed() }) { reader.append(item: .subscribed) }
                }
            }
            await queue.push(reader.takeItems())
        }
    }

    /// The longest the channel's timer sleeps. Every input that brings the watchdog's next
    /// deadline closer, and every ``ChannelLink/kick()``, wakes it; this bounds how late a
    /// deadline could be seen if one did not. An idle connection wakes for its heart-beats only.
    static let maximumSleep: Duration = .seconds(60)
    /// The shortest sleep of the channel's timer: a deadline the watchdog does not yet count as
    /// passed (its rules compare with `>`) is looked at again after this, not in a busy loop.
    static let minimumTick: Duration = .milliseconds(10)

    /// How long the channel's timer sleeps when the watchdog's next deadline is `deadline`.
    static func tickDelay(until deadline: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Duration {
        guard let deadline else { return Self.maximumSleep }
        return min(max(now.duration(to: deadline), Self.minimumTick), Self.maximumSleep)
    }

    /// The largest WebSocket message accepted (its STOMP frames are bounded by the decoder's limits).
    static let maxMessageSize = 1 << 24

    /// The client's side of the hand-off: takes each batch from `queue` and hands it over in
    /// order — a batch's events in one call of `onEvents`, a barrier's `RECEIPT` to `link` once
    /// the events before it were applied, the subscription to `onConnected` after the events
    /// before it. Returns when the queue finishes; throws the error it ended with.
    static func deliver(
        from queue: InboundQueue, link: ChannelLink?, onConnected: @Sendable () async -> Void,
        onEvents: @Sendable (ArraySlice<InboundItem>) async -> Void
    ) async throws {
        while let batch = try await queue.take() {
            var start = batch.startIndex
            for index in batch.indices {
                switch batch[index] {
                case .event, .malformed:
                    continue
                case .receipt(let id):
                    if start < index { await onEvents(batch[start..<index]) }
                    start = index + 1
                    link?.receiptArrived(id)
                case .subscribed:
                    if start < index { await onEvents(batch[start..<index]) }
                    start = index + 1
                    await onConnected()
                }
            }
            if start < batch.endIndex { await onEvents(batch[start...]) }
        }
    }
}
