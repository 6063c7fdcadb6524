/// The odds of one outcome, exactly: `weight` in `totalWeight`, with the texts a card prints.
public struct ScratchPrizeOdds: Hashable, Sendable {
    /// The prize's key ("" for the any-prize line).
    public var key: String
    /// The prize's label.
    public var label: String
    /// The outcome's weight.
    public var weight: UInt64
    /// The campaign's total weight.
    public var totalWeight: UInt64

    /// Odds of `weight` in `totalWeight` (weight <= total, total > 0).
    public init(key: String, label: String, weight: UInt64, totalWeight: UInt64) {
        self.key = key
        self.label = label
        self.weight = weight
        self.totalWeight = totalWeight
    }

    /// The probability as a fraction in lowest terms: (numerator, denominator).
    public var fraction: (numerator: UInt64, denominator: UInt64) {
        var (a, b) = (weight, totalWeight)
        while b != 0 { (a, b) = (b, a % b) }
        let divisor = max(a, 1)
        return (weight / divisor, totalWeight / divisor)
    }

    /// "1 in X" with X = total / weight rounded half-up to 2 decimals, trailing zeros dropped:
    /// "1 in 4", "1 in 3.33"; "never" for a zero weight.
    public var oneIn: String {
        guard weight > 0 else { return "never" }
        return "1 in " + ScratchOddsText.decimal(numerator: UInt128(totalWeight) * 100, denominator: UInt128(weight))
    }

    /// The percentage rounded half-up to 2 decimals: "25%", "33.33%"; a chance too small or too
    /// close to certain to show reads "<0.01%" or ">99.99%".
    public var percentage: String {
        let hundredths = ScratchOddsText.rounded(UInt128(weight) * 10_000, UInt128(totalWeight))
        if weight > 0 && hundredths == 0 { return "<0.01%" }
        if weight < totalWeight && hundredths == 10_000 { return ">99.99%" }
        return ScratchOddsText.decimal(numerator: UInt128(weight) * 10_000, denominator: UInt128(totalWeight)) + "%"
    }

    /// "Label: 1 in X (P%)".
    public var line: String { "\(label): \(oneIn) (\(percentage))" }
}
