import STOMP
import Testing

/// Client and server sessions talking to each other through the real encoder and decoder.
struct ClientServerTests {
    /// Encodes `frames`, decodes them on the other side (byte by byte), returns what arrived.
    static func transmit(_ frames: [STOMPFrame], version: STOMPVersion = .v1_2) throws -> [STOMPFrame] {
        var wire: [UInt8] = []
        for frame in frames { wire += frame.encoded(version: version) + [10] }
        let items = try decodeAll(wire, chunkSizes: [1, 3, 17])
        return STOMPTests.frames(items)
    }

    @Test func stompJSStyleConversation() throws {
        var client = STOMPClientSession()
        var server = STOMPServerSession(
            configuration: .init(heartBeat: STOMPHeartBeat(cx: 10_000, cy: 10_000), serverName: "Sim/1"))

        // stomp.js: CONNECT accept-version:1.1,1.0 heart-beat:10000,10000, no host.
        let connect = try client.connectFrame(
            host: nil, acceptVersions: [.v1_1, .v1_0], heartBeat: STOMPHeartBeat(cx: 10_000, cy: 10_000))
        let serverAction = server.receive(try #require(try Self.transmit([connect]).first))
        let reply = try #require(try Self.transmit(serverAction.framesToSend).first)
        let expectedSchedule = STOMPHeartBeatSchedule(
            sendIntervalMilliseconds: 10_000, expectedIntervalMilliseconds: 10_000, peerTimeoutMilliseconds: 20_000)
        #expect(client.receive(reply) == .connected(version: .v1_1, heartBeat: expectedSchedule, server: "Sim/1"))
        #expect(server.heartBeat == expectedSchedule)

        let destination = "/topic/event.agent.*.5001@test_cc"
        let (id, subscribe) = try client.subscribe(destination: destination, receipt: "r-sub")
        let subscribed = server.receive(try #require(try Self.transmit([subscribe]).first))
        #expect(
            subscribed
                == .subscribed(
                    STOMPSubscription(id: "sub-0", destination: destination),
                    receipt: STOMPFrame(command: .receipt, headers: ["receipt-id": "r-sub"])))
        #expect(client.receive(try #require(try Self.transmit(subscribed.framesToSend).first)) == .receipt(id: "r-sub"))

        let json = #"{"eventName":"agentLoggedOn","serial":1}"#
        let pushed = server.messageFrames(destination: destination, body: Array(json.utf8), contentType: "application/json")
        let delivered = try Self.transmit(pushed)
        #expect(delivered.count == 1)
        guard case .message(let subscriptionID, let to, _, let frame) = client.receive(delivered[0]) else {
            Issue.record("message not delivered")
            return
        }
        #expect(subscriptionID == id)
        #expect(to == destination)
        #expect(frame.bodyString == json)

        let receiptID = client.makeReceiptID()
        let disconnect = try client.disconnect(receipt: receiptID)
        let closing = server.receive(try #require(try Self.transmit([disconnect]).first))
        #expect(closing.closesConnection)
        #expect(client.receive(try #require(try Self.transmit(closing.framesToSend).first)) == .disconnected(receiptID: receiptID))
        #expect(client.state == .closed)
        #expect(server.state == .closed)
    }

    @Test func noCommonVersionEndsBothSides() throws {
        var client = STOMPClientSession()
        var server = STOMPServerSession(configuration: .init(supportedVersions: [.v1_2]))
        let connect = try client.connectFrame(host: "h", acceptVersions: [.v1_0, .v1_1])
        let action = server.receive(try #require(try Self.transmit([connect]).first))
        #expect(action.closesConnection)
        let error = try #require(try Self.transmit(action.framesToSend).first)
        guard case .error(let message, _) = client.receive(error) else {
            Issue.record("client did not see the ERROR")
            return
        }
        #expect(message.contains("1.2"))
        #expect(client.state == .closed)
    }

    @Test func headerEscapingSurvivesTheWire() throws {
        var server = STOMPServerSession()
        _ = server.receive(STOMPFrame(command: .connect, headers: ["accept-version": "1.2"]))
        let destination = "/topic/a:b\\c\nd"
        _ = server.receive(STOMPFrame(command: .subscribe, headers: ["id": "x:y", "destination": destination]))
        let frames = server.messageFrames(destination: destination, body: [0, 1, 0])
        let received = try Self.transmit(frames)
        #expect(received == frames)
    }
}
