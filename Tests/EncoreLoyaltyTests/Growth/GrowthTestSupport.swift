import EncoreCore
import Testing

/// The growth suites (recommendations, scratch cards, referrals, allied offers), grouped so
/// `swift test --filter GrowthTests` runs them all.
@Suite enum GrowthTests {
    /// The instant of an ISO 8601 text; traps on a typo in a test.
    static func instant(_ iso: String) -> Timestamp {
        guard let value = ISO8601.parse(iso) else { fatalError("bad test timestamp \(iso)") }
        return value
    }

    /// 32 deterministic pseudo-random bytes standing in for HMAC-SHA256(seed, card id).
    static func digest(seed: UInt64, card: UInt64) -> [UInt8] {
        var mixer = SplitMix64(state: seed ^ SplitMix64.mix(card))
        var bytes: [UInt8] = []
        for _ in 0..<4 {
            let word = mixer.next()
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// A digest whose first 8 bytes are `roll`, big-endian, followed by zeros.
    static func digest(roll: UInt64) -> [UInt8] {
        stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: roll >> UInt64($0)) }
            + [UInt8](repeating: 0, count: 24)
    }
}
