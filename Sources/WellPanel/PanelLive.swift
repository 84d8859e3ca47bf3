import Synchronization

/// The open live connections and what each still has to send: every state change is one JSON
/// text, sent to each connection in order; a connection that falls behind keeps only the
/// newest (each text is the whole state, so nothing is lost by skipping an older one).
final class PanelLive: Sendable {
    private struct State {
        var next = 0
        var sinks: [Int: AsyncStream<String>.Continuation] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// A new connection's id and stream (finished at once when the server is stopping).
    func register() -> (Int, AsyncStream<String>) {
        let (stream, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.sinks[state.next] = sink
            return state.next
        }
        guard let id else {
            sink.finish()
            return (0, stream)
        }
        return (id, stream)
    }

    /// Ends a connection's stream.
    func unregister(_ id: Int) {
        state.withLock { $0.sinks.removeValue(forKey: id) }?.finish()
    }

    /// Queues `text` on every connection.
    func broadcast(_ text: String) {
        for sink in state.withLock({ Array($0.sinks.values) }) { sink.yield(text) }
    }

    /// How many connections are open.
    var count: Int { state.withLock { $0.sinks.count } }

    /// Ends every stream and refuses new ones.
    func closeAll() {
        let sinks = state.withLock { state in
            state.closed = true
            defer { state.sinks = [:] }
            return Array(state.sinks.values)
        }
        for sink in sinks { sink.finish() }
    }
}
