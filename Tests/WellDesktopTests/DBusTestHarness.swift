import Synchronization
import Testing
import WellDesktop
import WellTestSupport

/// Runs `body` with a fresh private bus that is killed afterwards.
func withPrivateBus(_ body: (PrivateBus) async throws -> Void) async throws {
    let bus = try await PrivateBus.start()
    defer { bus.stop() }
    try await body(bus)
}

/// Serves `connection` while `body` runs, then stops serving.
func whileServing(_ connection: DBusConnection, _ body: () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await connection.run() }
        try await body()
        group.cancelAll()
    }
}

/// A counter and a one-shot gate, shared between a test and handlers.
final class TestGate: Sendable {
    private let state = Mutex<(opened: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    private let counter = Atomic<Int>(0)

    func open() {
        let waiters = state.withLock { current in
            current.opened = true
            defer { current.waiters.removeAll() }
            return current.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let opened = state.withLock { current in
                if current.opened { return true }
                current.waiters.append(continuation)
                return false
            }
            if opened { continuation.resume() }
        }
    }

    @discardableResult
    func increment() -> Int { counter.add(1, ordering: .relaxed).newValue }
    var count: Int { counter.load(ordering: .relaxed) }
}

/// The object the connection tests export.
enum TestService {
    static let name = "cc.wellcloud.Test"
    static let path = "/cc/wellcloud/Test"
    static let interface = "cc.wellcloud.Test1"
    static let xml = DBusIntrospection.doctype + """
        <node>
          <interface name="cc.wellcloud.Test1">
            <method name="Dial"><arg name="number" type="s" direction="in"/><arg type="s" direction="out"/></method>
          </interface>
        \(DBusIntrospection.standardInterfaces)</node>
        """
}

/// Returns the first element of `stream` satisfying `predicate`.
func first<T: Sendable>(_ stream: AsyncStream<T>, where predicate: (T) -> Bool) async -> T? {
    for await element in stream where predicate(element) { return element }
    return nil
}
