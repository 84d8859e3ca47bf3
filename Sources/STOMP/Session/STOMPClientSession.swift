/// The client side of a STOMP conversation, without I/O or clock.
///
/// Build frames with the methods below, send them yourself, and feed every received frame to
/// ``receive(_:)``, acting on the returned ``STOMPClientAction``.
///
/// ```swift
/// var session = STOMPClientSession()
/// send(session.connectFrame(host: "example", heartBeat: .init(cx: 10_000, cy: 10_000)))
/// // … frame arrives …
/// if case .connected(_, let beats, _) = session.receive(frame) { schedule(beats) }
/// let (id, subscribe) = try session.subscribe(destination: "/topic/x")
/// ```
public struct STOMPClientSession: Sendable {
    /// Where the session is in its lifecycle.
    public private(set) var state: STOMPSessionState = .idle
    /// The negotiated version (after CONNECTED).
    public private(set) var version: STOMPVersion?
    /// The negotiated heart-beat schedule (``STOMPHeartBeatSchedule/disabled`` until CONNECTED).
    public private(set) var heartBeat: STOMPHeartBeatSchedule = .disabled
    /// The `session` header of CONNECTED, if any.
    public private(set) var serverSessionID: String?
    /// The `server` header of CONNECTED, if any.
    public private(set) var server: String?
    /// Live subscriptions in creation order.
    public private(set) var subscriptions: [STOMPSubscription] = []

    private var acceptVersions: [STOMPVersion] = []
    private var ownHeartBeat: STOMPHeartBeat = .none
    private var nextSubscriptionNumber = 0
    private var nextReceiptNumber = 0
    private var removedSubscriptionIDs: Set<String> = []
    private var disconnectReceipt: String?

    /// Creates an idle session.
    public init() {}

    // MARK: - Outgoing frames

    /// Builds the CONNECT frame and moves idle → connecting.
    ///
    /// - Parameters:
    ///   - host: the virtual host (`host` header, required by 1.1/1.2); `nil` omits it.
    ///   - acceptVersions: versions offered (default 1.0, 1.1, 1.2).
    ///   - heartBeat: this side's `cx,cy` (default none).
    ///   - login: `login` header, if any.
    ///   - passcode: `passcode` header, if any.
    ///   - extraHeaders: appended after the standard ones.
    ///   - command: `.connect` (default, what stomp.js sends) or `.stomp`.
    /// - Throws: ``STOMPSessionError/Code-swift.struct/invalidState`` unless idle.
    public mutating func connectFrame(
        host: String?,
        acceptVersions: [STOMPVersion] = STOMPVersion.allCases,
        heartBeat: STOMPHeartBeat = .none,
        login: String? = nil,
        passcode: String? = nil,
        extraHeaders: STOMPHeaders = STOMPHeaders(),
        command: STOMPCommand = .connect
    ) throws(STOMPSessionError) -> STOMPFrame {
        guard self.state == .idle else {
            throw STOMPSessionError(.invalidState, "CONNECT in state \(self.state)")
        }
        let offered = acceptVersions.isEmpty ? STOMPVersion.allCases : acceptVersions
        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.acceptVersion, STOMPVersion.formatList(offered))
        if let host { headers.append(STOMPHeaders.host, host) }
        headers.append(STOMPHeaders.heartBeat, heartBeat.headerValue)
        if let login { headers.append(STOMPHeaders.login, login) }
        if let passcode { headers.append(STOMPHeaders.passcode, passcode) }
        headers.append(contentsOf: extraHeaders)
        self.acceptVersions = offered
        self.ownHeartBeat = heartBeat
        self.state = .connecting
        return STOMPFrame(command: command == .stomp ? .stomp : .connect, headers: headers)
    }

    /// Builds a SUBSCRIBE frame and records the subscription.
    ///
    /// - Parameters:
    ///   - destination: what to subscribe to.
    ///   - id: the subscription id; `nil` generates `sub-0`, `sub-1`, ….
    ///   - ack: the `ack` mode (default `auto`, which is not written).
    ///   - receipt: ask for a RECEIPT with this id.
    ///   - extraHeaders: appended after the standard ones.
    /// - Returns: the subscription id and the frame to send.
    /// - Throws: ``STOMPSessionError`` when not connected or the id is in use.
    public mutating func subscribe(
        destination: String,
        id: String? = nil,
        ack: String = "auto",
        receipt: String? = nil,
        extraHeaders: STOMPHeaders = STOMPHeaders()
    ) throws(STOMPSessionError) -> (id: String, frame: STOMPFrame) {
        try self.requireConnected("SUBSCRIBE")
        var subscriptionID = id
        if subscriptionID == nil {
            repeat {
                subscriptionID = "sub-\(self.nextSubscriptionNumber)"
                self.nextSubscriptionNumber += 1
            } while self.subscriptions.contains { $0.id == subscriptionID }
        }
        let finalID = subscriptionID!
        guard !self.subscriptions.contains(where: { $0.id == finalID }) else {
            throw STOMPSessionError(.duplicateSubscription, "subscription id \(finalID) is already in use")
        }
        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.id, finalID)
        headers.append(STOMPHeaders.destination, destination)
        if ack != "auto" { headers.append(STOMPHeaders.ack, ack) }
        if let receipt { headers.append(STOMPHeaders.receipt, receipt) }
        headers.append(contentsOf: extraHeaders)
        self.subscriptions.append(STOMPSubscription(id: finalID, destination: destination, ack: ack))
        self.removedSubscriptionIDs.remove(finalID)
        return (finalID, STOMPFrame(command: .subscribe, headers: headers))
    }

    /// Builds an UNSUBSCRIBE frame and forgets the subscription (later MESSAGEs for it are ignored).
    ///
    /// - Throws: ``STOMPSessionError`` when not connected or the id is unknown.
    public mutating func unsubscribe(id: String, receipt: String? = nil) throws(STOMPSessionError) -> STOMPFrame {
        try self.requireConnected("UNSUBSCRIBE")
        guard let index = self.subscriptions.firstIndex(where: { $0.id == id }) else {
            throw STOMPSessionError(.unknownSubscription, "no subscription with id \(id)")
        }
        let subscription = self.subscriptions.remove(at: index)
        self.removedSubscriptionIDs.insert(id)
        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.id, id)
        if self.version == .v1_0 { headers.append(STOMPHeaders.destination, subscription.destination) }
        if let receipt { headers.append(STOMPHeaders.receipt, receipt) }
        return STOMPFrame(command: .unsubscribe, headers: headers)
    }

    /// Builds a SEND frame (with `content-length` added when encoded).
    ///
    /// - Throws: ``STOMPSessionError`` when not connected.
    public func send(
        destination: String,
        body: [UInt8],
        contentType: String? = nil,
        receipt: String? = nil,
        extraHeaders: STOMPHeaders = STOMPHeaders()
    ) throws(STOMPSessionError) -> STOMPFrame {
        try self.requireConnected("SEND")
        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.destination, destination)
        if let contentType { headers.append(STOMPHeaders.contentType, contentType) }
        if let receipt { headers.append(STOMPHeaders.receipt, receipt) }
        headers.append(contentsOf: extraHeaders)
        return STOMPFrame(command: .send, headers: headers, body: body)
    }

    /// Builds a SEND frame with a UTF-8 text body.
    public func send(
        destination: String,
        body: String,
        contentType: String? = "text/plain;charset=utf-8",
        receipt: String? = nil,
        extraHeaders: STOMPHeaders = STOMPHeaders()
    ) throws(STOMPSessionError) -> STOMPFrame {
        try self.send(
            destination: destination, body: Array(body.utf8), contentType: contentType, receipt: receipt,
            extraHeaders: extraHeaders)
    }

    /// Builds the DISCONNECT frame.
    ///
    /// With a receipt the session waits in `disconnecting` for it (``receive(_:)`` then returns
    /// ``STOMPClientAction/disconnected(receiptID:)``); without one it is `closed` at once.
    /// - Throws: ``STOMPSessionError`` unless connecting or connected.
    public mutating func disconnect(receipt: String?) throws(STOMPSessionError) -> STOMPFrame {
        guard self.state == .connected || self.state == .connecting else {
            throw STOMPSessionError(.invalidState, "DISCONNECT in state \(self.state)")
        }
        var headers = STOMPHeaders()
        if let receipt {
            headers.append(STOMPHeaders.receipt, receipt)
            self.disconnectReceipt = receipt
            self.state = .disconnecting
        } else {
            self.state = .closed
        }
        return STOMPFrame(command: .disconnect, headers: headers)
    }

    /// Returns a fresh receipt id: `receipt-0`, `receipt-1`, ….
    public mutating func makeReceiptID() -> String {
        defer { self.nextReceiptNumber += 1 }
        return "receipt-\(self.nextReceiptNumber)"
    }

    /// Records that the transport closed; the session becomes `closed`.
    public mutating func transportClosed() {
        self.state = .closed
    }

    // MARK: - Incoming frames

    /// Applies a received frame and says what to do.
    public mutating func receive(_ frame: STOMPFrame) -> STOMPClientAction {
        switch self.state {
        case .idle:
            return self.violation("\(frame.command) frame received before CONNECT was sent")
        case .closed:
            return .ignored(reason: "\(frame.command) frame received after the session closed")
        case .connecting:
            switch frame.command {
            case .connected: return self.handleConnected(frame)
            case .error: return self.handleError(frame)
            default: return self.violation("\(frame.command) frame received before CONNECTED")
            }
        case .connected, .disconnecting:
            switch frame.command {
            case .message: return self.handleMessage(frame)
            case .receipt: return self.handleReceipt(frame)
            case .error: return self.handleError(frame)
            case .connected: return self.violation("second CONNECTED frame")
            default: return self.violation("client-only frame \(frame.command) received from the server")
            }
        }
    }

    private mutating func handleConnected(_ frame: STOMPFrame) -> STOMPClientAction {
        let version: STOMPVersion
        if let value = frame.headers[STOMPHeaders.version] {
            guard let parsed = STOMPVersion(rawValue: value.trimmingSpacesString()) else {
                return self.violation("CONNECTED with unknown version \(STOMPFrameDecoder.excerpt(value))")
            }
            version = parsed
        } else {
            version = .v1_0
        }
        guard self.acceptVersions.contains(version) else {
            return self.violation("server chose version \(version), which was not offered")
        }
        var peer = STOMPHeartBeat.none
        if version >= .v1_1, let value = frame.headers[STOMPHeaders.heartBeat] {
            guard let parsed = STOMPHeartBeat(headerValue: value) else {
                return self.violation("CONNECTED with malformed heart-beat \(STOMPFrameDecoder.excerpt(value))")
            }
            peer = parsed
        }
        self.version = version
        self.heartBeat = STOMPHeartBeat.negotiate(own: version >= .v1_1 ? self.ownHeartBeat : .none, peer: peer)
        self.server = frame.headers[STOMPHeaders.server]
        self.serverSessionID = frame.headers[STOMPHeaders.session]
        self.state = .connected
        return .connected(version: version, heartBeat: self.heartBeat, server: self.server)
    }

    private mutating func handleMessage(_ frame: STOMPFrame) -> STOMPClientAction {
        guard let destination = frame.headers[STOMPHeaders.destination] else {
            return self.violation("MESSAGE without destination")
        }
        let messageID = frame.headers[STOMPHeaders.messageID]
        if let subscriptionID = frame.headers[STOMPHeaders.subscription] {
            if self.subscriptions.contains(where: { $0.id == subscriptionID }) {
                return .message(subscriptionID: subscriptionID, destination: destination, messageID: messageID, frame: frame)
            }
            if self.removedSubscriptionIDs.contains(subscriptionID) {
                return .ignored(reason: "MESSAGE for unsubscribed subscription \(subscriptionID)")
            }
            return self.violation("MESSAGE for unknown subscription \(STOMPFrameDecoder.excerpt(subscriptionID))")
        }
        // STOMP 1.0 MESSAGE frames may omit `subscription`: match by destination.
        if self.version == .v1_0, let match = self.subscriptions.first(where: { $0.destination == destination }) {
            return .message(subscriptionID: match.id, destination: destination, messageID: messageID, frame: frame)
        }
        return self.violation("MESSAGE without subscription header")
    }

    private mutating func handleReceipt(_ frame: STOMPFrame) -> STOMPClientAction {
        guard let id = frame.headers[STOMPHeaders.receiptID] else {
            return self.violation("RECEIPT without receipt-id")
        }
        if self.state == .disconnecting, id == self.disconnectReceipt {
            self.state = .closed
            return .disconnected(receiptID: id)
        }
        return .receipt(id: id)
    }

    private mutating func handleError(_ frame: STOMPFrame) -> STOMPClientAction {
        self.state = .closed
        let message = frame.headers[STOMPHeaders.message] ?? (frame.body.isEmpty ? "ERROR frame" : frame.bodyString)
        return .error(message: message, frame: frame)
    }

    private mutating func violation(_ reason: String) -> STOMPClientAction {
        self.state = .closed
        return .protocolViolation(reason: reason)
    }

    private func requireConnected(_ what: String) throws(STOMPSessionError) {
        guard self.state == .connected else {
            throw STOMPSessionError(.invalidState, "\(what) in state \(self.state)")
        }
    }
}

extension String {
    func trimmingSpacesString() -> String { String(self[...].trimmingSpaces()) }
}
