/// A hash table from text keys to values, filled once and then read, looked up by the key's UTF-8 bytes in place
/// (a column SQLite hands out), with no `String` made per look-up: a scan of millions of rows asks
/// it once per row, and most keys are absent. A Bloom filter of 8 bits per key (one 64-bit word
/// per look-up, small enough to stay in the processor's cache) answers most absent keys; only the
/// rest reach the table, whose slots would miss the cache on almost every look-up.
struct ByteKeyTable<Value: Sendable>: Sendable {
    /// Per slot: the key's hash in the high 32 bits, its entry + 1 in the low 32 bits; 0 when empty.
    private var slots: [UInt64]
    private var mask: Int
    private var filter: [UInt64]
    private var filterMask: Int
    private var bytes: [UInt8] = []
    /// Entry i's key is bytes[starts[i] ..< starts[i + 1]].
    private var starts: [Int] = [0]
    private var values: [Value] = []

    /// An empty table for up to `capacity` keys.
    init(capacity: Int) {
        var slotCount = 16
        while slotCount < capacity * 2 { slotCount <<= 1 }
        slots = [UInt64](repeating: 0, count: slotCount)
        mask = slotCount - 1
        var words = 1
        while words * 64 < capacity * 8 { words <<= 1 }
        filter = [UInt64](repeating: 0, count: words)
        filterMask = words - 1
        values.reserveCapacity(capacity)
    }

    init(_ entries: [String: Value]) {
        self.init(capacity: entries.count)
        for (key, value) in entries {
            var key = key
            key.withUTF8 { update($0, default: value) { _ in } }
        }
    }

    /// Changes the value of the key whose UTF-8 bytes are `key`, adding it with `initial` first
    /// when it is not there. At most `capacity` keys (the table does not grow).
    mutating func update(_ key: UnsafeBufferPointer<UInt8>, default initial: Value, _ change: (inout Value) -> Void) {
        let hash = Self.hash(key.baseAddress, key.count)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if equal(index, key.baseAddress, key.count) {
                    change(&values[index])
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        precondition(values.count * 2 < slots.count, "ByteKeyTable over its capacity")
        slots[slot] = tag | UInt64(values.count + 1)
        filter[Self.word(hash) & filterMask] |= Self.bits(hash)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        values.append(initial)
        change(&values[values.count - 1])
    }

    var isEmpty: Bool { values.isEmpty }

    /// The value of the key whose UTF-8 bytes are `count` bytes at `key`.
    func value(_ key: UnsafePointer<UInt8>?, _ count: Int) -> Value? {
        let hash = Self.hash(key, count)
        return mayHold(hash) ? value(hash: hash, key, count) : nil
    }

    /// Whether a key of this hash may be in the table (no when the filter says so: most absent keys).
    /// One load from the filter: a loop asking it for many keys keeps many loads in flight.
    func mayHold(_ hash: UInt64) -> Bool {
        let bits = Self.bits(hash)
        return filter.withUnsafeBufferPointer { $0[Self.word(hash) & filterMask] } & bits == bits
    }

    /// The value of the key of this hash whose bytes are `count` bytes at `key`.
    func value(hash: UInt64, _ key: UnsafePointer<UInt8>?, _ count: Int) -> Value? {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let index = Int(entry & 0xFFFF_FFFF) - 1
                    if equal(index, key, count) { return values[index] }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The filter's word for a hash (bits 32-55: independent of the slot and of the bits).
    private static func word(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash >> 32) & 0xFF_FFFF) }

    /// Two bits of a 64-bit word for a hash (bits 56-61 and 20-25).
    private static func bits(_ hash: UInt64) -> UInt64 { 1 << ((hash >> 56) & 63) | 1 << ((hash >> 20) & 63) }

    private func equal(_ index: Int, _ key: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        let start = starts[index]
        guard starts[index + 1] - start == count else { return false }
        guard count > 0, let key else { return true }
        return bytes.withUnsafeBufferPointer { stored in
            for offset in 0..<count where stored[start + offset] != key[offset] { return false }
            return true
        }
    }

    /// A 64-bit hash of bytes, eight at a time (not for adversarial keys: the keys are the store's own).
    static func hash(_ key: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var tail: UInt64 = 0
        if let key {
            let raw = UnsafeRawPointer(key)
            var offset = 0
            while offset + 8 <= count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                offset += 8
            }
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(key[offset]) << shift
                shift += 8
                offset += 1
            }
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
