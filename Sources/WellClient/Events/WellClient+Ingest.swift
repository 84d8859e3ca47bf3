import STOMP

extension WellClient {
    /// Feeds one STOMP `MESSAGE` body through the client with one actor call per body: decode,
    /// drop duplicates, apply to the call model, publish to every subscriber — the event path as
    /// it was before the channel batched its hand-off.
    ///
    /// For benchmarks and tests inside this package (the benchmark's comparison).
    package func ingest(body: [UInt8]) {
        self.receive(body: body)
    }

    /// Feeds the payloads of WebSocket messages through the event channel's reading half as a
    /// live connection does: a reader task turns bytes into events (``ChannelReader``) and queues
    /// them, and this client takes them in batches (``EventChannel/deliver(from:link:onConnected:onEvents:)``):
    /// dedupe, call model, publish. Returns once everything was applied and published.
    ///
    /// The payloads hold STOMP frames for a subscription `sub-0` on a STOMP 1.2 connection that is
    /// already up (no `CONNECTED` is expected). For benchmarks and tests inside this package.
    /// - Throws: what ends the channel: a STOMP `ERROR`, a protocol violation, undecodable bytes
    ///   (the events read before it are applied first).
    package nonisolated func replay(_ payloads: [[UInt8]], queueLimit: Int = 1024) async throws {
        var session = STOMPClientSession()
        _ = try session.connectFrame(host: nil, acceptVersions: [.v1_1, .v1_2])
        _ = session.receive(STOMPFrame(command: .connected, headers: STOMPHeaders([(STOMPHeaders.version, "1.2")])))
        _ = try session.subscribe(destination: "/topic/wellclient.replay", id: "sub-0")
        let queue = InboundQueue(limit: queueLimit)
        let reader = ChannelReader(session: session)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var reader = reader
                do {
                    for payload in payloads {
                        reader.append(payload)
                        while try reader.next() != nil {}
                        await queue.push(reader.takeItems())
                    }
                    queue.finish(.finished, after: reader.takeItems())
                } catch {
                    queue.finish(.failed(error), after: reader.takeItems())
                }
            }
            defer { group.cancelAll() }
            try await EventChannel.deliver(from: queue, link: nil, onConnected: {}, onEvents: { items in await self.receive(items) })
        }
    }
}
