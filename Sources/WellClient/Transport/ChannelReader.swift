import STOMP

/// The reading half of one event-channel connection, without the socket: the bytes of WebSocket
/// messages → STOMP frames → the client session → ``InboundItem``s, in the server's order.
///
/// A frame may span several messages and a message may hold several frames. `MESSAGE` bodies
/// are decoded into events here, on the reader's task and in place in the frame decoder's
/// buffer (the body is never copied), so the client only deduplicates, applies and publishes.
/// The first frame that ends the connection (`ERROR`, a protocol violation, undecodable bytes)
/// throws; the items read before it stay in ``items`` for the caller to hand over, and nothing
/// after it is read.
struct ChannelReader: Sendable {
    /// What needs the caller before the reader can go on.
    enum Control: Sendable, Equatable {
        /// `CONNECTED`: subscribe (with ``EventChannel/subscribeReceipt``).
        case connected(version: STOMPVersion, heartBeat: STOMPHeartBeatSchedule, server: String?)
        /// The `RECEIPT` of the subscription arrived (the caller appends ``InboundItem/subscribed``
        /// unless its watchdog announced the subscription already).
        case subscriptionReceipt
    }

    private(set) var session: STOMPClientSession
    private var decoder = STOMPFrameDecoder()
    /// What was read and not handed over yet, in order.
    private(set) var items: [InboundItem] = []

    /// A reader for a connection whose `CONNECT` went out through `session`.
    init(session: STOMPClientSession) {
        self.session = session
    }

    /// Adds the payload of one WebSocket message (text or binary: the bytes are STOMP's).
    mutating func append(_ bytes: some Sequence<UInt8>) {
        self.decoder.append(bytes)
    }

    /// Reads what the appended bytes complete, up to the next frame that needs the caller.
    /// - Returns: that frame's ``Control``, or `nil` when the bytes are used up.
    /// - Throws: ``EventChannel/Ended`` for a frame that ends the connection,
    ///   `STOMPDecodingError` for bytes that are not STOMP.
    mutating func next() throws -> Control? {
        while true {
            switch try self.decoder.next(lendingMessageBodyTo: Self.decode) {
            case nil:
                return nil
            case .heartbeat:
                continue
            case .message(let frame, let item):
                switch self.session.receive(frame) {
                case .message: self.items.append(item)
                case let action: if let control = try self.act(on: action) { return control }
                }
            case .frame(let frame):
                if let control = try self.act(on: self.session.receive(frame)) { return control }
            }
        }
    }

    /// Appends `item` after what was read so far.
    mutating func append(item: InboundItem) {
        self.items.append(item)
    }

    /// Hands over what was read so far.
    mutating func takeItems() -> [InboundItem] {
        defer { self.items = [] }
        return self.items
    }

    /// The `SUBSCRIBE` frame for `destination` (after ``Control/connected(version:heartBeat:server:)``).
    mutating func subscribe(destination: String, id: String, receipt: String) throws -> STOMPFrame {
        try self.session.subscribe(destination: destination, id: id, receipt: receipt).frame
    }

    /// What the session's `action` on a frame other than a `MESSAGE` for us means here.
    private mutating func act(on action: STOMPClientAction) throws(EventChannel.Ended) -> Control? {
        switch action {
        case .connected(let version, let schedule, let server):
            return .connected(version: version, heartBeat: schedule, server: server)
        case .message(_, _, _, let frame):
            // Only a `MESSAGE` read with `next(lendingMessageBodyTo:)` gets here, and those
            // are handled by the caller; a whole frame is decoded as the general path does.
            self.items.append(Self.decode(frame, frame.body[...]))
            return nil
        case .error(let message, _):
            throw EventChannel.Ended(reason: "STOMP ERROR: \(message)")
        case .protocolViolation(let reason):
            throw EventChannel.Ended(reason: "STOMP protocol violation: \(reason)")
        case .disconnected:
            throw EventChannel.Ended(reason: "STOMP disconnected")
        case .receipt(let id) where id == EventChannel.subscribeReceipt:
            return .subscriptionReceipt
        case .receipt(let id):
            self.items.append(.receipt(id: id))
            return nil
        case .ignored:
            return nil
        }
    }

    /// A `MESSAGE` body as the item the client gets.
    private static func decode(_ frame: STOMPFrame, _ body: ArraySlice<UInt8>) -> InboundItem {
        do {
            return .event(try WellEvent(body: body))
        } catch {
            return .malformed(reason: "\(error)")
        }
    }
}
