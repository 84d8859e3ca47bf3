import Foundation
import Logging
import STOMP
import Testing
@testable import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// What batching the event channel's hand-off could break: the reader turns WebSocket messages
/// into events and queues them, and the client takes them in batches. Order, duplicates, frames
/// split across messages or packed into one, and the end of a connection in the middle of a
/// batch — on the reader alone, through ``WellClient/replay(_:queueLimit:)`` (the reader, the
/// queue and the actor), and end to end on a live channel from the simulator.
@Suite("Event batching: order, dedupe, frame boundaries and endings", .serialized, .timeLimit(.minutes(3)))
struct EventBatchingTests {
    /// The body of a `batchMarker` event (a name the client has no type for: published as it
    /// is, never touching the call model) with `serial` and `mark`.
    static func body(serial: Int, mark: String, agentId: String = "5001@demo.cc") -> String {
        #"{"eventName":"batchMarker","eventType":"test","serial":\#(serial),"agentId":"\#(agentId)","mark":"\#(mark)"}"#
    }

    /// A `MESSAGE` frame for the client's subscription `sub-0` carrying `body`.
    static func message(_ body: String) -> [UInt8] {
        STOMPFrame(
            command: .message,
            headers: STOMPHeaders([
                (STOMPHeaders.subscription, "sub-0"), (STOMPHeaders.messageID, "m-\(body.count)"),
                (STOMPHeaders.destination, "/topic/event.agent.5001.demo.cc"), (STOMPHeaders.contentType, "application/json"),
            ]),
            body: body
        ).encoded(version: .v1_2)
    }

    /// A marker event's frame.
    static func marker(_ serial: Int, _ mark: String) -> [UInt8] { Self.message(Self.body(serial: serial, mark: mark)) }

    /// An `ERROR` frame (the broker ends the session).
    static let errorFrame = STOMPFrame(command: .error, headers: STOMPHeaders([(STOMPHeaders.message, "broker failure")]), body: "boom")
        .encoded(version: .v1_2)

    /// The marks of the marker events among `events`, in order.
    static func marks(_ events: [WellEvent]) -> [String] {
        events.compactMap { event in
            guard case .unknown("batchMarker", let json) = event else { return nil }
            return json["mark"]?.stringValue
        }
    }

    /// A reader on a STOMP 1.2 connection subscribed as `sub-0`.
    static func reader() throws -> ChannelReader {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil, acceptVersions: [.v1_1, .v1_2])
        _ = session.receive(STOMPFrame(command: .connected, headers: STOMPHeaders([(STOMPHeaders.version, "1.2")])))
        _ = try session.subscribe(destination: "/topic/event.agent.5001.demo.cc", id: "sub-0")
        return ChannelReader(session: session)
    }

    /// What `items` say, as short strings (`e:<mark>`, `malformed`, `receipt:<id>`, `subscribed`).
    static func describe(_ items: [InboundItem]) -> [String] {
        items.map { item in
            switch item {
            case .event(let event): "e:" + (Self.marks([event]).first ?? event.name)
            case .malformed: "malformed"
            case .receipt(let id): "receipt:" + id
            case .subscribed: "subscribed"
            }
        }
    }

    /// A client that is never logged in: only the event path runs.
    static func client() throws -> WellClient {
        try WellClient(
            configuration: WellClientConfiguration(
                server: .init(url: URL(string: "http://127.0.0.1:9")!),
                agent: .init(jobNumber: "5001", domain: "demo.cc", extensionNumber: "8001", password: "x"), logLevel: .critical))
    }

    /// Every marker `client` published up to its shutdown (the end of the stream is the barrier:
    /// nothing published before it is missing, nothing can come after it).
    static func publishedMarks(_ client: WellClient, _ events: AsyncStream<WellEvent>) async -> [String] {
        await client.shutdown()
        var all: [WellEvent] = []
        for await event in events { all.append(event) }
        return Self.marks(all)
    }

    // MARK: - the reader

    @Test("several frames in one WebSocket message come out in order, a RECEIPT among them in its place")
    func severalFramesInOneMessage() throws {
        var reader = try Self.reader()
        let receipt = STOMPFrame(command: .receipt, headers: STOMPHeaders([(STOMPHeaders.receiptID, "barrier-1")])).encoded(version: .v1_2)
        reader.append(Self.marker(1, "a") + Self.marker(2, "b") + [10] + receipt + Self.marker(3, "c") + Self.message("{not json"))
        #expect(try reader.next() == nil)
        #expect(Self.describe(reader.takeItems()) == ["e:a", "e:b", "receipt:barrier-1", "e:c", "malformed"])
        #expect(reader.items.isEmpty)
    }

    @Test("frames split across WebSocket messages at every byte give the same events")
    func framesSplitAcrossMessages() throws {
        let stream = Self.marker(1, "a") + Self.marker(2, "b")
        for split in 1..<stream.count {
            var reader = try Self.reader()
            var items: [InboundItem] = []
            for part in [stream[..<split], stream[split...]] {
                reader.append(part)
                #expect(try reader.next() == nil)
                items += reader.takeItems()
            }
            #expect(Self.describe(items) == ["e:a", "e:b"], "split at \(split)")
        }
    }

    @Test("an ERROR in the middle of a message: the events before it are kept, nothing after it is read")
    func errorInTheMiddle() throws {
        var reader = try Self.reader()
        reader.append(Self.marker(1, "a") + Self.marker(2, "b") + Self.errorFrame + Self.marker(3, "c"))
        #expect(throws: EventChannel.Ended.self) { try reader.next() }
        #expect(Self.describe(reader.items) == ["e:a", "e:b"])
    }

    // MARK: - reader, queue and client

    @Test("order holds across batch boundaries (batches of every size from 1 item up)")
    func orderAcrossBatches() async throws {
        let count = 300
        let payloads = (1...count).map { Self.marker($0, "m\($0)") }
        for limit in [1, 2, 7, 64, 1024] {
            let client = try Self.client()
            let events = client.events()
            try await client.replay(payloads, queueLimit: limit)
            #expect(await Self.publishedMarks(client, events) == (1...count).map { "m\($0)" }, "queue limit \(limit)")
        }
    }

    @Test("a duplicate inside one batch and one across two batches are each dropped once")
    func duplicates() async throws {
        let client = try Self.client()
        let events = client.events()
        // One WebSocket message, so one batch: serial 2 twice.
        try await client.replay([Self.marker(1, "a") + Self.marker(2, "b") + Self.marker(2, "b-again") + Self.marker(3, "c")])
        // A second replay is a second batch for sure: serial 3 again, then new ones.
        try await client.replay([Self.marker(3, "c-again"), Self.marker(4, "d")])
        #expect(await Self.publishedMarks(client, events) == ["a", "b", "c", "d"])
    }

    @Test("an ERROR or undecodable bytes in the middle of a batch: the events before it are published, none after it")
    func endInTheMiddleOfABatch() async throws {
        for ending in [Self.errorFrame, Array("NOT-A-COMMAND\n\n".utf8) + [0]] {
            let client = try Self.client()
            let events = client.events()
            let payloads = [Self.marker(1, "a"), Self.marker(2, "b") + Self.marker(3, "c") + ending + Self.marker(4, "d"), Self.marker(5, "e")]
            await #expect(throws: (any Error).self) { try await client.replay(payloads, queueLimit: 2) }
            #expect(await Self.publishedMarks(client, events) == ["a", "b", "c"])
        }
    }

    // MARK: - a live channel

    @Test("live: frames packed into one WebSocket message and a frame split across two arrive once each, in order")
    func liveFrameBoundaries() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            let first = Self.marker(900_000_001, "p1") + Self.marker(900_000_002, "p2") + Self.marker(900_000_002, "p2-again")
            let split = Self.marker(900_000_003, "p3")
            sim.simulator.sendRaw(first + split[..<20])
            sim.simulator.sendRaw(Array(split[20...]) + Self.marker(900_000_004, "p4"))
            try await a.settle()
            #expect(Self.marks(a.log.all) == ["p1", "p2", "p3", "p4"])
            #expect(await a.client.isEventChannelUp)
        }
    }

    @Test("live: an ERROR in the middle of a WebSocket message: the events before it arrive, none after it; the client reconnects")
    func liveErrorInTheMiddle() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            sim.simulator.sendRaw(Self.marker(900_000_011, "q1") + Self.marker(900_000_012, "q2") + Self.errorFrame + Self.marker(900_000_013, "q3"))
            try await a.log.wait(forEvent: "wsReconnectSucceed", timeout: .seconds(15))
            // Barrier: a marker sent on the new connection comes after anything the old one could still deliver.
            sim.simulator.sendRaw(Self.marker(900_000_014, "q4"))
            try await a.settle()
            let names = a.log.all.map { Self.marks([$0]).first ?? $0.name }
            #expect(Self.marks(a.log.all) == ["q1", "q2", "q4"])
            let reconnected = try #require(names.firstIndex(of: "wsReconnectSucceed"))
            #expect(names.firstIndex(of: "q2").map { $0 < reconnected } == true, "\(names)")
        }
    }

    @Test("live: the WebSocket closes after a frame cut short: the events before it arrive, none is invented")
    func liveDisconnectInTheMiddle() async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let a = clients[0]
            let cut = Self.marker(900_000_023, "r3")
            sim.simulator.sendRaw(Self.marker(900_000_021, "r1") + Self.marker(900_000_022, "r2") + cut[..<(cut.count - 3)])
            await sim.simulator.inject(.dropWebSockets)
            try await a.log.wait(forEvent: "wsReconnectSucceed", timeout: .seconds(15))
            sim.simulator.sendRaw(Self.marker(900_000_024, "r4"))
            try await a.settle()
            #expect(Self.marks(a.log.all) == ["r1", "r2", "r4"])
        }
    }
}
