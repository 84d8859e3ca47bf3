import STOMP
import Testing

struct ClientSessionTests {
    /// A session that sent CONNECT (offering every version, heart-beat 10000,10000) and got CONNECTED.
    static func connectedSession(
        version: String = "1.2", serverHeartBeat: String = "5000,20000"
    ) throws -> STOMPClientSession {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: "sim", heartBeat: STOMPHeartBeat(cx: 10_000, cy: 10_000))
        let action = session.receive(
            STOMPFrame(command: .connected, headers: ["version": version, "heart-beat": serverHeartBeat]))
        guard case .connected = action else {
            Issue.record("expected .connected, got \(action)")
            return session
        }
        return session
    }

    static func message(subscription: String, destination: String = "/topic/a", id: String = "m-1") -> STOMPFrame {
        STOMPFrame(
            command: .message,
            headers: ["destination": destination, "message-id": id, "subscription": subscription], body: "{}")
    }

    @Test func connectFrameCarriesNegotiationHeaders() throws {
        var session = STOMPClientSession()
        #expect(session.state == .idle)
        let frame = try session.connectFrame(
            host: "example.org", acceptVersions: [.v1_1, .v1_2], heartBeat: STOMPHeartBeat(cx: 10_000, cy: 10_000),
            login: "agent", passcode: "secret", extraHeaders: ["x-queue-name": "q"])
        #expect(frame.command == .connect)
        #expect(
            Array(frame.headers) == [
                STOMPHeader(name: "accept-version", value: "1.1,1.2"),
                STOMPHeader(name: "host", value: "example.org"),
                STOMPHeader(name: "heart-beat", value: "10000,10000"),
                STOMPHeader(name: "login", value: "agent"),
                STOMPHeader(name: "passcode", value: "secret"),
                STOMPHeader(name: "x-queue-name", value: "q"),
            ])
        #expect(session.state == .connecting)
        #expect(throws: STOMPSessionError.self) { _ = try session.connectFrame(host: nil) }
        #expect(session.state == .connecting)
    }

    @Test func connectedNegotiatesVersionAndHeartBeat() throws {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil, heartBeat: STOMPHeartBeat(cx: 10_000, cy: 10_000))
        let action = session.receive(
            STOMPFrame(
                command: .connected,
                headers: ["version": "1.2", "heart-beat": "5000,20000", "server": "Sim/1", "session": "s-1"]))
        let expected = STOMPHeartBeatSchedule(
            sendIntervalMilliseconds: 20_000, expectedIntervalMilliseconds: 10_000, peerTimeoutMilliseconds: 20_000)
        #expect(action == .connected(version: .v1_2, heartBeat: expected, server: "Sim/1"))
        #expect(session.state == .connected)
        #expect(session.version == .v1_2)
        #expect(session.heartBeat == expected)
        #expect(session.serverSessionID == "s-1")
    }

    @Test func connectedWithoutVersionMeansSTOMP10WithoutHeartBeats() throws {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil, heartBeat: STOMPHeartBeat(cx: 1_000, cy: 1_000))
        let action = session.receive(STOMPFrame(command: .connected, headers: ["heart-beat": "1000,1000"]))
        #expect(action == .connected(version: .v1_0, heartBeat: .disabled, server: nil))
    }

    @Test func versionNotOfferedIsAViolation() throws {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil, acceptVersions: [.v1_1])
        let action = session.receive(STOMPFrame(command: .connected, headers: ["version": "1.2"]))
        guard case .protocolViolation = action else {
            Issue.record("expected a violation, got \(action)")
            return
        }
        #expect(session.state == .closed)
    }

    @Test func malformedHeartBeatIsAViolation() throws {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil)
        guard
            case .protocolViolation = session.receive(
                STOMPFrame(command: .connected, headers: ["version": "1.1", "heart-beat": "soon"]))
        else {
            Issue.record("expected a violation")
            return
        }
    }

    @Test func framesBeforeConnectedAreViolations() throws {
        var idle = STOMPClientSession()
        guard case .protocolViolation = idle.receive(STOMPFrame(command: .connected)) else {
            Issue.record("CONNECTED before CONNECT accepted")
            return
        }
        var connecting = STOMPClientSession()
        _ = try connecting.connectFrame(host: nil)
        guard case .protocolViolation = connecting.receive(Self.message(subscription: "sub-0")) else {
            Issue.record("MESSAGE before CONNECTED accepted")
            return
        }
        #expect(connecting.state == .closed)
    }

    @Test func errorWhileConnectingClosesWithMessage() throws {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil)
        let error = STOMPFrame(command: .error, headers: ["message": "Bad login"], body: "nope")
        #expect(session.receive(error) == .error(message: "Bad login", frame: error))
        #expect(session.state == .closed)
    }

    @Test func errorWithoutMessageHeaderUsesBody() throws {
        var session = try Self.connectedSession()
        let error = STOMPFrame(command: .error, body: "broken")
        #expect(session.receive(error) == .error(message: "broken", frame: error))
    }

    @Test func subscribeGeneratesSequentialIDs() throws {
        var session = try Self.connectedSession()
        let first = try session.subscribe(destination: "/topic/a")
        let second = try session.subscribe(destination: "/topic/b", receipt: "r-1")
        #expect(first.id == "sub-0")
        #expect(second.id == "sub-1")
        #expect(first.frame == STOMPFrame(command: .subscribe, headers: ["id": "sub-0", "destination": "/topic/a"]))
        #expect(second.frame.headers["receipt"] == "r-1")
        #expect(session.subscriptions.map(\.id) == ["sub-0", "sub-1"])

        let custom = try session.subscribe(destination: "/topic/c", id: "mine", ack: "client")
        #expect(custom.frame.headers["ack"] == "client")
        do {
            _ = try session.subscribe(destination: "/topic/d", id: "mine")
            Issue.record("duplicate id accepted")
        } catch {
            #expect(error.code == .duplicateSubscription)
        }
        #expect(session.subscriptions.count == 3)
    }

    @Test func generatedIDsSkipIDsTakenExplicitly() throws {
        var session = try Self.connectedSession()
        _ = try session.subscribe(destination: "/x", id: "sub-0")
        #expect(try session.subscribe(destination: "/y").id == "sub-1")
    }

    @Test func subscribeBeforeConnectedFails() throws {
        var session = STOMPClientSession()
        do {
            _ = try session.subscribe(destination: "/a")
            Issue.record("SUBSCRIBE allowed while idle")
        } catch {
            #expect(error.code == .invalidState)
        }
    }

    @Test func messagesRouteToSubscriptions() throws {
        var session = try Self.connectedSession()
        let (id, _) = try session.subscribe(destination: "/topic/a")
        let message = Self.message(subscription: id)
        #expect(
            session.receive(message)
                == .message(subscriptionID: "sub-0", destination: "/topic/a", messageID: "m-1", frame: message))

        guard case .protocolViolation = session.receive(Self.message(subscription: "nobody")) else {
            Issue.record("MESSAGE for an unknown subscription accepted")
            return
        }
        #expect(session.state == .closed)
    }

    @Test func messageAfterUnsubscribeIsIgnored() throws {
        var session = try Self.connectedSession()
        let (id, _) = try session.subscribe(destination: "/topic/a")
        let frame = try session.unsubscribe(id: id, receipt: "u-1")
        #expect(frame == STOMPFrame(command: .unsubscribe, headers: ["id": "sub-0", "receipt": "u-1"]))
        guard case .ignored = session.receive(Self.message(subscription: id)) else {
            Issue.record("MESSAGE for a removed subscription delivered")
            return
        }
        #expect(session.state == .connected)
        #expect(throws: STOMPSessionError.self) { _ = try session.unsubscribe(id: id) }
    }

    @Test func stomp10MessageWithoutSubscriptionMatchesByDestination() throws {
        var session = try Self.connectedSession(version: "1.0")
        let (id, _) = try session.subscribe(destination: "/topic/a")
        let frame = STOMPFrame(command: .message, headers: ["destination": "/topic/a", "message-id": "7"])
        #expect(
            session.receive(frame) == .message(subscriptionID: id, destination: "/topic/a", messageID: "7", frame: frame))
    }

    @Test func receiptsAndDisconnect() throws {
        var session = try Self.connectedSession()
        #expect(session.receive(STOMPFrame(command: .receipt, headers: ["receipt-id": "r-9"])) == .receipt(id: "r-9"))
        let receiptID = session.makeReceiptID()
        #expect(receiptID == "receipt-0")
        let frame = try session.disconnect(receipt: receiptID)
        #expect(frame == STOMPFrame(command: .disconnect, headers: ["receipt": "receipt-0"]))
        #expect(session.state == .disconnecting)
        #expect(throws: STOMPSessionError.self) { _ = try session.subscribe(destination: "/late") }
        #expect(
            session.receive(STOMPFrame(command: .receipt, headers: ["receipt-id": "receipt-0"]))
                == .disconnected(receiptID: "receipt-0"))
        #expect(session.state == .closed)
        guard case .ignored = session.receive(Self.message(subscription: "sub-0")) else {
            Issue.record("frame after close not ignored")
            return
        }
    }

    @Test func disconnectWithoutReceiptClosesAtOnce() throws {
        var session = try Self.connectedSession()
        _ = try session.disconnect(receipt: nil)
        #expect(session.state == .closed)
        #expect(throws: STOMPSessionError.self) { _ = try session.disconnect(receipt: nil) }
    }

    @Test func sendBuildsFrame() throws {
        let session = try Self.connectedSession()
        let frame = try session.send(destination: "/queue/a", body: "hi", contentType: "text/plain", receipt: "s-1")
        #expect(frame.headers["destination"] == "/queue/a")
        #expect(frame.headers["content-type"] == "text/plain")
        #expect(frame.headers["receipt"] == "s-1")
        #expect(frame.encodedString().contains("content-length:2\n"))
        #expect(throws: STOMPSessionError.self) { _ = try STOMPClientSession().send(destination: "/a", body: [1]) }
    }

    @Test func serverOnlyFramesFromClientSideAreViolations() throws {
        var session = try Self.connectedSession()
        guard case .protocolViolation = session.receive(STOMPFrame(command: .send, headers: ["destination": "/a"]))
        else {
            Issue.record("SEND from server accepted")
            return
        }
    }
}
