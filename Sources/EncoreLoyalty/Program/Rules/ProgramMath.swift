/// Exact proportional splitting of whole numbers. Internal.
enum ProgramMath {
    /// Splits `total` (≥ 0) over `weights` in proportion, by largest remainder: each share is the
    /// floor of its exact share, and the units left go one each to the largest remainders (ties to
    /// the earlier index). The shares sum to exactly `total`; non-positive weights get 0. When
    /// every weight is non-positive, everything is 0.
    static func largestRemainder(_ total: Int64, weights: [Int64]) -> [Int64] {
        let weightSum = weights.reduce(Int128(0)) { $0 + Int128(max(0, $1)) }
        guard total > 0, weightSum > 0 else { return weights.map { _ in 0 } }
        var shares: [Int64] = []
        var remainders: [(index: Int, remainder: Int128)] = []
        var allocated: Int64 = 0
        for (index, weight) in weights.enumerated() {
            let exact = Int128(total) * Int128(max(0, weight))
            let share = Int64(exact / weightSum)
            shares.append(share)
            allocated += share
            remainders.append((index, exact % weightSum))
        }
        let order = remainders.filter { weights[$0.index] > 0 }
            .sorted { ($0.remainder, -$0.index) > ($1.remainder, -$1.index) }
        for entry in order.prefix(Int(total - allocated)) { shares[entry.index] += 1 }
        return shares
    }

    /// floor(a * b / c) computed exactly, clamped to `Int64`; 0 when `c` is not positive.
    static func floorMulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        guard c > 0 else { return 0 }
        let product = Int128(a) * Int128(b)
        var quotient = product / Int128(c)
        if product % Int128(c) < 0 { quotient -= 1 }
        return Int64(clamping: quotient)
    }
}
