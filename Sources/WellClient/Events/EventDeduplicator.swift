/// Suppresses events whose serial equals one of the last `capacity` serials seen.
///
/// A serial lower than the previous one is not a duplicate by itself (a restarted server
/// starts again); only an exact repeat within the window is. Survives reconnects because the
/// client keeps one instance for its lifetime.
public struct EventDeduplicator: Sendable {
    /// How many recent serials are remembered.
    public let capacity: Int
    /// The remembered serials, oldest overwritten first once full.
    private var ring: [Int]
    private var next = 0
    /// Open-addressing index over `ring` (linear probing): each slot holds a ring position + 1,
    /// or 0 when empty. At least twice as many slots as serials, so probes stay short.
    private var slots: [Int]
    private let mask: Int

    /// Creates a deduplicator remembering `capacity` serials (1,000 by default).
    public init(capacity: Int = 1_000) {
        self.capacity = max(1, capacity)
        self.ring = []
        self.ring.reserveCapacity(self.capacity)
        var size = 8
        while size < self.capacity * 2 { size <<= 1 }
        self.slots = [Int](repeating: 0, count: size)
        self.mask = size - 1
    }

    /// Records `serial`; returns `true` when it was seen within the window (drop the event).
    /// Events without a serial are never duplicates.
    public mutating func isDuplicate(_ serial: Int?) -> Bool {
        guard let serial else { return false }
        if self.slot(of: serial) != nil { return true }
        let position: Int
        if self.ring.count < self.capacity {
            self.ring.append(serial)
            position = self.ring.count - 1
        } else {
            position = self.next
            self.removeSlot(of: position)
            self.ring[position] = serial
            self.next = (self.next + 1) % self.capacity
        }
        var slot = self.home(serial)
        while self.slots[slot] != 0 { slot = (slot + 1) & self.mask }
        self.slots[slot] = position + 1
        return false
    }

    /// Where `serial` starts probing (Fibonacci hashing: consecutive serials spread out).
    private func home(_ serial: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(serial)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & self.mask
    }

    /// The slot holding `serial`, if remembered.
    private func slot(of serial: Int) -> Int? {
        var slot = self.home(serial)
        while self.slots[slot] != 0 {
            if self.ring[self.slots[slot] - 1] == serial { return slot }
            slot = (slot + 1) & self.mask
        }
        return nil
    }

    /// Empties the slot of ring position `position`, shifting later entries of its probe run back
    /// so that every remembered serial stays reachable from its home slot.
    private mutating func removeSlot(of position: Int) {
        var hole = self.home(self.ring[position])
        while self.slots[hole] != position + 1 { hole = (hole + 1) & self.mask }
        var probe = (hole + 1) & self.mask
        while self.slots[probe] != 0 {
            let home = self.home(self.ring[self.slots[probe] - 1])
            // The entry may move into the hole when the hole lies between its home and where it sits.
            if (probe - home) & self.mask >= (probe - hole) & self.mask {
                self.slots[hole] = self.slots[probe]
                hole = probe
            }
            probe = (probe + 1) & self.mask
        }
        self.slots[hole] = 0
    }
}
