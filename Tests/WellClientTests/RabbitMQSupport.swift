import Foundation
import Logging
import STOMP
import Synchronization
import Testing
@testable import WellClient
import WellTestSupport

/// The broker of the running RabbitMQ suite (set by ``RabbitMQBrokerScope``).
enum RabbitMQFixture {
    @TaskLocal static var current: RabbitMQBroker?

    /// The suite's broker; fails the test clearly when the scope trait is missing.
    static func broker() throws -> RabbitMQBroker {
        try #require(Self.current, "no RabbitMQ broker: the suite needs the .rabbitMQBroker trait")
    }
}

/// Starts one RabbitMQ broker for a whole suite (startup takes ~10 s) and stops it afterwards,
/// whether the tests pass or not.
struct RabbitMQBrokerScope: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let broker = try await RabbitMQBroker.start()
        do {
            try await RabbitMQFixture.$current.withValue(broker) { try await function() }
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }
}

extension Trait where Self == RabbitMQBrokerScope {
    /// One private RabbitMQ Web-STOMP broker for the suite.
    static var rabbitMQBroker: Self { Self() }
}

/// What an ``EventChannel`` under test saw: connections, what it read, endings.
final class ChannelProbe: Sendable {
    /// A `MESSAGE` body the channel could not decode as an event.
    struct Malformed: Error {
        var reason: String
    }

    private struct State {
        var connects = 0
        var items: [InboundItem] = []
        var endings: [String] = []
    }

    private let state = Mutex(State())

    var connects: Int { self.state.withLock { $0.connects } }
    /// How many `MESSAGE`s arrived (events and malformed bodies).
    var count: Int { self.state.withLock { $0.items.count } }
    var endings: [String] { self.state.withLock { $0.endings } }

    func connected() { self.state.withLock { $0.connects += 1 } }
    func received(_ items: ArraySlice<InboundItem>) { self.state.withLock { $0.items.append(contentsOf: items) } }
    func ended(_ reason: String) { self.state.withLock { $0.endings.append(reason) } }

    /// The events, in order (a malformed body fails the test).
    func events() throws -> [WellEvent] {
        try self.state.withLock { $0.items }.compactMap { item in
            switch item {
            case .event(let event): return event
            case .malformed(let reason): throw Malformed(reason: reason)
            case .receipt, .subscribed: return nil
            }
        }
    }
}

enum RabbitMQTesting {
    /// The `loginId` → destination rule of the real client (docs/protocol.md §7.3).
    static func subscription(for loginId: String) -> String {
        WellClientConfiguration.TopicStyle.agent.destination(agentId: loginId)
    }

    /// Where the CTI server publishes call events for `loginId` (`.` → `_`).
    static func publishDestination(for loginId: String, type: String = "csta") -> String {
        "/topic/event.agent.\(type).\(loginId.replacingOccurrences(of: ".", with: "_"))"
    }

    /// The client's event channel for `loginId` on the broker.
    static func channel(_ broker: RabbitMQBroker, loginId: String, heartBeat: Duration = .seconds(10)) -> EventChannel {
        var logger = Logger(label: "rabbitmq-test-channel")
        logger.logLevel = .warning
        return EventChannel(
            url: broker.webSocketURL, destination: Self.subscription(for: loginId), heartBeat: heartBeat,
            connectTimeout: .seconds(10), tls: nil, logger: logger, link: ChannelLink())
    }

    /// Runs `channel` with a reconnect loop (like the client's, 250 ms apart) while `body` runs.
    static func withChannel<T: Sendable>(
        _ channel: EventChannel, _ body: @Sendable (ChannelProbe) async throws -> T
    ) async throws -> T {
        let probe = ChannelProbe()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await channel.run(onConnected: { probe.connected() }, onEvents: { probe.received($0) })
                        probe.ended("returned")
                    } catch {
                        probe.ended("\(error)")
                    }
                    try? await Task.sleep(for: .milliseconds(250))
                }
                return nil
            }
            defer { group.cancelAll() }
            return try await body(probe)
        }
    }

    /// A publisher: a second STOMP client (like the CTI server's connection to the broker).
    static func publisher(_ broker: RabbitMQBroker) async throws -> StompTestClient {
        try await StompTestClient.connect(to: broker.webSocketURL, acceptVersion: "1.2", heartBeat: "0,0")
    }

    /// SENDs `body` to `destination`, split into WebSocket messages of at most `chunk` bytes
    /// (stomp.js splits frames over 16 KiB), then waits for the broker's RECEIPT.
    static func publish(_ publisher: StompTestClient, _ body: String, to destination: String, chunk: Int = 16 * 1024) async throws {
        let frame = STOMPFrame(
            command: .send,
            headers: STOMPHeaders([("destination", destination), ("content-type", "application/json")]),
            body: body)
        let bytes = frame.encoded(version: .v1_2)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            publisher.sendRaw(String(decoding: bytes[offset..<end], as: UTF8.self))
            offset = end
        }
    }

    /// A call event for `loginId`'s device with an optional padding field (to make it large).
    static func event(_ name: String, serial: Int, device: String = "8001@demo.cc", padding: Int = 0) -> String {
        let pad = padding > 0 ? #","userData":{"data":{"note":"\#(String(repeating: "x", count: padding))"}}"# : ""
        return
            #"{"eventName":"\#(name)","eventType":"csta","eventTime":"2026.01.01 10:00:00","serial":\#(serial),"namespace":"demo.cc","srcDeviceId":"\#(device)","deviceId":"\#(device)","callId":"c-\#(serial)","alertingDevice":"\#(device)","callingDevice":"13800138000","calledDevice":"\#(device)","localState":"Alerting","params":{"_amqpTopic":"event.csta.demo.cc"},"_type":"component.cti.event.DeliveredEvent","topics":["csta"]\#(pad)}"#
    }
}
