/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator used to expand one 64-bit seed
/// into the state of `DemoRandom`, and to derive independent streams from (seed, stream).
public struct SplitMix64: Sendable {
    /// The current state; the next output is a function of it alone.
    public private(set) var state: UInt64

    /// A generator starting from `state` (any value, zero included).
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// SplitMix64's finaliser: a bijective, well-avalanching mix of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna, 2018): the demo's seeded pseudo-random generator.
///
/// Fast, 256 bits of state, and the same sequence on every platform and Swift version, unlike
/// `SystemRandomNumberGenerator` or the standard library's `random(in:using:)` algorithms, which
/// are free to change. The samplers in `DemoSamplers.swift` build on `next()` only.
public struct DemoRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is expanded from `seed` by SplitMix64.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    /// A generator with the given raw state (for reference test vectors); not all zero.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// An independent stream for `stream` (e.g. a customer's number) under `seed`: changing
    /// either gives an unrelated sequence, so one customer's history does not depend on another's.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x6A09_E667_F3BC_C909)))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
