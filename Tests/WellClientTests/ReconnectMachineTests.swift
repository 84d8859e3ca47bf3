import Synchronization
import Testing
@testable import WellClient
import WellTestSupport

/// Every path of the reconnect rules, on a manual clock and an injected jitter source.
struct ReconnectMachineTests {
    typealias Machine = ReconnectMachine<ManualClock>

    /// A jitter source that always answers `pick(range)` and remembers the ranges it was asked for.
    final class Jitter: Sendable {
        let asked = Mutex<[ClosedRange<Double>]>([])
        let pick: @Sendable (ClosedRange<Double>) -> Double

        init(_ pick: @escaping @Sendable (ClosedRange<Double>) -> Double) { self.pick = pick }

        var source: @Sendable (ClosedRange<Double>) -> Double {
            { range in
                self.asked.withLock { $0.append(range) }
                return self.pick(range)
            }
        }

        /// No jitter: every delay is the base delay.
        static var neutral: Jitter { Jitter { _ in 1 } }
    }

    /// A machine whose session's first connection is up.
    static func connectedMachine(
        _ policy: ReconnectPolicy = .default, clock: ManualClock, jitter: Jitter = .neutral
    ) -> (Machine, Machine.Epoch) {
        var machine = Machine(policy: policy, clock: clock, jitter: jitter.source)
        let (epoch, actions) = machine.start()
        #expect(actions == [.connect])
        #expect(machine.connected(epoch: epoch, loggedIn: false) == [.firstConnectionUp])
        return (machine, epoch)
    }

    /// A machine whose link dropped 30 s ago and which has just told the user so.
    static func toldDownMachine(clock: ManualClock) -> (Machine, Machine.Epoch) {
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        _ = machine.dropped(epoch: epoch, reason: "gone")
        clock.advance(by: .seconds(30))
        #expect(machine.dropped(epoch: epoch, reason: "gone").contains(.reportDown(reason: "gone")))
        return (machine, epoch)
    }

    /// The delay of a retry among `actions` (nil when there is none).
    static func retryDelay(_ actions: [Machine.Action]) -> Duration? {
        for case .retry(let delay) in actions { return delay }
        return nil
    }

    @Test func theFirstConnectionLetsTheLoginGoOn() {
        var machine = Machine(policy: .default, clock: ManualClock())
        let (epoch, actions) = machine.start()
        #expect(actions == [.connect])
        #expect(machine.firstConnectionFailure == nil)
        #expect(machine.connected(epoch: epoch, loggedIn: false) == [.firstConnectionUp])
        // Announced once: a second announcement of the same connection changes nothing.
        #expect(machine.connected(epoch: epoch, loggedIn: false) == [])
    }

    @Test func aFailedFirstConnectionFailsTheLoginAndIsNotRetried() {
        var machine = Machine(policy: .default, clock: ManualClock())
        let (epoch, _) = machine.start()
        #expect(machine.dropped(epoch: epoch, reason: "refused") == [.failLogin(reason: "refused")])
        #expect(machine.firstConnectionFailure == "refused")
        #expect(machine.retryDue(epoch: epoch) == [])
        #expect(machine.dropped(epoch: epoch, reason: "again") == [])
        // The login reads the reason after the session has been ended.
        machine.sessionEnded()
        #expect(machine.firstConnectionFailure == "refused")
        // A new session starts clean.
        _ = machine.start()
        #expect(machine.firstConnectionFailure == nil)
    }

    @Test func backoffDoublesFromOneToThirtySecondsWithinTheJitterBounds() {
        let base: [Double] = [1, 2, 4, 8, 16, 30, 30, 30]
        let extremes: [(name: String, pick: @Sendable (ClosedRange<Double>) -> Double, factor: Double)] = [
            ("lowest", { $0.lowerBound }, 0.8),
            ("highest", { $0.upperBound }, 1.2),
        ]
        for (name, pick, factor) in extremes {
            let clock = ManualClock()
            let jitter = Jitter(pick)
            var (machine, epoch) = Self.connectedMachine(clock: clock, jitter: jitter)
            var delays: [Double] = []
            for _ in base {
                let actions = machine.dropped(epoch: epoch, reason: "refused")
                guard let delay = Self.retryDelay(actions) else {
                    Issue.record("\(name): no retry in \(actions)")
                    return
                }
                delays.append(delay.seconds)
                clock.advance(by: delay)
                #expect(machine.retryDue(epoch: epoch) == [.connect])
            }
            for (delay, expected) in zip(delays, base.map { $0 * factor }) {
                #expect(abs(delay - expected) < 1e-9, "\(name) jitter: \(delays)")
            }
            #expect(jitter.asked.withLock { $0 }.allSatisfy { $0 == 0.8...1.2 }, "the jitter is drawn from ±20 %")
        }
    }

    @Test func seededJitterStaysWithinTwentyPercent() {
        let generator = Mutex(SeededGenerator(seed: 0x1E77E5))
        let jitter = Jitter { range in generator.withLock { Double.random(in: range, using: &$0) } }
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock, jitter: jitter)
        var seen = Set<Double>()
        for attempt in 1...200 {
            let actions = machine.dropped(epoch: epoch, reason: "refused")
            let delay = Self.retryDelay(actions)?.seconds ?? -1
            let base = ReconnectPolicy.default.baseDelay(attempt: attempt).seconds
            #expect(delay >= base * 0.8 - 1e-9 && delay <= base * 1.2 + 1e-9, "attempt \(attempt): \(delay) s")
            seen.insert(delay)
            _ = machine.retryDue(epoch: epoch)
        }
        #expect(seen.count > 100, "the jitter varies")
    }

    @Test func reconnectsForeverByDefault() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        for attempt in 1...5_000 {
            let actions = machine.dropped(epoch: epoch, reason: "refused")
            guard let delay = Self.retryDelay(actions) else {
                Issue.record("attempt \(attempt) was not retried: \(actions)")
                return
            }
            clock.advance(by: delay)
            #expect(machine.retryDue(epoch: epoch) == [.connect])
        }
    }

    @Test func givesUpAfterNTriesWhenConfigured() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(ReconnectPolicy(maxAttempts: 3), clock: clock)
        for attempt in 1...3 {
            let actions = machine.dropped(epoch: epoch, reason: "refused")
            #expect(Self.retryDelay(actions) != nil, "attempt \(attempt): \(actions)")
            #expect(machine.retryDue(epoch: epoch) == [.connect])
        }
        let last = machine.dropped(epoch: epoch, reason: "refused")
        #expect(last == [.linkLost(reason: "refused"), .giveUp(reason: "refused", attempts: 3)])
        #expect(machine.retryDue(epoch: epoch) == [])
        #expect(machine.dropped(epoch: epoch, reason: "refused") == [])
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [])
    }

    @Test func aSuccessfulReconnectStartsTheAttemptCountAgain() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(ReconnectPolicy(maxAttempts: 2), clock: clock)
        for _ in 1...3 {
            #expect(Self.retryDelay(machine.dropped(epoch: epoch, reason: "a")) == .seconds(1))
            #expect(machine.retryDue(epoch: epoch) == [.connect])
            #expect(Self.retryDelay(machine.dropped(epoch: epoch, reason: "b")) == .seconds(2))
            #expect(machine.retryDue(epoch: epoch) == [.connect])
            #expect(machine.connected(epoch: epoch, loggedIn: true) == [.reconnected, .resync])
        }
    }

    @Test func downForThirtySecondsIsToldOnce() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        #expect(machine.dropped(epoch: epoch, reason: "gone") == [.linkLost(reason: "gone"), .retry(after: .seconds(1))])
        var toldAt: [Duration] = []
        var elapsed = Duration.zero
        // Failed attempts every 5 s for two minutes.
        for _ in 1...24 {
            clock.advance(by: .seconds(5))
            elapsed += .seconds(5)
            let actions = machine.dropped(epoch: epoch, reason: "gone \(elapsed)")
            if actions.contains(.reportDown(reason: "gone \(elapsed)")) { toldAt.append(elapsed) }
            #expect(actions.first == .linkLost(reason: "gone \(elapsed)"))
            #expect(Self.retryDelay(actions) != nil)
        }
        #expect(toldAt == [.seconds(30)], "told once, at the first drop 30 s into the outage")
    }

    @Test func notToldJustBeforeThirtySeconds() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        _ = machine.dropped(epoch: epoch, reason: "gone")
        clock.advance(by: .seconds(30) - .milliseconds(1))
        #expect(!machine.dropped(epoch: epoch, reason: "gone").contains(.reportDown(reason: "gone")))
        clock.advance(by: .milliseconds(1))
        #expect(machine.dropped(epoch: epoch, reason: "gone").contains(.reportDown(reason: "gone")))
    }

    @Test func anOutageReachingItsDelayDuringARetryWaitIsToldAtTheDeadline() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        #expect(machine.noticeDeadline == nil, "the link is up")
        let start = clock.now
        _ = machine.dropped(epoch: epoch, reason: "gone")
        clock.advance(by: .seconds(20))
        _ = machine.dropped(epoch: epoch, reason: "refused")
        #expect(machine.noticeDeadline == start.advanced(by: .seconds(30)), "timed from the outage's start")
        // Before the deadline nothing is told; at it, once, with the last failure's reason.
        clock.advance(by: .seconds(9))
        #expect(machine.noticeDue(epoch: epoch).isEmpty)
        clock.advance(by: .seconds(1))
        #expect(machine.noticeDue(epoch: epoch) == [.reportDown(reason: "refused")])
        #expect(machine.noticeDeadline == nil)
        #expect(machine.noticeDue(epoch: epoch).isEmpty)
        // The failed attempt that follows does not tell it again; the return is told.
        #expect(!machine.dropped(epoch: epoch, reason: "refused").contains(.reportDown(reason: "refused")))
        #expect(machine.retryDue(epoch: epoch) == [.connect])
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [.reconnected, .resync, .reportBackUp])
    }

    @Test func aNoticeDeadlineOfAnEndedSessionOrAnEarlierChannelLifeTellsNothing() {
        let clock = ManualClock()
        var (machine, old) = Self.connectedMachine(clock: clock)
        _ = machine.dropped(epoch: old, reason: "gone")
        machine.sessionEnded()
        #expect(machine.noticeDeadline == nil)
        clock.advance(by: .seconds(60))
        #expect(machine.noticeDue(epoch: old).isEmpty)
        // A new session's channel: the old epoch's deadline is not its own.
        let (epoch, _) = machine.start()
        _ = machine.connected(epoch: epoch, loggedIn: true)
        _ = machine.dropped(epoch: epoch, reason: "gone")
        clock.advance(by: .seconds(30))
        #expect(machine.noticeDue(epoch: old).isEmpty)
        #expect(machine.noticeDue(epoch: epoch) == [.reportDown(reason: "gone")])
    }

    @Test func backUpIsToldOnceAndOnlyAfterDown() {
        let clock = ManualClock()
        // A long outage: told down, then back once.
        var (machine, epoch) = Self.toldDownMachine(clock: clock)
        #expect(machine.retryDue(epoch: epoch) == [.connect])
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [.reconnected, .resync, .reportBackUp])
        // A short drop afterwards: reconnected and resynchronised, nothing told either way.
        let short = machine.dropped(epoch: epoch, reason: "blip")
        #expect(!short.contains(.reportDown(reason: "blip")))
        clock.advance(by: .seconds(2))
        #expect(machine.retryDue(epoch: epoch) == [.connect])
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [.reconnected, .resync])
        // The next outage is timed from its own start, and told again.
        clock.advance(by: .seconds(600))
        #expect(!machine.dropped(epoch: epoch, reason: "x").contains(.reportDown(reason: "x")))
        clock.advance(by: .seconds(30))
        #expect(machine.dropped(epoch: epoch, reason: "x").contains(.reportDown(reason: "x")))
    }

    @Test func aReconnectWhileNotLoggedInNeitherResynchronisesNorTellsBackUp() {
        var (machine, epoch) = Self.toldDownMachine(clock: ManualClock())
        #expect(machine.connected(epoch: epoch, loggedIn: false) == [.reconnected])
        // That outage is over: the next one is a new one.
        _ = machine.dropped(epoch: epoch, reason: "again")
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [.reconnected, .resync])
    }

    @Test func aManualLogoutNeverReconnects() {
        let clock = ManualClock()
        // Logged out while connected: a drop afterwards is not retried.
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        machine.sessionEnded()
        #expect(machine.dropped(epoch: epoch, reason: "closed") == [])
        #expect(machine.retryDue(epoch: epoch) == [])
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [])
        // Logged out while a retry was pending: the retry does not connect, however late.
        var (pending, pendingEpoch) = Self.connectedMachine(clock: clock)
        #expect(Self.retryDelay(pending.dropped(epoch: pendingEpoch, reason: "gone")) != nil)
        pending.sessionEnded()
        clock.advance(by: .seconds(3600))
        #expect(pending.retryDue(epoch: pendingEpoch) == [])
        #expect(pending.dropped(epoch: pendingEpoch, reason: "gone") == [])
        pending.linkCheckFailed()
        #expect(pending.retryDue(epoch: pendingEpoch) == [])
    }

    @Test func inputsOfAnEarlierChannelLifeAreIgnored() {
        var machine = Machine(policy: .default, clock: ManualClock(), jitter: Jitter.neutral.source)
        let (old, _) = machine.start()
        #expect(machine.connected(epoch: old, loggedIn: true) == [.firstConnectionUp])
        machine.sessionEnded()
        let (current, _) = machine.start()
        #expect(old != current)
        #expect(machine.dropped(epoch: old, reason: "late") == [])
        #expect(machine.retryDue(epoch: old) == [])
        #expect(machine.connected(epoch: old, loggedIn: true) == [])
        // The current life is untouched by them: its first connection is still awaited.
        #expect(machine.connected(epoch: current, loggedIn: false) == [.firstConnectionUp])
    }

    @Test func aConnectionThatFailedALinkCheckIsReplacedAtOnce() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        #expect(machine.dropped(epoch: epoch, reason: "no answer", kicked: true) == [.linkLost(reason: "no answer"), .connect])
        #expect(machine.connected(epoch: epoch, loggedIn: true) == [.reconnected, .resync])
    }

    @Test func aFailedLinkCheckStartsTheBackoffAgain() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(clock: clock)
        for expected in [1, 2, 4, 8] {
            #expect(Self.retryDelay(machine.dropped(epoch: epoch, reason: "gone")) == .seconds(expected))
            #expect(machine.retryDue(epoch: epoch) == [.connect])
        }
        machine.linkCheckFailed()
        #expect(Self.retryDelay(machine.dropped(epoch: epoch, reason: "gone")) == .seconds(1))
    }

    @Test func theDownNoticeDelayIsASetting() {
        let clock = ManualClock()
        var (machine, epoch) = Self.connectedMachine(ReconnectPolicy(downNotice: .seconds(1)), clock: clock)
        #expect(!machine.dropped(epoch: epoch, reason: "gone").contains(.reportDown(reason: "gone")))
        clock.advance(by: .seconds(1))
        #expect(
            machine.dropped(epoch: epoch, reason: "gone") == [
                .linkLost(reason: "gone"), .reportDown(reason: "gone"), .retry(after: .seconds(2)),
            ])
    }
}
