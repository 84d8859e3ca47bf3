/// The reconnect rules of a session's event channel, as a value: what happens when the channel
/// comes up, drops, or a retry is due. It does no I/O and reads time only from its clock; the
/// ``WellClient`` actor feeds it inputs and carries out the ``Action``s it returns.
///
/// The rules:
/// - the session's first connection failing fails the login (no retry);
/// - every later drop is retried forever by default, after ``ReconnectPolicy/delay(attempt:jitterFactor:)``
///   (1 s doubling to 30 s, ±20 % jitter), or given up after ``ReconnectPolicy/maxAttempts``
///   consecutive failures (`wsDisconnected`);
/// - a connection dropped because it failed a link check is replaced at once;
/// - when the link has been down for ``ReconnectPolicy/downNotice`` the user is told once per
///   outage — at a failed attempt, or at the notice's deadline while a retry is awaited
///   (``noticeDeadline``, ``noticeDue(epoch:)``) — and once when it is back (only after being
///   told it was down);
/// - a reconnect while the agent is logged in rebuilds the call model (events were lost meanwhile);
/// - once the session has ended (a manual logout, a logoff by the server, a shutdown) nothing
///   reconnects: every later input is ignored.
///
/// Inputs from an earlier channel life of the session (a stale ``Epoch``) are ignored too.
struct ReconnectMachine<C: Clock>: Sendable where C.Duration == Duration {
    /// One channel life: the inputs of a channel started before the current one are ignored.
    struct Epoch: Hashable, Sendable {
        fileprivate let value: Int
    }

    /// What the owner of the channel does next, in the order returned.
    enum Action: Equatable, Sendable {
        /// Open a connection now.
        case connect
        /// Wait this long, then call ``retryDue(epoch:)``.
        case retry(after: Duration)
        /// The session's first connection is subscribed: the login waiting for it goes on.
        case firstConnectionUp
        /// The session's first connection failed: the login fails with `reason`; nothing reconnects.
        case failLogin(reason: String)
        /// A connection after a drop is subscribed.
        case reconnected
        /// Rebuild the call model from the server's state (events were lost while the link was down).
        case resync
        /// A connection (or an attempt to make one) ended: the link is down.
        case linkLost(reason: String)
        /// Tell the user, once per outage, that the link has been down for ``ReconnectPolicy/downNotice``.
        case reportDown(reason: String)
        /// Tell the user the link is back (only after ``reportDown(reason:)`` for this outage).
        case reportBackUp
        /// Out of attempts after `attempts` consecutive failures: tell the user; nothing reconnects.
        case giveUp(reason: String, attempts: Int)

        /// Whether this keeps the channel going: a connection now (``connect``) or after a wait
        /// (``retry(after:)``). A list of actions without one ends the channel.
        var isAttempt: Bool {
            switch self {
            case .connect, .retry: true
            case .firstConnectionUp, .failLogin, .reconnected, .resync, .linkLost, .reportDown, .reportBackUp, .giveUp: false
            }
        }
    }

    private enum State: Equatable {
        /// No channel: no session, or it ended (or gave up); nothing reconnects.
        case stopped
        /// The session's first connection is being made.
        case opening
        /// The first connection failed; the login fails with `reason`.
        case failed(reason: String)
        /// Connected and subscribed.
        case up
        /// Down since `since`, after `failures` consecutive failed attempts, the last for
        /// `reason`; `told` once reported.
        case down(since: C.Instant, failures: Int, told: Bool, reason: String)
    }

    /// The rules for delays, attempts and the down notice.
    let policy: ReconnectPolicy
    private let clock: C
    private let jitter: @Sendable (ClosedRange<Double>) -> Double
    private var state = State.stopped
    private var epoch = 0

    /// Creates a machine with no channel.
    /// - Parameters:
    ///   - policy: delays, attempts and the down notice.
    ///   - clock: where the time of a drop comes from (a manual clock in tests).
    ///   - jitter: draws a jitter factor from the range given (``ReconnectPolicy/jitterRange``);
    ///     the default draws from the system generator inside the standard library.
    init(
        policy: ReconnectPolicy, clock: C,
        jitter: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) {
        self.policy = policy
        self.clock = clock
        self.jitter = jitter
    }

    /// The reason the session's first connection failed, while that is the state.
    var firstConnectionFailure: String? {
        if case .failed(let reason) = self.state { return reason }
        return nil
    }

    // MARK: - inputs

    /// A session starts its channel (login or recovery): open the first connection now.
    /// - Returns: the epoch of this channel life (pass it with every later input) and ``Action/connect``.
    mutating func start() -> (epoch: Epoch, actions: [Action]) {
        self.epoch += 1
        self.state = .opening
        return (Epoch(value: self.epoch), [.connect])
    }

    /// The connection of `epoch` is connected and subscribed.
    /// - Parameter loggedIn: whether the agent is logged in (not still logging in or out):
    ///   only then does a reconnect rebuild the call model and report the link back.
    mutating func connected(epoch: Epoch, loggedIn: Bool) -> [Action] {
        guard epoch.value == self.epoch else { return [] }
        switch self.state {
        case .opening:
            self.state = .up
            return [.firstConnectionUp]
        case .down(_, _, let told, _):
            self.state = .up
            guard loggedIn else { return [.reconnected] }
            return told ? [.reconnected, .resync, .reportBackUp] : [.reconnected, .resync]
        case .stopped, .failed, .up:
            return []
        }
    }

    /// The connection of `epoch` ended, or an attempt to make one failed.
    /// - Parameters:
    ///   - reason: why, in words.
    ///   - kicked: it was dropped on purpose because it failed a link check (replaced at once).
    mutating func dropped(epoch: Epoch, reason: String, kicked: Bool = false) -> [Action] {
        guard epoch.value == self.epoch else { return [] }
        let now = self.clock.now
        var since = now
        var failures = 0
        var told = false
        switch self.state {
        case .stopped, .failed:
            return []
        case .opening:
            self.state = .failed(reason: reason)
            return [.failLogin(reason: reason)]
        case .up:
            break
        case .down(let downSince, let failed, let wasTold, _):
            (since, failures, told) = (downSince, failed, wasTold)
        }
        var actions: [Action] = [.linkLost(reason: reason)]
        if !told, since.duration(to: now) >= self.policy.downNotice {
            told = true
            actions.append(.reportDown(reason: reason))
        }
        guard self.policy.allowsAttempt(after: failures) else {
            self.state = .stopped
            actions.append(.giveUp(reason: reason, attempts: failures))
            return actions
        }
        failures += 1
        self.state = .down(since: since, failures: failures, told: told, reason: reason)
        if kicked {
            actions.append(.connect)
        } else {
            let factor = self.jitter(self.policy.jitterRange)
            actions.append(.retry(after: self.policy.delay(attempt: failures, jitterFactor: factor)))
        }
        return actions
    }

    /// When the outage under way is to be told, if it is not yet: the owner waiting for a retry
    /// calls ``noticeDue(epoch:)`` then, so that the notice does not wait for the next failed
    /// attempt (up to ``ReconnectPolicy/maxDelay`` later). `nil` when the link is not down or
    /// the outage was told.
    var noticeDeadline: C.Instant? {
        guard case .down(let since, _, false, _) = self.state else { return nil }
        return since.advanced(by: self.policy.downNotice)
    }

    /// The ``noticeDeadline`` came while a retry of `epoch` is awaited: tell the outage (with the
    /// reason of the last failure) if it has lasted ``ReconnectPolicy/downNotice`` and was not told.
    mutating func noticeDue(epoch: Epoch) -> [Action] {
        guard epoch.value == self.epoch, case .down(let since, let failures, false, let reason) = self.state,
            since.duration(to: self.clock.now) >= self.policy.downNotice
        else { return [] }
        self.state = .down(since: since, failures: failures, told: true, reason: reason)
        return [.reportDown(reason: reason)]
    }

    /// The wait of a ``Action/retry(after:)`` for `epoch` is over: connect, unless the session
    /// ended meanwhile.
    mutating func retryDue(epoch: Epoch) -> [Action] {
        guard epoch.value == self.epoch, case .down = self.state else { return [] }
        return [.connect]
    }

    /// A link check found the connection dead: the attempt count starts again (the next
    /// attempts come quickly).
    mutating func linkCheckFailed() {
        if case .down(let since, _, let told, let reason) = self.state {
            self.state = .down(since: since, failures: 0, told: told, reason: reason)
        }
    }

    /// The session ended (a manual logout, a logoff by the server, a shutdown): nothing
    /// reconnects any more. A first-connection failure stays readable for the login it fails.
    mutating func sessionEnded() {
        if case .failed = self.state { return }
        self.state = .stopped
    }
}
