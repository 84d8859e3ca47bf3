import Foundation
import WellClient
import WellProtocol

// wellbench: prints figures, asserts nothing. `swift run -c release wellbench`.

/// Event bodies shaped like the §8 makeCall/hold/consult scenarios (what the server pushes,
/// including the `params`/`_type`/`topics` plumbing the client strips).
func scenarioBodies(callIndex: Int, serialBase: Int) -> [[UInt8]] {
    let me = "8001@demo.cc"
    let other = "8002@demo.cc"
    let callId = "c\(callIndex)-6aee1dda-d4a2-4d3c-8fab-df7782a6c10f"
    let plumbing = #""params":{"_amqpTopic":"event.csta.demo.cc","agent":"5001@demo.cc","subscriptionId":"x"},"_type":"component.cti.event.E","topics":["csta","agent:5001@demo.cc","device:8001@demo.cc"]"#
    let events: [(String, String)] = [
        ("serviceInitiated", #""initiatedDevice":"\#(me)","localState":"Initiate","cause":"NORMAL""#),
        ("originated", #""callingDevice":"\#(me)","calledDevice":"\#(other)","localState":"Initiate""#),
        ("delivered", #""alertingDevice":"\#(other)","callingDevice":"\#(me)","calledDevice":"\#(other)","localState":"Alerting""#),
        ("established", #""answeringDevice":"\#(other)","callingDevice":"\#(me)","calledDevice":"\#(other)","localState":"Connect""#),
        ("held", #""holdingDevice":"\#(me)","localState":"Hold""#),
        ("retrieved", #""retrievingDevice":"\#(me)","localState":"Connect""#),
        ("connectionCleared", #""releasingDevice":"\#(other)","localState":"Idle","cause":"NORMAL_CLEARING""#),
        ("connectionCleared", #""releasingDevice":"\#(me)","localState":"Idle","cause":"NORMAL_CLEARING""#),
    ]
    return events.enumerated().map { index, entry in
        let json = #"{"eventName":"\#(entry.0)","eventType":"csta","eventTime":"2026.01.01 10:00:00","serial":\#(serialBase + index),"namespace":"demo.cc","srcDeviceId":"\#(me)","eventSrc":"\#(me)","callId":"\#(callId)","deviceId":"\#(me)","connectionId":"\#(me)|\#(callId)",\#(plumbing),\#(entry.1)}"#
        return Array(json.utf8)
    }
}

func benchmarkEvents() {
    var bodies: [[UInt8]] = []
    for call in 0..<2_000 { bodies += scenarioBodies(callIndex: call, serialBase: call * 8) }
    var model = CallModel(agentId: "5001@demo.cc", deviceId: "8001@demo.cc")
    var dedup = EventDeduplicator()
    var delivered = 0
    let rounds = 5
    let clock = ContinuousClock()
    let start = clock.now
    for round in 0..<rounds {
        if round > 0 { dedup = EventDeduplicator() }
        for body in bodies {
            guard let event = try? WellEvent(body: body) else { continue }
            if dedup.isDuplicate(event.serial) { continue }
            delivered += 1 + model.apply(event).count
        }
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let count = bodies.count * rounds
    print(String(format: "events: %d decoded + deduplicated + applied to the call model in %.3f s = %.0f events/s (one core); %d delivered incl. derived",
                 count, seconds, Double(count) / seconds, delivered))
    print("calls left in the model: \(model.memory.calls.count)")
}

benchmarkEvents()
print("makeCall round trip: not measured yet (needs the in-process simulator)")
