/// A customer's counted orders packed in bytes, as `purchase_histories.history` keeps them on
/// SQLite (schema version 10): per order, oldest first (ties by order key), two LEB128 varints.
/// The first holds the order's instant, shifted left once with the return flag in the low bit:
/// for the first order the instant itself (zigzag, so any sign), for the others the milliseconds
/// since the order before (never negative). The second holds the amount, the total less its
/// refunds in minor units (zigzag). A typical order takes 7 or 8 bytes.
enum PurchaseHistory {
    /// Why bytes are not a history: they end inside an order, or a number is out of range.
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "a stored purchase history is malformed" }
    }

    /// Builds a history, order by order in time order.
    struct Encoder {
        private(set) var bytes: [UInt8] = []
        private var previous: Int64?

        /// Appends the next order. It must not be older than the one before, and its instant and
        /// amount must be within ±2^61 (epoch milliseconds and minor units are far inside).
        mutating func append(placedAt: Int64, amount: Int64, returned: Bool) throws {
            let time: UInt64
            if let previous {
                guard placedAt >= previous else { throw Malformed() }
                time = UInt64(placedAt - previous)
            } else {
                time = PurchaseHistory.zigzag(placedAt)
            }
            guard time < 1 << 62, amount.magnitude < 1 << 61 else { throw Malformed() }
            PurchaseHistory.varint(time << 1 | (returned ? 1 : 0), to: &bytes)
            PurchaseHistory.varint(PurchaseHistory.zigzag(amount), to: &bytes)
            previous = placedAt
        }

        /// Empties the encoder for the next customer, keeping its buffer.
        mutating func reset() {
            bytes.removeAll(keepingCapacity: true)
            previous = nil
        }
    }

    /// Calls `body` with each order of `bytes` (instant, amount, returned), oldest first.
    static func forEach(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (_ placedAt: Int64, _ amount: Int64, _ returned: Bool) -> Void
    ) throws {
        var index = 0
        var placedAt: Int64 = 0
        var first = true
        while index < bytes.count {
            let time = try varint(bytes, &index)
            let amount = try varint(bytes, &index)
            let step = time >> 1
            guard step < 1 << 62 else { throw Malformed() }
            placedAt = first ? unzigzag(step) : placedAt &+ Int64(step)
            first = false
            body(placedAt, unzigzag(amount), time & 1 == 1)
        }
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    static func varint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { throw Malformed() }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw Malformed()
    }
}
