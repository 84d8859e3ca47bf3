import STOMP
import Testing

struct ServerSessionTests {
    static let configuration = STOMPServerSession.Configuration(
        heartBeat: STOMPHeartBeat(cx: 10_000, cy: 10_000), serverName: "WellSimulator/1", sessionID: "s-1")

    static func connect(_ headers: STOMPHeaders) -> STOMPFrame { STOMPFrame(command: .connect, headers: headers) }

    static func connectedSession(acceptVersion: String = "1.2") -> STOMPServerSession {
        var session = STOMPServerSession(configuration: Self.configuration)
        let action = session.receive(Self.connect(["accept-version": acceptVersion, "host": "sim"]))
        guard case .connected = action else {
            Issue.record("expected .connected, got \(action)")
            return session
        }
        return session
    }

    /// The ERROR frame of an action, or `nil`.
    static func errorFrame(_ action: STOMPServerAction) -> STOMPFrame? {
        if case .error(let frame) = action { return frame }
        return nil
    }

    @Test(
        arguments: [
            (nil, STOMPVersion.v1_0),
            ("1.0", .v1_0),
            ("1.1,1.0", .v1_1),
            ("1.0,1.1,1.2", .v1_2),
            ("1.2,2.0", .v1_2),
            (" 1.1 , 9.9 ", .v1_1),
        ] as [(String?, STOMPVersion)])
    func negotiatesHighestCommonVersion(acceptVersion: String?, expected: STOMPVersion) {
        var session = STOMPServerSession(configuration: Self.configuration)
        var headers: STOMPHeaders = ["heart-beat": "10000,10000"]
        if let acceptVersion { headers["accept-version"] = acceptVersion }
        let action = session.receive(Self.connect(headers))
        guard case .connected(let version, _, let reply, _) = action else {
            Issue.record("expected .connected, got \(action)")
            return
        }
        #expect(version == expected)
        #expect(session.version == expected)
        #expect(reply.command == .connected)
        #expect(reply.headers["version"] == expected.rawValue)
        #expect(reply.headers["server"] == "WellSimulator/1")
        #expect(reply.headers["session"] == "s-1")
        #expect(reply.headers["heart-beat"] == (expected == .v1_0 ? nil : "10000,10000"))
        #expect(session.state == .connected)
        #expect(!action.closesConnection)
        #expect(action.framesToSend == [reply])
    }

    @Test func noCommonVersionGetsErrorListingSupportedVersions() {
        var session = STOMPServerSession(configuration: Self.configuration)
        let action = session.receive(Self.connect(["accept-version": "2.0,2.1"]))
        let error = Self.errorFrame(action)
        #expect(error?.headers["version"] == "1.0,1.1,1.2")
        #expect(error?.headers["message"] == "Supported protocol versions are 1.0,1.1,1.2")
        #expect(action.closesConnection)
        #expect(session.state == .closed)
    }

    @Test func serverRestrictedTo12RejectsOlderClient() {
        var session = STOMPServerSession(configuration: .init(supportedVersions: [.v1_2]))
        let action = session.receive(Self.connect(["accept-version": "1.1,1.0"]))
        #expect(Self.errorFrame(action)?.headers["version"] == "1.2")
        var legacy = STOMPServerSession(configuration: .init(supportedVersions: [.v1_1, .v1_2]))
        #expect(Self.errorFrame(legacy.receive(Self.connect([:])))?.headers["version"] == "1.1,1.2")
    }

    @Test func negotiatesHeartBeatsFromServerSide() {
        var session = STOMPServerSession(configuration: Self.configuration)
        let action = session.receive(Self.connect(["accept-version": "1.1", "heart-beat": "4000,30000"]))
        let expected = STOMPHeartBeatSchedule(
            sendIntervalMilliseconds: 30_000, expectedIntervalMilliseconds: 10_000, peerTimeoutMilliseconds: 20_000)
        guard case .connected(_, let schedule, _, _) = action else {
            Issue.record("expected .connected")
            return
        }
        #expect(schedule == expected)
        #expect(session.heartBeat == expected)
    }

    @Test func clientWithoutHeartBeatHeaderGetsNone() {
        var session = STOMPServerSession(configuration: Self.configuration)
        guard case .connected(_, let schedule, _, _) = session.receive(Self.connect(["accept-version": "1.2"])) else {
            Issue.record("expected .connected")
            return
        }
        #expect(schedule == .disabled)
    }

    @Test func malformedHeartBeatIsAnError() {
        var session = STOMPServerSession()
        #expect(Self.errorFrame(session.receive(Self.connect(["accept-version": "1.2", "heart-beat": "x"]))) != nil)
        #expect(session.state == .closed)
    }

    @Test func stompCommandIsAcceptedLikeConnect() {
        var session = STOMPServerSession()
        guard
            case .connected(.v1_2, _, _, _) = session.receive(
                STOMPFrame(command: .stomp, headers: ["accept-version": "1.2", "host": "h"]))
        else {
            Issue.record("STOMP frame not accepted")
            return
        }
    }

    @Test func framesBeforeConnectGetError() {
        var session = STOMPServerSession()
        let action = session.receive(
            STOMPFrame(command: .subscribe, headers: ["id": "0", "destination": "/a", "receipt": "r"]))
        let error = Self.errorFrame(action)
        #expect(error?.headers["message"] == "Expected CONNECT")
        #expect(error?.headers["receipt-id"] == "r")
        #expect(session.state == .closed)
        guard case .ignored = session.receive(Self.connect([:])) else {
            Issue.record("frame after close not ignored")
            return
        }
    }

    @Test func secondConnectIsAnError() {
        var session = Self.connectedSession()
        #expect(Self.errorFrame(session.receive(Self.connect(["accept-version": "1.2"])))?.headers["message"] == "Already connected")
    }

    @Test func subscribeAndUnsubscribeWithReceipts() {
        var session = Self.connectedSession()
        let action = session.receive(
            STOMPFrame(command: .subscribe, headers: ["id": "sub-0", "destination": "/topic/a", "receipt": "r-1"]))
        let receipt = STOMPFrame(command: .receipt, headers: ["receipt-id": "r-1"])
        #expect(action == .subscribed(STOMPSubscription(id: "sub-0", destination: "/topic/a"), receipt: receipt))
        #expect(action.framesToSend == [receipt])
        _ = session.receive(STOMPFrame(command: .subscribe, headers: ["id": "sub-1", "destination": "/topic/b"]))
        _ = session.receive(STOMPFrame(command: .subscribe, headers: ["id": "sub-2", "destination": "/topic/a"]))
        #expect(session.subscriptions(matching: "/topic/a").map(\.id) == ["sub-0", "sub-2"])
        #expect(session.subscriptions(matching: "/topic/c").isEmpty)

        let unsubscribe = session.receive(STOMPFrame(command: .unsubscribe, headers: ["id": "sub-0"]))
        #expect(unsubscribe == .unsubscribed(STOMPSubscription(id: "sub-0", destination: "/topic/a"), receipt: nil))
        #expect(session.subscriptions(matching: "/topic/a").map(\.id) == ["sub-2"])
    }

    @Test func subscribeRules() {
        var missingID = Self.connectedSession()
        #expect(Self.errorFrame(missingID.receive(STOMPFrame(command: .subscribe, headers: ["destination": "/a"]))) != nil)

        var missingDestination = Self.connectedSession()
        #expect(Self.errorFrame(missingDestination.receive(STOMPFrame(command: .subscribe, headers: ["id": "0"]))) != nil)

        var duplicate = Self.connectedSession()
        _ = duplicate.receive(STOMPFrame(command: .subscribe, headers: ["id": "0", "destination": "/a"]))
        let error = Self.errorFrame(
            duplicate.receive(STOMPFrame(command: .subscribe, headers: ["id": "0", "destination": "/b"])))
        #expect(error?.headers["message"] == "Duplicate subscription")
        #expect(duplicate.state == .closed)

        var badAck = Self.connectedSession()
        #expect(
            Self.errorFrame(
                badAck.receive(STOMPFrame(command: .subscribe, headers: ["id": "0", "destination": "/a", "ack": "never"])))
                != nil)

        var unknown = Self.connectedSession()
        #expect(Self.errorFrame(unknown.receive(STOMPFrame(command: .unsubscribe, headers: ["id": "zz"]))) != nil)
    }

    @Test func stomp10SubscribeWithoutIDUsesDestination() {
        var session = Self.connectedSession(acceptVersion: "1.0")
        let action = session.receive(STOMPFrame(command: .subscribe, headers: ["destination": "/a"]))
        #expect(action == .subscribed(STOMPSubscription(id: "/a", destination: "/a"), receipt: nil))
        let removed = session.receive(STOMPFrame(command: .unsubscribe, headers: ["destination": "/a"]))
        #expect(removed == .unsubscribed(STOMPSubscription(id: "/a", destination: "/a"), receipt: nil))
    }

    @Test func messageFrameCarriesRoutingHeadersAndContentLength() throws {
        var session = Self.connectedSession()
        _ = session.receive(STOMPFrame(command: .subscribe, headers: ["id": "sub-0", "destination": "/topic/a"]))
        let frame = session.messageFrame(
            subscriptionID: "sub-0", destination: "/topic/a", messageID: "m-1", body: Array("{\"x\":1}".utf8),
            contentType: "application/json")
        #expect(
            frame.encodedString()
                == "MESSAGE\ndestination:/topic/a\nmessage-id:m-1\nsubscription:sub-0\ncontent-type:application/json\n"
                + "content-length:7\n\n{\"x\":1}\0")

        let fanOut = session.messageFrames(destination: "/topic/a", body: [1, 2], contentType: nil)
        #expect(fanOut.map { $0.headers["message-id"] } == ["s-1-0"])
        #expect(session.messageFrames(destination: "/nowhere", body: []).isEmpty)
    }

    @Test func clientAckSubscriptionGetsAckHeaderIn12() {
        var session = Self.connectedSession()
        _ = session.receive(
            STOMPFrame(command: .subscribe, headers: ["id": "0", "destination": "/a", "ack": "client-individual"]))
        let frame = session.messageFrame(subscriptionID: "0", destination: "/a", messageID: "m", body: [])
        #expect(frame.headers["ack"] == "m")
    }

    @Test func sendAndOtherFramesGetReceipts() {
        var session = Self.connectedSession()
        let send = STOMPFrame(command: .send, headers: ["destination": "/q", "receipt": "7"], body: "x")
        let receipt = STOMPFrame(command: .receipt, headers: ["receipt-id": "7"])
        #expect(session.receive(send) == .send(destination: "/q", frame: send, receipt: receipt))
        let ack = STOMPFrame(command: .ack, headers: ["id": "m", "receipt": "7"])
        #expect(session.receive(ack) == .other(frame: ack, receipt: receipt))
        #expect(Self.errorFrame(session.receive(STOMPFrame(command: .send))) != nil)
    }

    @Test func serverFramesFromClientAreErrors() {
        var session = Self.connectedSession()
        #expect(Self.errorFrame(session.receive(STOMPFrame(command: .message))) != nil)
    }

    @Test func disconnectSendsReceiptThenCloses() {
        var session = Self.connectedSession()
        let action = session.receive(STOMPFrame(command: .disconnect, headers: ["receipt": "77"]))
        #expect(action == .disconnect(receipt: STOMPFrame(command: .receipt, headers: ["receipt-id": "77"])))
        #expect(action.closesConnection)
        #expect(session.state == .closed)
        var quiet = Self.connectedSession()
        #expect(quiet.receive(STOMPFrame(command: .disconnect)).framesToSend.isEmpty)
    }

    @Test func serverInitiatedErrorCloses() {
        var session = Self.connectedSession()
        let frame = session.errorFrame(message: "Shutting down", detail: "bye")
        #expect(frame.encodedString() == "ERROR\nmessage:Shutting down\ncontent-type:text/plain\ncontent-length:3\n\nbye\0")
        #expect(session.state == .closed)
    }
}
