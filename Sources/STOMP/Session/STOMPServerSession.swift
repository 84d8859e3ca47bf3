/// The server side of one STOMP connection, without I/O or clock.
///
/// Feed each decoded client frame to ``receive(_:)``, send ``STOMPServerAction/framesToSend``,
/// and close when ``STOMPServerAction/closesConnection``. Push messages with
/// ``messageFrame(subscriptionID:destination:messageID:body:contentType:extraHeaders:)``.
public struct STOMPServerSession: Sendable {
    /// Server-side choices.
    public struct Configuration: Sendable, Hashable {
        /// Versions this server speaks.
        public var supportedVersions: [STOMPVersion]
        /// The server's `heart-beat` wish (`sx,sy`).
        public var heartBeat: STOMPHeartBeat
        /// The `server` header of CONNECTED (`name/version`), `nil` to omit.
        public var serverName: String?
        /// The `session` header of CONNECTED, `nil` to omit.
        public var sessionID: String?

        /// Creates a configuration; every parameter has a default.
        public init(
            supportedVersions: [STOMPVersion] = STOMPVersion.allCases,
            heartBeat: STOMPHeartBeat = .none,
            serverName: String? = nil,
            sessionID: String? = nil
        ) {
            self.supportedVersions = supportedVersions
            self.heartBeat = heartBeat
            self.serverName = serverName
            self.sessionID = sessionID
        }
    }

    /// The lifecycle of a server session.
    public enum State: String, Sendable, Hashable {
        /// Waiting for CONNECT/STOMP.
        case awaitingConnect
        /// CONNECTED sent.
        case connected
        /// DISCONNECT or ERROR: the connection must close.
        case closed
    }

    /// The configuration in use.
    public let configuration: Configuration
    /// Where the session is.
    public private(set) var state: State = .awaitingConnect
    /// The negotiated version (after CONNECT).
    public private(set) var version: STOMPVersion?
    /// The negotiated heart-beat schedule, from the server's point of view.
    public private(set) var heartBeat: STOMPHeartBeatSchedule = .disabled
    /// The client's live subscriptions, in creation order.
    public private(set) var subscriptions: [STOMPSubscription] = []

    private var nextMessageNumber = 0

    /// Creates a session waiting for CONNECT.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The version to encode outgoing frames with (the negotiated one, else 1.2).
    public var encodingVersion: STOMPVersion { self.version ?? .v1_2 }

    // MARK: - Incoming frames

    /// Applies a client frame and says what to send.
    public mutating func receive(_ frame: STOMPFrame) -> STOMPServerAction {
        switch self.state {
        case .closed:
            return .ignored(reason: "\(frame.command) frame after the session closed")
        case .awaitingConnect:
            guard frame.command == .connect || frame.command == .stomp else {
                return self.fail("Expected CONNECT", detail: "\(frame.command) frame received before CONNECT", to: frame)
            }
            return self.handleConnect(frame)
        case .connected:
            switch frame.command {
            case .connect, .stomp:
                return self.fail("Already connected", detail: "second \(frame.command) frame", to: frame)
            case .subscribe: return self.handleSubscribe(frame)
            case .unsubscribe: return self.handleUnsubscribe(frame)
            case .send:
                guard let destination = frame.headers[STOMPHeaders.destination] else {
                    return self.fail("Missing destination", detail: "SEND requires a destination header", to: frame)
                }
                return .send(destination: destination, frame: frame, receipt: self.receiptFrame(for: frame))
            case .ack, .nack, .begin, .commit, .abort:
                return .other(frame: frame, receipt: self.receiptFrame(for: frame))
            case .disconnect:
                self.state = .closed
                return .disconnect(receipt: self.receiptFrame(for: frame))
            case .connected, .message, .receipt, .error:
                return self.fail("Unexpected frame", detail: "\(frame.command) is a server frame", to: frame)
            }
        }
    }

    private mutating func handleConnect(_ frame: STOMPFrame) -> STOMPServerAction {
        let offered: [STOMPVersion] =
            if let value = frame.headers[STOMPHeaders.acceptVersion] {
                STOMPVersion.parseList(value)
            } else {
                [.v1_0]
            }
        guard let version = offered.filter({ self.configuration.supportedVersions.contains($0) }).max() else {
            let supported = STOMPVersion.formatList(self.configuration.supportedVersions.sorted())
            var error = Self.errorFrame(
                message: "Supported protocol versions are \(supported)",
                detail: "None of the versions the client accepts is supported by this server.",
                receiptID: nil)
            error.headers.set(STOMPHeaders.version, supported)
            self.state = .closed
            return .error(error)
        }
        var clientBeat = STOMPHeartBeat.none
        if version >= .v1_1, let value = frame.headers[STOMPHeaders.heartBeat] {
            guard let parsed = STOMPHeartBeat(headerValue: value) else {
                return self.fail(
                    "Malformed heart-beat", detail: "heart-beat must be two non-negative integers 'cx,cy'", to: frame)
            }
            clientBeat = parsed
        }
        self.version = version
        self.heartBeat =
            version >= .v1_1 ? STOMPHeartBeat.negotiate(own: self.configuration.heartBeat, peer: clientBeat) : .disabled
        self.state = .connected

        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.version, version.rawValue)
        if version >= .v1_1 { headers.append(STOMPHeaders.heartBeat, self.configuration.heartBeat.headerValue) }
        if let server = self.configuration.serverName { headers.append(STOMPHeaders.server, server) }
        if let session = self.configuration.sessionID { headers.append(STOMPHeaders.session, session) }
        let reply = STOMPFrame(command: .connected, headers: headers)
        return .connected(version: version, heartBeat: self.heartBeat, reply: reply, request: frame)
    }

    private mutating func handleSubscribe(_ frame: STOMPFrame) -> STOMPServerAction {
        guard let destination = frame.headers[STOMPHeaders.destination] else {
            return self.fail("Missing destination", detail: "SUBSCRIBE requires a destination header", to: frame)
        }
        let id: String
        if let given = frame.headers[STOMPHeaders.id] {
            id = given
        } else if self.version == .v1_0 {
            id = destination
        } else {
            return self.fail("Missing id", detail: "SUBSCRIBE requires an id header", to: frame)
        }
        let ack = frame.headers[STOMPHeaders.ack] ?? "auto"
        let validAcks = self.version == .v1_0 ? ["auto", "client"] : ["auto", "client", "client-individual"]
        guard validAcks.contains(ack) else {
            return self.fail(
                "Invalid ack mode", detail: "ack must be one of \(validAcks.joined(separator: ", "))", to: frame)
        }
        guard !self.subscriptions.contains(where: { $0.id == id }) else {
            return self.fail("Duplicate subscription", detail: "subscription id is already in use", to: frame)
        }
        let subscription = STOMPSubscription(id: id, destination: destination, ack: ack)
        self.subscriptions.append(subscription)
        return .subscribed(subscription, receipt: self.receiptFrame(for: frame))
    }

    private mutating func handleUnsubscribe(_ frame: STOMPFrame) -> STOMPServerAction {
        let index: Int?
        if let id = frame.headers[STOMPHeaders.id] {
            index = self.subscriptions.firstIndex { $0.id == id }
        } else if self.version == .v1_0, let destination = frame.headers[STOMPHeaders.destination] {
            index = self.subscriptions.firstIndex { $0.destination == destination }
        } else {
            return self.fail("Missing id", detail: "UNSUBSCRIBE requires an id header", to: frame)
        }
        guard let index else {
            return self.fail("Unknown subscription", detail: "no subscription with that id", to: frame)
        }
        let subscription = self.subscriptions.remove(at: index)
        return .unsubscribed(subscription, receipt: self.receiptFrame(for: frame))
    }

    // MARK: - Outgoing frames

    /// The subscriptions whose destination equals `destination` exactly, in creation order.
    public func subscriptions(matching destination: String) -> [STOMPSubscription] {
        self.subscriptions.filter { $0.destination == destination }
    }

    /// Returns a fresh message id: `<sessionID or "msg">-0`, `-1`, ….
    public mutating func makeMessageID() -> String {
        defer { self.nextMessageNumber += 1 }
        return "\(self.configuration.sessionID ?? "msg")-\(self.nextMessageNumber)"
    }

    /// Builds a MESSAGE frame with `destination`, `message-id`, `subscription`, optional
    /// `content-type` and `content-length` (plus `ack` for 1.2 client-ack subscriptions).
    public func messageFrame(
        subscriptionID: String,
        destination: String,
        messageID: String,
        body: [UInt8],
        contentType: String? = nil,
        extraHeaders: STOMPHeaders = STOMPHeaders()
    ) -> STOMPFrame {
        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.destination, destination)
        headers.append(STOMPHeaders.messageID, messageID)
        headers.append(STOMPHeaders.subscription, subscriptionID)
        if self.version == .v1_2, let subscription = self.subscriptions.first(where: { $0.id == subscriptionID }),
            subscription.ack != "auto"
        {
            headers.append(STOMPHeaders.ack, messageID)
        }
        if let contentType { headers.append(STOMPHeaders.contentType, contentType) }
        headers.append(STOMPHeaders.contentLength, String(body.count))
        headers.append(contentsOf: extraHeaders)
        return STOMPFrame(command: .message, headers: headers, body: body)
    }

    /// Builds one MESSAGE per subscription matching `destination`, each with a fresh message id.
    public mutating func messageFrames(destination: String, body: [UInt8], contentType: String? = nil) -> [STOMPFrame] {
        self.subscriptions(matching: destination).map { subscription in
            self.messageFrame(
                subscriptionID: subscription.id, destination: destination, messageID: self.makeMessageID(),
                body: body, contentType: contentType)
        }
    }

    /// Builds an ERROR frame for a server-initiated failure and closes the session.
    public mutating func errorFrame(message: String, detail: String = "") -> STOMPFrame {
        self.state = .closed
        return Self.errorFrame(message: message, detail: detail, receiptID: nil)
    }

    /// Builds an ERROR frame: `message` header, optional `receipt-id`, a text body with `detail`.
    public static func errorFrame(message: String, detail: String, receiptID: String?) -> STOMPFrame {
        var headers = STOMPHeaders()
        headers.append(STOMPHeaders.message, message)
        if let receiptID { headers.append(STOMPHeaders.receiptID, receiptID) }
        if !detail.isEmpty { headers.append(STOMPHeaders.contentType, "text/plain") }
        return STOMPFrame(command: .error, headers: headers, body: detail)
    }

    // MARK: - Helpers

    private func receiptFrame(for frame: STOMPFrame) -> STOMPFrame? {
        guard let receipt = frame.receipt else { return nil }
        return STOMPFrame(command: .receipt, headers: [STOMPHeaders.receiptID: receipt])
    }

    private mutating func fail(_ message: String, detail: String, to frame: STOMPFrame) -> STOMPServerAction {
        self.state = .closed
        return .error(Self.errorFrame(message: message, detail: detail, receiptID: frame.receipt))
    }
}
