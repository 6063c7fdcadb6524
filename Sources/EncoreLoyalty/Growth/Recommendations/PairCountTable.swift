/// Counts per unordered product pair, in an open-addressing hash table keyed by a packed `UInt64`.
///
/// A pair of dense product ids `a < b` is stored as `a << 32 | b`. Slots are two flat arrays
/// (keys, counts) probed linearly from a Fibonacci hash of the key; the table doubles when it is
/// more than 70% full. `UInt64.max` marks an empty slot (no real key has every bit set, because
/// ids are below `Int32.max`). The layout depends on insertion order, the contents do not.
struct PairCountTable: Sendable {
    static let empty = UInt64.max

    private(set) var keys: [UInt64]
    private(set) var counts: [UInt32]
    /// Number of distinct pairs stored.
    private(set) var count = 0
    private var shift: UInt64

    /// An empty table with room for about `expected` pairs before it first grows.
    init(expected: Int = 1024) {
        var capacity = 16
        while capacity * 7 / 10 < expected { capacity *= 2 }
        keys = Array(repeating: PairCountTable.empty, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    /// The key of the unordered pair {a, b}; `a != b`.
    @inline(__always)
    static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high))
    }

    /// The two ids packed in `key`, smaller first.
    @inline(__always)
    static func ids(_ key: UInt64) -> (Int32, Int32) {
        (Int32(truncatingIfNeeded: key >> 32), Int32(truncatingIfNeeded: key & 0xFFFF_FFFF))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The count stored for `key`, 0 when absent.
    func value(_ key: UInt64) -> UInt32 {
        let mask = keys.count - 1
        var index = PairCountTable.slot(key, shift: shift)
        while true {
            let found = keys[index]
            if found == key { return counts[index] }
            if found == PairCountTable.empty { return 0 }
            index = (index + 1) & mask
        }
    }

    /// Adds one to each key of `batch` (keys may repeat across calls, not within a batch's meaning).
    mutating func increment(_ batch: UnsafeBufferPointer<UInt64>) {
        if (count + batch.count) * 10 > keys.count * 7 { grow(toHold: count + batch.count) }
        let shift = self.shift
        var added = 0
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                let mask = keys.count - 1
                for key in batch {
                    var index = PairCountTable.slot(key, shift: shift)
                    while true {
                        let found = keys[index]
                        if found == key {
                            counts[index] += 1
                            break
                        }
                        if found == PairCountTable.empty {
                            keys[index] = key
                            counts[index] = 1
                            added += 1
                            break
                        }
                        index = (index + 1) & mask
                    }
                }
            }
        }
        count += added
    }

    /// Calls `body` with every stored key and count, in slot order.
    func forEach(_ body: (UInt64, UInt32) -> Void) {
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeBufferPointer { counts in
                for index in 0..<keys.count where keys[index] != PairCountTable.empty {
                    body(keys[index], counts[index])
                }
            }
        }
    }

    /// Bytes held by the two slot arrays.
    var memoryBytes: Int { keys.count * (MemoryLayout<UInt64>.stride + MemoryLayout<UInt32>.stride) }

    private mutating func grow(toHold needed: Int) {
        var capacity = keys.count * 2
        while capacity * 7 / 10 < needed { capacity *= 2 }
        let oldKeys = keys
        let oldCounts = counts
        keys = Array(repeating: PairCountTable.empty, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        let shift = self.shift
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                let mask = capacity - 1
                for old in 0..<oldKeys.count where oldKeys[old] != PairCountTable.empty {
                    var index = PairCountTable.slot(oldKeys[old], shift: shift)
                    while keys[index] != PairCountTable.empty { index = (index + 1) & mask }
                    keys[index] = oldKeys[old]
                    counts[index] = oldCounts[old]
                }
            }
        }
    }
}
