import STOMP
import Testing

struct HeartBeatTests {
    @Test func parsesAndFormats() {
        #expect(STOMPHeartBeat(headerValue: "10000,10000") == STOMPHeartBeat(cx: 10000, cy: 10000))
        #expect(STOMPHeartBeat(headerValue: " 0 , 500 ") == STOMPHeartBeat(cx: 0, cy: 500))
        #expect(STOMPHeartBeat(cx: 4000, cy: 0).headerValue == "4000,0")
        for bad in ["", "1", "1,2,3", "-1,0", "a,b", "1,", ",1", "1.5,2", "9999999999999,1"] {
            #expect(STOMPHeartBeat(headerValue: bad) == nil, "value \(bad)")
        }
    }

    @Test func sendsEveryMaxOfOwnCxAndPeerCy() {
        let schedule = STOMPHeartBeat.negotiate(
            own: STOMPHeartBeat(cx: 10_000, cy: 10_000), peer: STOMPHeartBeat(cx: 5_000, cy: 20_000))
        #expect(schedule.sendIntervalMilliseconds == 20_000)
        #expect(schedule.expectedIntervalMilliseconds == 10_000)
        #expect(schedule.peerTimeoutMilliseconds == 20_000)
        #expect(schedule.sendInterval == .seconds(20))
        #expect(schedule.peerTimeout == .seconds(20))
    }

    @Test func zeroOnEitherSideDisablesThatDirection() {
        let noPeerWish = STOMPHeartBeat.negotiate(
            own: STOMPHeartBeat(cx: 1_000, cy: 1_000), peer: STOMPHeartBeat(cx: 3_000, cy: 0))
        #expect(noPeerWish.sendIntervalMilliseconds == 0)
        #expect(noPeerWish.sendInterval == nil)
        #expect(noPeerWish.expectedIntervalMilliseconds == 3_000)
        #expect(noPeerWish.peerTimeoutMilliseconds == 6_000)

        let cannotSend = STOMPHeartBeat.negotiate(
            own: STOMPHeartBeat(cx: 0, cy: 0), peer: STOMPHeartBeat(cx: 3_000, cy: 3_000))
        #expect(cannotSend == .disabled)
        #expect(cannotSend.peerTimeout == nil)
    }

    @Test func bothSidesAgree() {
        let client = STOMPHeartBeat(cx: 10_000, cy: 10_000)
        let server = STOMPHeartBeat(cx: 4_000, cy: 25_000)
        let clientView = STOMPHeartBeat.negotiate(own: client, peer: server)
        let serverView = STOMPHeartBeat.negotiate(own: server, peer: client)
        #expect(clientView.sendIntervalMilliseconds == serverView.expectedIntervalMilliseconds)
        #expect(serverView.sendIntervalMilliseconds == clientView.expectedIntervalMilliseconds)
        #expect(clientView.sendIntervalMilliseconds == 25_000)
        #expect(serverView.sendIntervalMilliseconds == 10_000)
    }

    @Test func timeoutFactorIsConfigurable() {
        let schedule = STOMPHeartBeat.negotiate(
            own: STOMPHeartBeat(cx: 0, cy: 1_000), peer: STOMPHeartBeat(cx: 1_500, cy: 0), timeoutFactor: 3)
        #expect(schedule.peerTimeoutMilliseconds == 4_500)
    }
}
