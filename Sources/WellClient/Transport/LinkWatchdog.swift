import STOMP

/// The timing rules of one connection of the event channel, as a value: the wait for STOMP
/// `CONNECTED`, the wait for the `RECEIPT` of `SUBSCRIBE`, heart-beats out and the heart-beat
/// watchdog in. It does no I/O and reads time only from its clock; ``EventChannel`` feeds it what
/// the connection sees and calls ``tick()`` when ``nextDeadline()`` comes, then carries out the actions.
///
/// The rules:
/// - no `CONNECTED` within the connect timeout: drop the connection;
/// - the subscription is announced once: on its `RECEIPT`, or `subscribeGrace` after
///   `SUBSCRIBE` was sent for a server that sends no receipts;
/// - a heart-beat goes out whenever none went out for the negotiated send interval;
/// - silence from the server (no frame, no heart-beat) longer than the negotiated peer timeout
///   (two of its heart-beat periods) drops the connection.
struct LinkWatchdog<C: Clock>: Sendable where C.Duration == Duration {
    /// What the connection does after a ``tick()``, in the order returned.
    enum Action: Equatable, Sendable {
        /// Announce the subscription: no `RECEIPT` came within the grace period.
        case assumeSubscribed
        /// Send a heart-beat (an end of line).
        case sendHeartBeat
        /// Close the connection for `reason`.
        case drop(reason: String)
    }

    private let clock: C
    private let connectTimeout: Duration
    private let subscribeGrace: Duration
    private let started: C.Instant
    private var schedule: STOMPHeartBeatSchedule?
    private var lastReceived: C.Instant
    private var lastSent: C.Instant
    private var subscribedAt: C.Instant?
    private var announced = false

    /// A watchdog for a connection whose `CONNECT` was just sent.
    /// - Parameters:
    ///   - clock: where time comes from (a manual clock in tests).
    ///   - connectTimeout: how long `CONNECTED` may take.
    ///   - subscribeGrace: how long the `RECEIPT` of `SUBSCRIBE` is awaited before the
    ///     subscription is assumed in place.
    init(clock: C, connectTimeout: Duration, subscribeGrace: Duration) {
        self.clock = clock
        self.connectTimeout = connectTimeout
        self.subscribeGrace = subscribeGrace
        let now = clock.now
        self.started = now
        self.lastReceived = now
        self.lastSent = now
    }

    // MARK: - inputs

    /// Something arrived from the server (a frame or a heart-beat).
    mutating func received() {
        self.lastReceived = self.clock.now
    }

    /// `CONNECTED` arrived with the negotiated heart-beat `schedule`.
    mutating func connected(_ schedule: STOMPHeartBeatSchedule) {
        self.schedule = schedule
    }

    /// `SUBSCRIBE` (with a receipt) was sent.
    mutating func subscribeSent() {
        self.subscribedAt = self.clock.now
    }

    /// The `RECEIPT` of `SUBSCRIBE` arrived.
    /// - Returns: whether to announce the subscription (`true` once per connection).
    mutating func subscriptionConfirmed() -> Bool {
        self.announceOnce()
    }

    /// Time passed: what is due now.
    mutating func tick() -> [Action] {
        let now = self.clock.now
        guard let schedule = self.schedule else {
            if self.started.duration(to: now) > self.connectTimeout {
                return [.drop(reason: "no STOMP CONNECTED within \(self.connectTimeout)")]
            }
            return []
        }
        var actions: [Action] = []
        if let sent = self.subscribedAt, sent.duration(to: now) >= self.subscribeGrace, self.announceOnce() {
            actions.append(.assumeSubscribed)
        }
        if let interval = schedule.sendInterval, self.lastSent.duration(to: now) >= interval {
            self.lastSent = now
            actions.append(.sendHeartBeat)
        }
        let silence = self.lastReceived.duration(to: now)
        if let timeout = schedule.peerTimeout, silence > timeout {
            actions.append(.drop(reason: "no heart-beat from the server for \(silence)"))
        }
        return actions
    }

    /// The earliest instant at which ``tick()`` may have something to do (the connect deadline,
    /// the end of the subscription's grace period, the next heart-beat out, the end of the
    /// tolerated silence), so that the caller sleeps until then rather than ticking on a fixed
    /// period. `nil` when nothing is due by time alone (no heart-beats either way, subscription
    /// announced).
    func nextDeadline() -> C.Instant? {
        guard let schedule = self.schedule else { return self.started.advanced(by: self.connectTimeout) }
        var deadlines: [C.Instant] = []
        if let sent = self.subscribedAt, !self.announced { deadlines.append(sent.advanced(by: self.subscribeGrace)) }
        if let interval = schedule.sendInterval { deadlines.append(self.lastSent.advanced(by: interval)) }
        if let timeout = schedule.peerTimeout { deadlines.append(self.lastReceived.advanced(by: timeout)) }
        return deadlines.min()
    }

    private mutating func announceOnce() -> Bool {
        defer { self.announced = true }
        return !self.announced
    }
}
