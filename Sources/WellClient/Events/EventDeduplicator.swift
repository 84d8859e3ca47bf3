/// Suppresses events whose serial equals one of the last `capacity` serials seen.
///
/// A serial lower than the previous one is not a duplicate by itself (a restarted server
/// starts again); only an exact repeat within the window is. Survives reconnects because the
/// client keeps one instance for its lifetime.
public struct EventDeduplicator: Sendable {
    /// How many recent serials are remembered.
    public let capacity: Int
    private var ring: [Int]
    private var next = 0
    private var seen: Set<Int> = []

    /// Creates a deduplicator remembering `capacity` serials (1,000 by default).
    public init(capacity: Int = 1_000) {
        self.capacity = max(1, capacity)
        self.ring = []
        self.ring.reserveCapacity(self.capacity)
        self.seen.reserveCapacity(self.capacity)
    }

    /// Records `serial`; returns `true` when it was seen within the window (drop the event).
    /// Events without a serial are never duplicates.
    public mutating func isDuplicate(_ serial: Int?) -> Bool {
        guard let serial else { return false }
        if self.seen.contains(serial) { return true }
        if self.ring.count < self.capacity {
            self.ring.append(serial)
        } else {
            self.seen.remove(self.ring[self.next])
            self.ring[self.next] = serial
            self.next = (self.next + 1) % self.capacity
        }
        self.seen.insert(serial)
        return false
    }
}
