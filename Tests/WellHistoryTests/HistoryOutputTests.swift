import Foundation
import Testing
import WellHistory

@Suite struct HistoryOutputTests {
    @Test(arguments: [
        (CallFacts(rangHere: true, answeredHere: true), CallOutcome.answered),
        (CallFacts(rangHere: true), .missed),
        (CallFacts(rangHere: true, endedHere: true), .rejected),
        (CallFacts(placedHere: true, endedHere: true), .unanswered),
        (CallFacts(placedHere: true, answeredThere: true), .answered),
        (CallFacts(placedHere: true, busy: true), .busy),
        (CallFacts(placedHere: true, failed: true), .failed),
        (CallFacts(rangHere: true, answeredHere: true, transferredAway: true, endedHere: true), .transferred),
        (CallFacts(placedHere: true, answeredThere: true, conferenced: true), .conference),
        (CallFacts(), .unknown),
    ])
    func outcomeRules(facts: CallFacts, expected: CallOutcome) {
        #expect(facts.outcome == expected)
    }

    @Test func jsonHasExactlyTheKeysWithOffsets() throws {
        let zone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let call = HistoryCall(
            callId: "c1", direction: .inbound, placedHere: false, number: "13800138000", queue: "7000", startedAt: start,
            answeredAt: start.addingTimeInterval(4), endedAt: start.addingTimeInterval(94), outcome: .answered)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(call.jsonLine(timeZone: zone).utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["callId", "direction", "number", "queue", "startedAt", "answeredAt", "endedAt", "durationSeconds", "outcome"])
        #expect(object["startedAt"] as? String == "2026-05-29T04:26:40+08:00")
        #expect(object["durationSeconds"] as? Int == 90)
        #expect(object["number"] as? String == "13800138000")
        let open = HistoryCall(callId: "c2", direction: .outbound, placedHere: true, number: "8002", startedAt: start)
        let openObject = try #require(try JSONSerialization.jsonObject(with: Data(open.jsonLine(timeZone: .gmt).utf8)) as? [String: Any])
        #expect(openObject["endedAt"] is NSNull)
        #expect(openObject["outcome"] is NSNull)
        #expect(openObject["startedAt"] as? String == "2026-05-28T20:26:40+00:00")
    }

    @Test func sinceParsesDaysTimesAndOffsets() throws {
        let zone = try #require(TimeZone(secondsFromGMT: 3600))
        #expect(HistoryDate.parse("2026-05-28", timeZone: zone) == Date(timeIntervalSince1970: 1_779_922_800))
        #expect(HistoryDate.parse("2026-05-28T20:26:40Z", timeZone: zone) == Date(timeIntervalSince1970: 1_780_000_000))
        #expect(HistoryDate.parse("2026-05-29T04:26:40+08:00", timeZone: zone) == Date(timeIntervalSince1970: 1_780_000_000))
        #expect(HistoryDate.parse("2026-05-28T21:26", timeZone: zone) == Date(timeIntervalSince1970: 1_779_999_960))
        for bad in ["", "yesterday", "2026-13-01", "2026-02-30", "2026-5-1", "2026-05-28T25:00", "2026-05-28T10:00+8"] {
            #expect(HistoryDate.parse(bad, timeZone: zone) == nil, "\(bad)")
        }
    }

    @Test func tableShowsTheColumns() {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let calls = [
            HistoryCall(
                callId: "a", direction: .inbound, placedHere: false, number: "13800138000", startedAt: start,
                endedAt: start.addingTimeInterval(9), outcome: .missed),
            HistoryCall(
                callId: "b", direction: .internal, placedHere: true, number: "8002", startedAt: start,
                answeredAt: start, endedAt: start.addingTimeInterval(125), outcome: .answered),
        ]
        let lines = HistoryCall.table(calls, timeZone: .gmt).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("TIME"))
        #expect(lines[1] == "2026-05-28 20:26  inbound    13800138000  missed    0:00")
        #expect(lines[2] == "2026-05-28 20:26  internal   8002         answered  2:05")
    }
}
