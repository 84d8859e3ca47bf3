import STOMP
import Testing
@testable import WellClient
import WellTestSupport

/// The timing rules of one event-channel connection, on a manual clock.
struct LinkWatchdogTests {
    typealias Watchdog = LinkWatchdog<ManualClock>

    /// What the client negotiates with a server offering `server` (the client offers 10 s both ways).
    static func schedule(server: STOMPHeartBeat) -> STOMPHeartBeatSchedule {
        STOMPHeartBeat.negotiate(own: STOMPHeartBeat(cx: 10_000, cy: 10_000), peer: server)
    }

    /// A watchdog whose connection negotiated `schedule` and whose subscription is confirmed.
    static func subscribed(_ clock: ManualClock, _ schedule: STOMPHeartBeatSchedule) -> Watchdog {
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        watchdog.received()
        watchdog.connected(schedule)
        watchdog.subscribeSent()
        let announce = watchdog.subscriptionConfirmed()
        #expect(announce)
        return watchdog
    }

    /// Whether `actions` drop the connection.
    static func drops(_ actions: [Watchdog.Action]) -> Bool {
        actions.contains { if case .drop = $0 { true } else { false } }
    }

    @Test func heartBeatLossIsFoundAfterTwoPeriodsOfSilence() {
        let clock = ManualClock()
        var watchdog = Self.subscribed(clock, Self.schedule(server: STOMPHeartBeat(cx: 10_000, cy: 10_000)))
        // Heart-beats every 10 s keep the link: silence up to two periods is tolerated.
        for _ in 1...5 {
            clock.advance(by: .seconds(10))
            #expect(!Self.drops(watchdog.tick()))
            watchdog.received()
        }
        clock.advance(by: .seconds(20))
        #expect(!Self.drops(watchdog.tick()), "exactly two periods of silence: not yet")
        clock.advance(by: .milliseconds(100))
        #expect(watchdog.tick().last == .drop(reason: "no heart-beat from the server for 20.1 seconds"))
    }

    @Test func theServersSlowerHeartBeatSetsThePeriod() {
        let clock = ManualClock()
        // The server can send only every 25 s: the peer is expected every 25 s, dead after 50 s.
        var watchdog = Self.subscribed(clock, Self.schedule(server: STOMPHeartBeat(cx: 25_000, cy: 10_000)))
        clock.advance(by: .seconds(49))
        #expect(!Self.drops(watchdog.tick()))
        clock.advance(by: .seconds(2))
        #expect(Self.drops(watchdog.tick()))
    }

    @Test func heartBeatsGoOutEverySendInterval() {
        let clock = ManualClock()
        var watchdog = Self.subscribed(clock, Self.schedule(server: STOMPHeartBeat(cx: 10_000, cy: 10_000)))
        var sentAt: [Duration] = []
        for step in 1...300 {
            clock.advance(by: .milliseconds(100))
            watchdog.received()
            if watchdog.tick().contains(.sendHeartBeat) { sentAt.append(.milliseconds(100 * step)) }
        }
        #expect(sentAt == [.seconds(10), .seconds(20), .seconds(30)])
    }

    @Test func withoutNegotiatedHeartBeatsNothingIsSentAndSilenceIsKept() {
        let clock = ManualClock()
        var watchdog = Self.subscribed(clock, Self.schedule(server: .none))
        clock.advance(by: .seconds(3600))
        #expect(watchdog.tick() == [])
    }

    @Test func noConnectedWithinTheConnectTimeoutDrops() {
        let clock = ManualClock()
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        clock.advance(by: .seconds(10))
        #expect(watchdog.tick() == [])
        clock.advance(by: .milliseconds(100))
        #expect(watchdog.tick() == [.drop(reason: "no STOMP CONNECTED within 10.0 seconds")])
    }

    @Test func theSubscriptionIsAnnouncedOnceOnItsReceipt() {
        let clock = ManualClock()
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        watchdog.connected(.disabled)
        watchdog.subscribeSent()
        let first = watchdog.subscriptionConfirmed()
        let second = watchdog.subscriptionConfirmed()
        #expect(first && !second, "announced once")
        clock.advance(by: .seconds(5))
        #expect(watchdog.tick() == [], "already announced: the grace period adds nothing")
    }

    @Test func withoutAReceiptTheSubscriptionIsAssumedAfterTheGracePeriodOnce() {
        let clock = ManualClock()
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        watchdog.connected(.disabled)
        watchdog.subscribeSent()
        clock.advance(by: .milliseconds(900))
        #expect(watchdog.tick() == [])
        clock.advance(by: .milliseconds(100))
        #expect(watchdog.tick() == [.assumeSubscribed])
        clock.advance(by: .seconds(1))
        #expect(watchdog.tick() == [])
        let late = watchdog.subscriptionConfirmed()
        #expect(!late, "a late RECEIPT does not announce it again")
    }
}

/// When the event channel's timer wakes: at the watchdog's next deadline, not on a fixed period.
struct LinkWatchdogDeadlineTests {
    typealias Watchdog = LinkWatchdog<ManualClock>

    @Test("before CONNECTED the next deadline is the connect timeout")
    func connectDeadline() {
        let clock = ManualClock()
        let watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        #expect(watchdog.nextDeadline() == clock.now.advanced(by: .seconds(10)))
    }

    @Test("after SUBSCRIBE the grace period comes first; once announced, the next heart-beat out")
    func graceThenHeartBeat() {
        let clock = ManualClock()
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        let start = clock.now
        watchdog.connected(LinkWatchdogTests.schedule(server: STOMPHeartBeat(cx: 10_000, cy: 10_000)))
        watchdog.subscribeSent()
        #expect(watchdog.nextDeadline() == start.advanced(by: .seconds(1)))
        let announce = watchdog.subscriptionConfirmed()
        #expect(announce)
        #expect(watchdog.nextDeadline() == start.advanced(by: .seconds(10)), "the 10 s heart-beat out")
        // Ticking at the deadline sends the heart-beat; the next is 10 s later.
        clock.advance(by: .seconds(10))
        let actions = watchdog.tick()
        #expect(actions == [.sendHeartBeat])
        #expect(watchdog.nextDeadline() == start.advanced(by: .seconds(20)))
    }

    @Test("a server silent for longer than it may be is the next deadline when it comes before the next heart-beat out")
    func silenceDeadline() {
        let clock = ManualClock()
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        let start = clock.now
        // The client sends every 10 s; the server is expected every 4 s: silence over 8 s drops.
        watchdog.connected(STOMPHeartBeatSchedule(sendIntervalMilliseconds: 10_000, expectedIntervalMilliseconds: 4_000, peerTimeoutMilliseconds: 8_000))
        #expect(watchdog.nextDeadline() == start.advanced(by: .seconds(8)))
        clock.advance(by: .seconds(3))
        watchdog.received()
        #expect(watchdog.nextDeadline() == start.advanced(by: .seconds(10)), "now the heart-beat out comes first")
    }

    @Test("without heart-beats either way and with the subscription announced, nothing is due by time")
    func nothingDue() {
        let clock = ManualClock()
        var watchdog = Watchdog(clock: clock, connectTimeout: .seconds(10), subscribeGrace: .seconds(1))
        watchdog.connected(STOMPHeartBeat.negotiate(own: STOMPHeartBeat(cx: 0, cy: 0), peer: STOMPHeartBeat(cx: 0, cy: 0)))
        watchdog.subscribeSent()
        let announce = watchdog.subscriptionConfirmed()
        #expect(announce)
        #expect(watchdog.nextDeadline() == nil)
    }

    @Test("the channel's timer sleeps until the deadline, at least 10 ms and at most 60 s (inputs and kicks wake it)")
    func tickDelay() {
        let now = ContinuousClock.now
        #expect(EventChannel.tickDelay(until: now.advanced(by: .milliseconds(300)), now: now) == .milliseconds(300))
        #expect(EventChannel.tickDelay(until: now.advanced(by: .seconds(10)), now: now) == .seconds(10))
        #expect(EventChannel.tickDelay(until: now.advanced(by: .seconds(600)), now: now) == .seconds(60))
        #expect(EventChannel.tickDelay(until: now.advanced(by: .milliseconds(-5)), now: now) == .milliseconds(10))
        #expect(EventChannel.tickDelay(until: nil, now: now) == .seconds(60))
    }
}
