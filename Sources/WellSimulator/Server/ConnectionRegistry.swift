import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Every TCP connection the simulator has accepted and not yet closed, so that ``CTISimulator/stop()``
/// can close the ones a graceful shutdown leaves behind.
///
/// Hummingbird's graceful shutdown asks each connection to quiesce, but with the WebSocket-upgrade
/// pipeline a connection only learns to quiesce once its first request head has arrived. A client
/// that opened a connection and has not used it yet (AsyncHTTPClient's pool does this when a
/// request it opened the connection for is served by another one) keeps it open until the client's
/// own idle timeout — 10 minutes for `HTTPClient.shared` — and the server waits for it all that time.
final class ConnectionRegistry: Sendable {
    private struct State {
        var next = 0
        var open: [Int: any Channel] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// Remembers `channel` until it closes.
    func track(_ channel: any Channel) {
        let key = self.state.withLock { state -> Int in
            state.next += 1
            state.open[state.next] = channel
            return state.next
        }
        channel.closeFuture.whenComplete { _ in
            _ = self.state.withLock { $0.open.removeValue(forKey: key) }
        }
    }

    /// How many connections are open.
    var count: Int { self.state.withLock { $0.open.count } }

    /// Closes every open connection.
    func closeAll() {
        let channels = self.state.withLock { Array($0.open.values) }
        for channel in channels { channel.close(promise: nil) }
    }
}

/// A server child channel that registers each accepted connection in a ``ConnectionRegistry``
/// and otherwise behaves exactly as `Base`.
struct TrackedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let registry: ConnectionRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        self.registry.track(channel)
        return self.base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}
