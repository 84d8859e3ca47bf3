import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import STOMP

/// STOMP over WebSocket at `/mvc/stomp/websocket` (no sub-protocol required; `v10.stomp`,
/// `v11.stomp`, `v12.stomp` are accepted). One ordered writer per connection drains the
/// connection's stream in the ``EventHub``; the reader decodes frames (split across or
/// coalesced within WebSocket messages) and feeds the STOMP server session.
struct StompWebSocket: Sendable {
    static let path = "/mvc/stomp/websocket"

    let hub: EventHub
    let core: SimulatorCore
    let logger: Logger

    func add(to router: Router<SimulatorRoutes.Context>) {
        let hub = self.hub
        let refusal = HTTPError(.serviceUnavailable, message: "fault: refuse-ws")
        router.ws(
            RouterPath(Self.path),
            shouldUpgrade: { _, _ in
                if hub.refusesUpgrades { throw refusal }
                return .upgrade([:])
            }
        ) { inbound, outbound, _ in
            try await self.serve(inbound: inbound, outbound: outbound)
        }
    }

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (id, outgoing) = self.hub.register()
        self.logger.debug("WebSocket connected", metadata: ["sim.ws": "\(id)"])
        defer {
            self.hub.unregister(id)
            self.logger.debug("WebSocket closed", metadata: ["sim.ws": "\(id)"])
        }
        let (schedules, scheduleSink) = AsyncStream.makeStream(of: Duration.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Reader: decodes client frames and feeds the STOMP session.
            group.addTask {
                defer { scheduleSink.finish() }
                var decoder = STOMPFrameDecoder()
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        switch message {
                        case .text(let text): decoder.append(text)
                        case .binary(let buffer): decoder.append(buffer.readableBytesView)
                        }
                        while let item = try decoder.next() {
                            guard case .frame(let frame) = item else { continue }
                            let action = self.hub.receive(frame, on: id)
                            if case .connected(_, let schedule, _, _)? = action, let interval = schedule.sendInterval {
                                scheduleSink.yield(interval)
                            }
                        }
                    }
                } catch let error as STOMPDecodingError {
                    // Bad bytes: an ERROR frame, then the writer closes the socket.
                    self.hub.reject(id, message: "Malformed frame", detail: "\(error)")
                    return
                }
                // The peer went away: end the writer.
                self.hub.unregister(id)
            }
            // Heart-beats, once CONNECT negotiated them.
            group.addTask {
                for await interval in schedules {
                    while !Task.isCancelled {
                        try await Task.sleep(for: interval)
                        self.hub.heartbeat(id)
                    }
                }
            }
            // Writer: the only place that writes to this socket; the connection lives as long as it.
            writer: for await item in outgoing {
                switch item {
                case .frame(let frame):
                    // Text when the frame is UTF-8 (what stomp.js expects); a body that is not
                    // goes as a binary message, so its bytes and content-length stay intact.
                    let bytes = frame.encoded(version: self.hub.encodingVersion(id))
                    if let text = String(validating: bytes, as: UTF8.self) {
                        try await outbound.write(.text(text))
                    } else {
                        try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                    }
                case .heartbeat:
                    try await outbound.write(.text("\n"))
                case .raw(let text):
                    try await outbound.write(.text(text))
                case .bytes(let bytes):
                    try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                case .close(let reason):
                    try await outbound.close(.unexpectedServerError, reason: reason)
                    break writer
                }
            }
            group.cancelAll()
        }
    }
}
