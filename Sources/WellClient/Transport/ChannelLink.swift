import STOMP
import Synchronization
import WSClient

/// The session's handle on the live connection of an ``EventChannel``: lets the session ask for
/// a STOMP RECEIPT round trip (an event barrier) while the channel's reader processes frames.
///
/// The server writes each connection's frames in order, and the channel queues a RECEIPT behind
/// the events read before it and reports it only once they were applied, so once the RECEIPT
/// for a frame sent now has been reported, every event the server queued before it has been
/// applied and published.
final class ChannelLink: Sendable {
    private struct State {
        var writer: WebSocketOutboundWriter?
        /// The connection's timer, woken by a kick.
        var timer: TimerWake?
        var version: STOMPVersion = .v1_1
        var generation = 0
        var next = 0
        var waiting: [String: Latch] = [:]
        var arrived: Set<String> = []
        /// The session asked to drop the live connection (a failed link check).
        var kickRequested = false
        /// The connection that just ended was dropped on request.
        var endedByKick = false
    }

    private let state = Mutex(State())

    init() {}

    /// The channel is connected and subscribed: barrier frames go to `writer`, and a
    /// ``kick()`` wakes the connection's `timer`.
    func attach(_ writer: WebSocketOutboundWriter, version: STOMPVersion, timer: TimerWake) {
        self.state.withLock { state in
            state.writer = writer
            state.timer = timer
            state.version = version
            state.generation += 1
            state.kickRequested = false
            state.endedByKick = false
        }
    }

    /// Whether a connection is attached (connected and subscribed) right now.
    var isAttached: Bool { self.state.withLock { $0.writer != nil } }

    /// Asks the channel to drop the live connection at once (it then reconnects without
    /// waiting). Returns whether a connection was attached.
    @discardableResult
    func kick() -> Bool {
        let timer = self.state.withLock { state -> TimerWake? in
            guard state.writer != nil else { return nil }
            state.kickRequested = true
            return state.timer
        }
        timer?.wake()
        return timer != nil
    }

    /// The channel's watchdog: `true` once after ``kick()``; the connection is then dropped.
    func takeKick() -> Bool {
        self.state.withLock { state in
            guard state.kickRequested else { return false }
            state.kickRequested = false
            state.endedByKick = true
            return true
        }
    }

    /// Whether the connection that ended was dropped by ``kick()`` (read once, by the reconnect loop).
    func takeEndedByKick() -> Bool {
        self.state.withLock { state in
            defer { state.endedByKick = false }
            return state.endedByKick
        }
    }

    /// The connection ended: pending barriers fail.
    func detach() {
        let pending = self.state.withLock { state -> [Latch] in
            state.writer = nil
            state.timer = nil
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for latch in pending { latch.open() }
    }

    /// `RECEIPT` with `id` arrived and the events read before it were applied.
    func receiptArrived(_ id: String) {
        let latch = self.state.withLock { state -> Latch? in
            guard let latch = state.waiting.removeValue(forKey: id) else { return nil }
            state.arrived.insert(id)
            return latch
        }
        latch?.open()
    }

    /// Sends `SUBSCRIBE` (with a receipt) and `UNSUBSCRIBE` for a private destination and waits
    /// for the RECEIPT. Returns `false` when the channel is down or drops, or `timeout` passes.
    func barrier(timeout: Duration) async -> Bool {
        let latch = Latch()
        let prepared = self.state.withLock { state -> (WebSocketOutboundWriter, String, STOMPVersion)? in
            guard let writer = state.writer else { return nil }
            state.next += 1
            let id = "wellclient-barrier-\(state.generation)-\(state.next)"
            state.waiting[id] = latch
            return (writer, id, state.version)
        }
        guard let (writer, id, version) = prepared else { return false }
        let subscribe = STOMPFrame(
            command: .subscribe,
            headers: STOMPHeaders([
                (STOMPHeaders.id, id), (STOMPHeaders.destination, "/topic/wellclient.barrier"), (STOMPHeaders.receipt, id),
            ]))
        let unsubscribe = STOMPFrame(command: .unsubscribe, headers: STOMPHeaders([(STOMPHeaders.id, id)]))
        do {
            try await writer.write(.text(subscribe.encodedString(version: version)))
            try await writer.write(.text(unsubscribe.encodedString(version: version)))
        } catch {
            _ = self.state.withLock { $0.waiting.removeValue(forKey: id) }
            return false
        }
        _ = await latch.wait(timeout: timeout)
        return self.state.withLock { state in
            state.waiting.removeValue(forKey: id)
            return state.arrived.remove(id) != nil
        }
    }
}
