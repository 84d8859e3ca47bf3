/// Finds the documented top-level member (``EventField``) named by raw key bytes with one hash
/// and one byte comparison: an open-addressing table over the ~50 documented names, built once.
///
/// The body decoder looks up every member name of every event; a hash of the first and last
/// four bytes and the length nearly always lands on the right slot at the first probe.
final class EventFieldIndex: Sendable {
    /// The table for ``EventField/table``.
    static let shared = EventFieldIndex(EventField.table)

    /// Slot → entry number + 1 (0 = empty). Its size is a power of two, at least four times the names.
    private let slots: [UInt16]
    /// Every name's bytes back to back; entry `n` is `names[starts[n]..<starts[n + 1]]`.
    private let names: [UInt8]
    private let starts: [Int]
    private let fields: [EventField]
    private let mask: Int
    /// Lengths outside `shortest...longest` name no documented member.
    private let shortest: Int
    private let longest: Int

    init(_ table: [String: EventField]) {
        let entries = table.sorted { $0.key < $1.key }
        var size = 64
        while size < entries.count * 4 { size <<= 1 }
        var slots = [UInt16](repeating: 0, count: size)
        var names: [UInt8] = []
        var starts: [Int] = [0]
        for (number, entry) in entries.enumerated() {
            let name = Array(entry.key.utf8)
            names += name
            starts.append(names.count)
            var slot = name.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt16(number + 1)
        }
        self.slots = slots
        self.names = names
        self.starts = starts
        self.fields = entries.map(\.value)
        self.mask = size - 1
        self.shortest = entries.map(\.key.utf8.count).min() ?? 0
        self.longest = entries.map(\.key.utf8.count).max() ?? 0
    }

    /// The field named exactly by `bytes` (unescaped), if documented.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> EventField? {
        guard bytes.count >= self.shortest, bytes.count <= self.longest else { return nil }
        var slot = Self.hash(bytes) & self.mask
        while true {
            let number = Int(self.slots[slot])
            if number == 0 { return nil }
            let start = self.starts[number - 1]
            if self.starts[number] - start == bytes.count,
                self.names.withUnsafeBufferPointer({ Self.same(UnsafeBufferPointer(rebasing: $0[start..<start + bytes.count]), bytes) })
            {
                return self.fields[number - 1]
            }
            slot = (slot + 1) & self.mask
        }
    }

    /// Mixes the length and the first and last four bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if bytes.count >= 4, let base = bytes.baseAddress.map(UnsafeRawPointer.init) {
            head = UInt64(base.loadUnaligned(as: UInt32.self))
            tail = UInt64(base.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
        } else {
            for byte in bytes { head = head << 8 | UInt64(byte) }
        }
        let mixed = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(bytes.count)
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 29)) >> 7)
    }

    /// Equal bytes (equal counts): eight bytes at a time, the last word overlapping.
    private static func same(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = lhs.count
        guard count >= 8, let left = lhs.baseAddress.map(UnsafeRawPointer.init), let right = rhs.baseAddress.map(UnsafeRawPointer.init) else {
            for index in 0..<count where lhs[index] != rhs[index] { return false }
            return true
        }
        var offset = 0
        while offset + 8 < count {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        return left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
}
