import Foundation
import Synchronization
import Testing
@testable import WellClient
import WellProtocol
import WellSimulator
import WellTestSupport

/// A malicious (or broken) server on the event channel (issue #5, hostile input): oversized
/// frames, endless headers, invalid UTF-8, events for calls that do not exist, a JSON body with a
/// million-element array. Each time: memory stays bounded by the decoder's limits, an error is
/// logged, a bad frame drops the connection and the client reconnects, and the client still
/// works afterwards (its call model matches the server's).
@Suite("Hostile server: bad frames and bodies on the event channel", .serialized, .timeLimit(.minutes(5)))
struct HostileServerTests {
    /// Collects a client's log messages (`onLog`).
    final class Messages: Sendable {
        private let storage = Mutex<[LogMessage]>([])
        func append(_ message: LogMessage) { storage.withLock { $0.append(message) } }
        func containing(_ text: String) -> [LogMessage] { storage.withLock { $0.filter { $0.content.contains(text) } } }
    }

    /// A logged-in 5001 with its log messages collected.
    static func withClient(_ body: @Sendable (SimulatorHarness, ClientUnderTest, Messages) async throws -> Void) async throws {
        try await ClientHarness.withLoggedIn([("5001", "8001")]) { sim, clients in
            let messages = Messages()
            await clients[0].client.onLog { messages.append($0) }
            try await body(sim, clients[0], messages)
        }
    }

    /// After a fault: the client is logged in, its next request works, its model matches the server.
    static func expectStillWorks(_ sim: SimulatorHarness, _ a: ClientUnderTest, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(await a.client.isLoggedIn, sourceLocation: sourceLocation)
        let before = a.log.all.filter { $0.name == "agentNotReady" }.count
        try await a.client.setAgentMode(.notReady, reason: "1")
        try await a.log.wait(forEvent: "agentNotReady", count: before + 1)
        try await a.client.setAgentMode(.ready)
        try await a.settle()
        await ClientFaultTests.expectModelMatches(a, sim, sourceLocation: sourceLocation)
    }

    /// A MESSAGE frame for the client's subscription (`sub-0`) with `headers` and `body`, as bytes.
    static func messageFrame(headers: [(String, String)] = [], body: [UInt8], terminate: Bool = true) -> [UInt8] {
        var text = "MESSAGE\nsubscription:sub-0\nmessage-id:evil-1\ndestination:/topic/event.agent.x\n"
        for (name, value) in headers { text += "\(name):\(value)\n" }
        text += "\n"
        return Array(text.utf8) + body + (terminate ? [0] : [])
    }

    /// Resident set size of this process, in KiB (for the printed figures only).
    static func residentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return -1 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    /// Injects `bytes` as a raw frame and expects the connection to be dropped (with `logged` in
    /// the log) and re-established, then the client to work.
    static func expectDropAndReconnect(
        _ sim: SimulatorHarness, _ a: ClientUnderTest, _ messages: Messages, bytes: [UInt8],
        logged: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let reconnects = a.log.all.filter { $0.name == "wsReconnectSucceed" }.count
        let rssBefore = Self.residentKiB()
        sim.simulator.sendRaw(bytes)
        try await a.log.wait(forEvent: "wsReconnectSucceed", count: reconnects + 1, timeout: .seconds(15))
        #expect(!messages.containing(logged).isEmpty, "no log message containing \(logged.debugDescription)", sourceLocation: sourceLocation)
        #expect(!messages.containing("event channel dropped").isEmpty, sourceLocation: sourceLocation)
        print("hostile frame of \(bytes.count) bytes: dropped and reconnected; RSS \(rssBefore) KiB → \(Self.residentKiB()) KiB")
        try await Self.expectStillWorks(sim, a, sourceLocation: sourceLocation)
    }

    @Test("a frame beyond the STOMP limits (3 MiB body) is refused: drop, reconnect, still works")
    func oversizedFrame() async throws {
        try await Self.withClient { sim, a, messages in
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)
            try await Self.expectDropAndReconnect(sim, a, messages, bytes: Self.messageFrame(body: body), logged: "too large")
        }
    }

    @Test("a WebSocket message beyond the client's frame limit (6 MiB) is refused: drop, reconnect, still works")
    func oversizedWebSocketMessage() async throws {
        try await Self.withClient { sim, a, messages in
            let bytes = [UInt8](repeating: UInt8(ascii: "\n"), count: 6 << 20)
            try await Self.expectDropAndReconnect(sim, a, messages, bytes: bytes, logged: "event channel dropped")
        }
    }

    @Test("endless headers (100,000 lines) and an endless header line are refused: drop, reconnect, still works")
    func endlessHeaders() async throws {
        try await Self.withClient { sim, a, messages in
            var many = Array("MESSAGE\nsubscription:sub-0\n".utf8)
            for index in 0..<100_000 { many += Array("h\(index):v\n".utf8) }
            try await Self.expectDropAndReconnect(sim, a, messages, bytes: many, logged: "header")
            let longLine = Array("MESSAGE\nsubscription:sub-0\nx:".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 200_000)
            try await Self.expectDropAndReconnect(sim, a, messages, bytes: longLine, logged: "line")
        }
    }

    @Test("invalid UTF-8: in a header the frame is refused (drop, reconnect); in a body the event is dropped and the link stays")
    func invalidUTF8() async throws {
        try await Self.withClient { sim, a, messages in
            let badHeader = Array("MESSAGE\nsubscription:sub-0\nx:".utf8) + [0xC3, 0x28, 0xFF] + Array("\n\n{}".utf8) + [0]
            try await Self.expectDropAndReconnect(sim, a, messages, bytes: badHeader, logged: "UTF-8")

            let reconnects = a.log.all.filter { $0.name == "wsReconnectSucceed" }.count
            sim.simulator.sendMessageBody(Array(#"{"eventName":"agentReady","agentId":"5001@demo.cc","x":""#.utf8) + [0xFF, 0xFE, 0xC0, 0x80] + Array(#""}"#.utf8))
            try await a.settle()
            try await eventually("the malformed event logged", timeout: .seconds(5)) { !messages.containing("dropped a malformed event").isEmpty }
            #expect(a.log.all.filter { $0.name == "wsReconnectSucceed" }.count == reconnects, "a bad body costs the event, not the link")
            try await Self.expectStillWorks(sim, a)
        }
    }

    @Test("events for calls that do not exist change nothing and create no call")
    func eventsForUnknownCalls() async throws {
        try await Self.withClient { sim, a, messages in
            let me = a.device
            var serial = 9_000_000
            func ghost(_ name: String, _ fields: [String: JSONValue]) throws -> [UInt8] {
                serial += 1
                var object = fields
                object["eventName"] = .string(name)
                object["serial"] = .number(Double(serial))
                object["srcDeviceId"] = .string(me)
                object["eventTime"] = "2026.01.01 10:00:00"
                object["params"] = ["agent": .string(a.agentId)]
                return Array(try JSONEncoder().encode(JSONValue.object(object)))
            }
            let bodies = [
                try ghost("connectionCleared", ["callId": "ghost-1", "releasingDevice": .string(me)]),
                try ghost("connectionCleared", ["callId": "ghost-2", "releasingDevice": "8002@demo.cc"]),
                try ghost("held", ["callId": "ghost-3", "holdingDevice": .string(me)]),
                try ghost("retrieved", ["callId": "ghost-4", "retrievingDevice": .string(me)]),
                try ghost("transferred", ["callId": "ghost-5", "primaryOldCall": "ghost-6", "transferringDevice": .string(me)]),
                try ghost("failed", ["callId": "ghost-7", "failingDevice": "8002@demo.cc"]),
                try ghost("conferenced", ["callId": "ghost-8", "primaryOldCall": "ghost-9", "addedParty": "8003@demo.cc"]),
            ]
            for body in bodies { sim.simulator.sendMessageBody(body) }
            try await a.settle()
            let calls = await a.client.callMemory().calls
            #expect(calls.isEmpty, "\(calls)")
            #expect(!a.log.all.contains { $0.name == "callEnded" }, "no call ended that never existed")
            try await Self.expectStillWorks(sim, a)
            // A real call afterwards is modelled correctly.
            let callId = try await a.client.makeCall("13800138000")
            try await a.log.wait(forEvent: "delivered")
            try await a.settle()
            #expect(await a.client.callMemory().calls.map(\.callId) == [callId])
            await ClientFaultTests.expectModelMatches(a, sim, allowUnheardParties: true)
            _ = messages
        }
    }

    @Test("a JSON body with a million-element array: beyond the body limit it is refused (drop, reconnect); under it memory stays bounded")
    func millionElementArray() async throws {
        try await Self.withClient { sim, a, messages in
            // 1,000,000 elements = 2 MB: over the 1 MiB body limit, refused by the STOMP decoder.
            var huge = Array(#"{"eventName":"agentReady","agentId":"5001@demo.cc","serial":9100001,"x":["#.utf8)
            huge.reserveCapacity(2_100_000)
            for index in 0..<1_000_000 { huge += index == 0 ? [UInt8(ascii: "0")] : [UInt8(ascii: ","), UInt8(ascii: "0")] }
            huge += Array("]}".utf8)
            try await Self.expectDropAndReconnect(sim, a, messages, bytes: Self.messageFrame(body: huge), logged: "too large")

            // 400,000 elements (~800 KB) fit: the event is decoded (the unknown member kept as
            // it came), then dropped from memory; the link stays.
            var big = Array(#"{"eventName":"agentReady","agentId":"5001@demo.cc","serial":9100002,"x":["#.utf8)
            for index in 0..<400_000 { big += index == 0 ? [UInt8(ascii: "0")] : [UInt8(ascii: ","), UInt8(ascii: "0")] }
            big += Array("]}".utf8)
            let reconnects = a.log.all.filter { $0.name == "wsReconnectSucceed" }.count
            let rssBefore = Self.residentKiB()
            sim.simulator.sendMessageBody(big)
            try await a.settle()
            print("400,000-element array event: RSS \(rssBefore) KiB → \(Self.residentKiB()) KiB")
            #expect(a.log.all.filter { $0.name == "wsReconnectSucceed" }.count == reconnects)
            try await Self.expectStillWorks(sim, a)
        }
    }
}
