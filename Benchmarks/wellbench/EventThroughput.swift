import Foundation
import Logging
import STOMP
import WellClient
import WellProtocol

/// Event throughput: recorded scenario traffic through the full client pipeline
/// (STOMP frame decode → JSON → typed `WellEvent` → dedupe → call model → subscribers), beside
/// its stages alone on the same traffic.
struct EventThroughput {
    /// One agent's replayable stream: WebSocket messages, each one `MESSAGE` frame.
    struct Stream {
        var role: String
        var loginId: String
        var device: String
        var messages: [[UInt8]]
        var lastSerial: Int
    }

    let streams: [Stream]

    var eventCount: Int { self.streams.reduce(0) { $0 + $1.messages.count } }

    /// Builds `rounds` replays of every role's recorded traffic. Each replay gets fresh serials
    /// (strictly increasing per agent, as a server sends them) and fresh call ids, so nothing
    /// is dropped as a duplicate and calls do not pile up; frames are re-encoded with their
    /// original headers and a correct `content-length`.
    init(recordings: [ScenarioRecorder.Recording], rounds: Int) throws {
        var byRole: [String: (loginId: String, device: String, frames: [STOMPFrame])] = [:]
        var order: [String] = []
        for recording in recordings {
            var decoder = STOMPFrameDecoder()
            var frames: [STOMPFrame] = []
            for message in recording.messages {
                decoder.append(message)
                while let item = try decoder.next() {
                    if case .frame(let frame) = item, frame.command == .message { frames.append(frame) }
                }
            }
            if byRole[recording.role] == nil {
                order.append(recording.role)
                byRole[recording.role] = (recording.loginId, recording.device, [])
            }
            // A scenario may stop with calls still up; the agent logs off after each one so that
            // replays start from an empty call model (as a real agent's day does, call after call).
            let logoff =
                #"{"eventName":"agentLoggedOff","eventType":"agent","eventTime":"2026.01.01 18:00:00","serial":0,"namespace":"\#(recording.loginId.split(separator: "@").last ?? "")","srcDeviceId":"\#(recording.device)","deviceId":"\#(recording.device)","agentId":"\#(recording.loginId)","agentMode":"Logout"}"#
            let headers = frames.first?.headers ?? STOMPHeaders([("destination", "/topic/event.agent.agent.bench"), ("subscription", "sub-0")])
            byRole[recording.role]!.frames += frames + [STOMPFrame(command: .message, headers: headers, body: logoff)]
        }
        let serialPattern = try NSRegularExpression(pattern: #""serial":\s*[0-9]+"#)
        var streams: [Stream] = []
        for role in order {
            let entry = byRole[role]!
            var callIds: Set<String> = []
            for frame in entry.frames {
                if let event = try? WireEvent.decode(Data(frame.body)) {
                    for id in [event.callId, event.newCall, event.primaryOldCall, event.secondaryOldCall] {
                        if let id, id.count > 3 { callIds.insert(id) }
                    }
                }
            }
            // Each body once as a template: literal pieces, with the serial and the call-id
            // suffix as holes; every round then only concatenates.
            let templates: [(pieces: [String], headers: STOMPHeaders)] = entry.frames.map { frame in
                var body = frame.bodyString
                body = serialPattern.stringByReplacingMatches(
                    in: body, range: NSRange(body.startIndex..., in: body), withTemplate: "\"serial\":\u{1}")
                for id in callIds { body = body.replacingOccurrences(of: "\"\(id)\"", with: "\"\(id)-r\u{2}\"") }
                var headers = frame.headers
                headers.remove(STOMPHeaders.contentLength)
                return (body.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init), headers)
            }
            var messages: [[UInt8]] = []
            var serial = 0
            for round in 0..<rounds {
                let suffix = String(round)
                for template in templates {
                    serial += 1
                    let body = template.pieces.joined(separator: String(serial)).replacingOccurrences(of: "\u{2}", with: suffix)
                    messages.append(STOMPFrame(command: .message, headers: template.headers, body: body).encoded(version: .v1_2))
                }
            }
            streams.append(Stream(role: role, loginId: entry.loginId, device: entry.device, messages: messages, lastSerial: serial))
        }
        self.streams = streams
    }

    /// A client for `stream`'s agent (never logged in: only the event path runs).
    static func client(for stream: Stream) throws -> WellClient {
        let parts = stream.loginId.split(separator: "@")
        let ext = stream.device.split(separator: "@").first.map(String.init) ?? ""
        let configuration = WellClientConfiguration(
            server: .init(url: URL(string: "http://127.0.0.1:9")!),
            agent: .init(jobNumber: String(parts[0]), domain: String(parts[1]), extensionNumber: ext, password: "x"),
            logLevel: .critical)
        return try WellClient(configuration: configuration)
    }

    /// How the recorded bytes reach the client.
    enum Feed {
        /// The event channel's reading half (`WellClient.replay`): a reader task decodes STOMP
        /// and JSON and queues the events, the client takes them in batches (one actor call per batch).
        case batched
        /// The reader before batching: STOMP decoded here, then one actor call per `MESSAGE`
        /// body (decode, dedupe, model, publish of that one event) — the comparison in the same run.
        case perMessage
    }

    /// The reader before batching: bytes → STOMP frames → session → one actor call per body.
    static func feedPerMessage(_ messages: [[UInt8]], to client: WellClient) async throws {
        var decoder = STOMPFrameDecoder()
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil, acceptVersions: [.v1_1, .v1_2])
        _ = session.receive(STOMPFrame(command: .connected, headers: STOMPHeaders([("version", "1.2")])))
        _ = try session.subscribe(destination: "/topic/event.agent.*.bench", id: "sub-0")
        for message in messages {
            decoder.append(message)
            while let item = try decoder.next() {
                guard case .frame(let frame) = item, case .message(_, _, _, let message) = session.receive(frame) else { continue }
                await client.ingest(body: message.body)
            }
        }
    }

    static func feed(_ messages: [[UInt8]], to client: WellClient, _ feed: Feed) async throws {
        switch feed {
        case .batched: try await client.replay(messages)
        case .perMessage: try await Self.feedPerMessage(messages, to: client)
        }
    }

    /// Full pipeline with one subscriber draining concurrently; returns (published events, seconds).
    func runWithConcurrentSubscriber(_ feed: Feed = .batched) async throws -> (events: Int, seconds: Double) {
        var published = 0
        var total: Duration = .zero
        for stream in self.streams {
            let client = try Self.client(for: stream)
            let events = client.events()
            let last = stream.lastSerial
            let clock = ContinuousClock()
            let start = clock.now
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    var count = 0
                    for await event in events {
                        count += 1
                        if event.serial == last { break }
                    }
                    return count
                }
                try await Self.feed(stream.messages, to: client, feed)
                return try await group.next() ?? 0
            }
            total += clock.now - start
            published += count
            await client.shutdown()
        }
        return (published, Figures.seconds(total))
    }

    /// Full pipeline on one thread: the subscriber's stream buffers everything and is drained
    /// after the clock stops (measures the producer side: what the channel's reader pays).
    func runBuffered(_ feed: Feed = .batched) async throws -> (events: Int, seconds: Double) {
        var published = 0
        var total: Duration = .zero
        for stream in self.streams {
            let client = try Self.client(for: stream)
            let events = client.events()
            let clock = ContinuousClock()
            let start = clock.now
            try await Self.feed(stream.messages, to: client, feed)
            total += clock.now - start
            await client.shutdown()
            for await _ in events { published += 1 }
        }
        return (published, Figures.seconds(total))
    }

    /// STOMP alone (timing split): bytes → frames → client session, as the channel's reader
    /// does before it hands a body to the client.
    func runStomp() throws -> (events: Int, seconds: Double) {
        var count = 0
        let clock = ContinuousClock()
        let start = clock.now
        for stream in self.streams {
            var decoder = STOMPFrameDecoder()
            var session = STOMPClientSession()
            _ = try session.connectFrame(host: nil, acceptVersions: [.v1_1, .v1_2])
            _ = session.receive(STOMPFrame(command: .connected, headers: STOMPHeaders([("version", "1.2")])))
            _ = try session.subscribe(destination: "/topic/event.agent.*.bench", id: "sub-0")
            for message in stream.messages {
                decoder.append(message)
                while let item = try decoder.next() {
                    guard case .frame(let frame) = item, case .message = session.receive(frame) else { continue }
                    count += 1
                }
            }
        }
        return (count, Figures.seconds(clock.now - start))
    }

    /// The event core without actor or STOMP: JSON → typed event → dedupe → call model.
    /// With `decodeOnly`, the timing split of JSON → typed event alone.
    func runCore(decodeOnly: Bool = false) throws -> (events: Int, seconds: Double, callsLeft: Int) {
        var bodies: [(Stream, [[UInt8]])] = []
        for stream in self.streams {
            var decoder = STOMPFrameDecoder()
            var list: [[UInt8]] = []
            for message in stream.messages {
                decoder.append(message)
                while let item = try decoder.next() { if case .frame(let frame) = item { list.append(frame.body) } }
            }
            bodies.append((stream, list))
        }
        var count = 0
        var derived = 0
        var callsLeft = 0
        let clock = ContinuousClock()
        let start = clock.now
        for (stream, list) in bodies {
            var model = CallModel(agentId: stream.loginId, deviceId: stream.device)
            var dedup = EventDeduplicator()
            for body in list {
                guard let event = try? WellEvent(body: body) else { continue }
                count += 1
                if decodeOnly { continue }
                if dedup.isDuplicate(event.serial) { continue }
                derived += model.apply(event).count
            }
            callsLeft += model.memory.calls.count
        }
        let elapsed = clock.now - start
        _ = derived
        return (count, Figures.seconds(elapsed), callsLeft)
    }
}
