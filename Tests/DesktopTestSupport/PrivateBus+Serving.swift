import Synchronization
import WellDBus
import WellDBus

/// Runs `body` with a fresh private bus that is killed afterwards.
public func withPrivateBus(_ body: (PrivateBus) async throws -> Void) async throws {
    let bus = try await PrivateBus.start()
    defer { bus.stop() }
    try await body(bus)
}

/// Serves `connection` while `body` runs, then stops serving.
public func whileServing(_ connection: DBusConnection, _ body: () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await connection.run() }
        try await body()
        group.cancelAll()
    }
}

/// A counter and a one-shot gate, shared between a test and handlers.
public final class TestGate: Sendable {
    /// A closed gate with a zero count.
    public init() {}
    private let state = Mutex<(opened: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    private let counter = Atomic<Int>(0)

    public func open() {
        let waiters = state.withLock { current in
            current.opened = true
            defer { current.waiters.removeAll() }
            return current.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    public func wait() async {
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
    public func increment() -> Int { counter.add(1, ordering: .relaxed).newValue }
    /// How often ``increment()`` was called.
    public var count: Int { counter.load(ordering: .relaxed) }
}

/// Returns the first element of `stream` satisfying `predicate`.
public func first<T: Sendable>(_ stream: AsyncStream<T>, where predicate: (T) -> Bool) async -> T? {
    for await element in stream where predicate(element) { return element }
    return nil
}
