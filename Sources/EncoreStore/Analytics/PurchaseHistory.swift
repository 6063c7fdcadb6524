/// A customer's counted orders packed in bytes, as `purchase_histories.history` keeps them on
/// SQLite (schema version 10): per order, oldest first (ties by order key), two LEB128 varints
/// and a byte. The first varint holds the order's instant: for the first order the instant
/// itself (zigzag, so any sign), for the others the milliseconds since the order before (never
/// negative). The second holds the amount, the total less its refunds in minor units (zigzag).
/// The byte is 1 when a return of the order stands, else 0. Every `Int64` instant and amount
/// fits; a later order a day or more after the one before takes about 7 bytes, a first one 10.
enum PurchaseHistory {
    /// Why bytes are not a history: they end inside an order, a number overflows, a flag is not
    /// 0 or 1, or the instants go backwards.
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "a stored purchase history is malformed" }
    }

    /// Builds a history, order by order in time order.
    struct Encoder {
        private(set) var bytes: [UInt8] = []
        private var previous: Int64?

        /// Appends the next order, which must not be older than the one before.
        mutating func append(placedAt: Int64, amount: Int64, returned: Bool) throws {
            if let previous {
                guard placedAt >= previous else { throw Malformed() }
                // The true difference is below 2^64, so the wrapped one is exact as a UInt64.
                PurchaseHistory.varint(UInt64(bitPattern: placedAt &- previous), to: &bytes)
            } else {
                PurchaseHistory.varint(PurchaseHistory.zigzag(placedAt), to: &bytes)
            }
            PurchaseHistory.varint(PurchaseHistory.zigzag(amount), to: &bytes)
            bytes.append(returned ? 1 : 0)
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
            guard index < bytes.count, bytes[index] <= 1 else { throw Malformed() }
            let returned = bytes[index] == 1
            index += 1
            if first {
                placedAt = unzigzag(time)
                first = false
            } else {
                let next = placedAt &+ Int64(bitPattern: time)
                // A step past Int64.max wraps below the instant before it.
                guard next >= placedAt else { throw Malformed() }
                placedAt = next
            }
            body(placedAt, unzigzag(amount), returned)
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

    /// Reads a varint of at most 10 bytes whose value fits 64 bits.
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            // The tenth byte holds the 64th bit only.
            guard shift < 63 || byte <= 1 else { throw Malformed() }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw Malformed()
    }
}
