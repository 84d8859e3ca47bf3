import Foundation
import STOMP
import Testing
@testable import WellClient
import WellProtocol
import WellTestSupport

/// The client's STOMP layer and event channel against a real RabbitMQ Web-STOMP broker (what
/// production runs behind `/mvc/stomp/websocket`, docs/protocol.md §7.8): one private broker for the
/// suite, real loopback WebSockets, a second STOMP client publishing like the CTI server does.
@Suite(.serialized, .rabbitMQBroker, .timeLimit(.minutes(5)))
struct RabbitMQWebSTOMPTests {
    /// stomp.js offers `1.1,1.0`; our channel offers `1.1,1.2`. For each version: CONNECTED
    /// names it, our client session accepts the frame and its heart-beat, and the agent pattern
    /// subscription receives a published event that decodes as a typed event.
    @Test(arguments: [STOMPVersion.v1_1, .v1_2])
    func connectsSubscribesAndReceivesWith(_ version: STOMPVersion) async throws {
        let broker = try RabbitMQFixture.broker()
        let loginId = "5101@demo.cc"
        let offer = version == .v1_1 ? "1.1,1.0" : "1.2"
        // cx = 0: this raw client sends no heart-beats; cy = 1000: it wants the broker's.
        let client = try await StompTestClient.connect(to: broker.webSocketURL, acceptVersion: offer, heartBeat: "0,1000")
        let connected = try #require(client.frames.first)
        #expect(connected.command == .connected)
        #expect(connected.headers["version"] == version.rawValue)
        #expect(connected.headers["server"]?.hasPrefix("RabbitMQ/") == true, "\(connected)")

        var session = STOMPClientSession()
        _ = try session.connectFrame(
            host: nil, acceptVersions: version == .v1_1 ? [.v1_1, .v1_0] : [.v1_2],
            heartBeat: STOMPHeartBeat(cx: 0, cy: 1000))
        guard case .connected(let negotiated, let schedule, let server) = session.receive(connected) else {
            Issue.record("our session refused \(connected)")
            return
        }
        #expect(negotiated == version)
        #expect(server?.hasPrefix("RabbitMQ/") == true)
        #expect(schedule.sendInterval == nil, "we offered cx = 0, so we must not send heart-beats")
        #expect(schedule.peerTimeout != nil, "the broker's heart-beat header must be honoured: \(connected.headers["heart-beat"] ?? "none")")

        // Our session builds the SUBSCRIBE, in the negotiated version's encoding.
        let (_, subscribe) = try session.subscribe(destination: RabbitMQTesting.subscription(for: loginId), id: "sub-0", receipt: "subscribed")
        client.sendRaw(subscribe.encodedString(version: negotiated))
        let receipt = try await client.waitForFrame { $0.command == .receipt || $0.command == .error }
        #expect(receipt.headers["receipt-id"] == "subscribed", "\(receipt)")
        let publisher = try await RabbitMQTesting.publisher(broker)
        try await RabbitMQTesting.publish(publisher, RabbitMQTesting.event("delivered", serial: 1), to: RabbitMQTesting.publishDestination(for: loginId))
        let message = try await client.waitForFrame { $0.command == .message }
        #expect(message.headers["subscription"] == "sub-0")
        #expect(message.headers["destination"] == RabbitMQTesting.publishDestination(for: loginId))
        guard case .message(let subscription, _, _, let frame) = session.receive(message) else {
            Issue.record("our session refused \(message)")
            return
        }
        #expect(subscription == "sub-0")
        guard case .delivered(let event) = try WellEvent(body: frame.body) else {
            Issue.record("not a delivered event: \(frame.bodyString)")
            return
        }
        #expect(event.header.serial == 1)
        #expect(event.alertingDevice == "8001@demo.cc")

        // A heart-beat from the broker arrives (it promised one every ~1 s).
        try await eventually("a heart-beat from RabbitMQ", timeout: .seconds(10)) { client.heartbeatCount > 0 }
        await publisher.close()
        await client.close()
    }

    /// The real event channel: connects (it offers 1.1 and 1.2), subscribes to the agent
    /// pattern, receives a small event, ignores another agent's, and gets a ~100 KB event the
    /// publisher sent split over seven WebSocket messages, byte for byte.
    @Test func eventChannelReceivesSmallAndLargeEvents() async throws {
        let broker = try RabbitMQFixture.broker()
        let loginId = "5102@demo.cc"
        let channel = RabbitMQTesting.channel(broker, loginId: loginId)
        try await RabbitMQTesting.withChannel(channel) { probe in
            try await eventually("channel connected", lastSeen: { "endings \(probe.endings)" }) { probe.connects == 1 }
            let publisher = try await RabbitMQTesting.publisher(broker)
            let destination = RabbitMQTesting.publishDestination(for: loginId)
            try await RabbitMQTesting.publish(publisher, RabbitMQTesting.event("delivered", serial: 1, device: "8102@demo.cc"), to: RabbitMQTesting.publishDestination(for: "5199@demo.cc"))
            try await RabbitMQTesting.publish(publisher, RabbitMQTesting.event("delivered", serial: 2, device: "8102@demo.cc"), to: destination)
            let large = RabbitMQTesting.event("delivered", serial: 3, device: "8102@demo.cc", padding: 100_000)
            try await RabbitMQTesting.publish(publisher, large, to: destination)
            try await eventually("2 events", lastSeen: { "\(probe.count) events" }) { probe.count >= 2 }
            try await publisher.barrier()
            let events = try probe.events()
            #expect(events.map(\.serial) == [2, 3], "the other agent's event must not arrive")
            #expect(events.last == (try WellEvent(body: Array(large.utf8))), "the large body arrived whole")
            if case .delivered(let event) = events.last {
                #expect(event.userData?["data"]?["note"]?.stringValue?.count == 100_000)
            } else {
                Issue.record("the large event did not decode as delivered")
            }
            #expect(probe.connects == 1, "no reconnect expected: \(probe.endings)")
            await publisher.close()
        }
    }

    /// 1,000 events published back to back arrive complete and in order.
    @Test func eventChannelReceivesAThousandEventsInOrder() async throws {
        let broker = try RabbitMQFixture.broker()
        let loginId = "5103@demo.cc"
        let channel = RabbitMQTesting.channel(broker, loginId: loginId)
        try await RabbitMQTesting.withChannel(channel) { probe in
            try await eventually("channel connected", lastSeen: { "endings \(probe.endings)" }) { probe.connects == 1 }
            let publisher = try await RabbitMQTesting.publisher(broker)
            let destination = RabbitMQTesting.publishDestination(for: loginId)
            for serial in 1...1_000 {
                try await RabbitMQTesting.publish(publisher, RabbitMQTesting.event("delivered", serial: serial, device: "8103@demo.cc"), to: destination)
            }
            try await eventually("1000 events", timeout: .seconds(60), lastSeen: { "\(probe.count) events" }) { probe.count >= 1_000 }
            #expect(try probe.events().compactMap(\.serial) == Array(1...1_000))
            await publisher.close()
        }
    }

    /// With 1-s heart-beats both ways the channel stays up through an idle spell several times
    /// longer than either side's timeout (its watchdog is fed by the broker's beats and the
    /// broker is fed by ours), then still receives.
    @Test func eventChannelHonoursNegotiatedHeartBeats() async throws {
        let broker = try RabbitMQFixture.broker()
        let loginId = "5104@demo.cc"
        let channel = RabbitMQTesting.channel(broker, loginId: loginId, heartBeat: .seconds(1))
        try await RabbitMQTesting.withChannel(channel) { probe in
            try await eventually("channel connected", lastSeen: { "endings \(probe.endings)" }) { probe.connects == 1 }
            try await Task.sleep(for: .seconds(6))
            let publisher = try await RabbitMQTesting.publisher(broker)
            try await RabbitMQTesting.publish(
                publisher, RabbitMQTesting.event("delivered", serial: 7, device: "8104@demo.cc"),
                to: RabbitMQTesting.publishDestination(for: loginId))
            try await eventually("the event after the idle spell") { probe.count == 1 }
            #expect(probe.connects == 1, "the channel dropped while idle: \(probe.endings)")
            #expect(probe.endings.isEmpty, "\(probe.endings)")
            await publisher.close()
        }
    }

    /// The broker restarts (stop + start on the same ports): the channel drops, reconnects,
    /// subscribes again and receives an event published after the restart.
    @Test func eventChannelReconnectsAfterBrokerRestart() async throws {
        let broker = try RabbitMQFixture.broker()
        let loginId = "5105@demo.cc"
        let channel = RabbitMQTesting.channel(broker, loginId: loginId)
        try await RabbitMQTesting.withChannel(channel) { probe in
            try await eventually("channel connected", lastSeen: { "endings \(probe.endings)" }) { probe.connects == 1 }
            let before = try await RabbitMQTesting.publisher(broker)
            try await RabbitMQTesting.publish(
                before, RabbitMQTesting.event("delivered", serial: 1, device: "8105@demo.cc"),
                to: RabbitMQTesting.publishDestination(for: loginId))
            try await eventually("the event before the restart") { probe.count == 1 }
            await before.abort()

            try await broker.restart()
            try await eventually("reconnected", timeout: .seconds(60), lastSeen: { "endings \(probe.endings)" }) { probe.connects == 2 }
            #expect(!probe.endings.isEmpty, "the restart must have ended the first channel life")

            let after = try await RabbitMQTesting.publisher(broker)
            try await RabbitMQTesting.publish(
                after, RabbitMQTesting.event("delivered", serial: 2, device: "8105@demo.cc"),
                to: RabbitMQTesting.publishDestination(for: loginId))
            try await eventually("the event after the restart") { probe.count == 2 }
            #expect(try probe.events().map(\.serial) == [1, 2])
            await after.close()
        }
    }
}
