/// A deterministic 128-bit FNV-1a style hasher (two independent 64-bit lanes).
///
/// Swift's `Hasher` is seeded per process, so it cannot fingerprint stored content;
/// this one gives the same digest on every run and machine. Not cryptographic.
public struct StableHasher {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    public mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0xff)
    }

    public mutating func combine(_ value: Int64) {
        var v = UInt64(bitPattern: value)
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    private mutating func mix(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = (b ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        b = b ^ (b >> 29)
    }

    /// The first 64 bits of the digest, e.g. for advisory lock keys.
    public var value64: UInt64 { a ^ (b &* 0x9E37_79B9_7F4A_7C15) }

    /// 32 lowercase hex digits.
    public var hexDigest: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for (offset, lane) in [(0, a), (16, b)] {
                for nibble in 0..<16 {
                    buffer[offset + nibble] = digits[Int((lane >> UInt64(60 - 4 * nibble)) & 0xf)]
                }
            }
            return 32
        }
    }
}
