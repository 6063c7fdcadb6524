/// A journey's effect measured against its holdout: the treated group's conversion rate minus the
/// holdout's, with a 95% interval, and the revenue that difference is worth.
///
/// The interval is Newcombe's hybrid score interval for a difference of proportions (his method
/// 10, built from the two Wilson intervals): it stays inside [-1, 1] and keeps its coverage for
/// the small groups and rare conversions of a young journey, where the Wald interval does not.
public struct Uplift: Sendable, Hashable {
    public var treated: Estimate
    public var holdout: Estimate
    /// Treated rate minus holdout rate (a proportion: 0.02 is two percentage points).
    public var difference: Double
    public var lower: Double
    public var upper: Double

    /// Whether the interval excludes zero: the journey changes conversion, one way or the other.
    public var isSignificant: Bool { lower > 0 || upper < 0 }

    /// The uplift of `treatedConverted` of `treatedEntered` against `holdoutConverted` of
    /// `holdoutEntered`; nil while either group is empty (nothing to compare yet).
    public static func of(treatedConverted: Int, treatedEntered: Int, holdoutConverted: Int, holdoutEntered: Int) -> Uplift? {
        guard treatedEntered > 0, holdoutEntered > 0 else { return nil }
        let t = Estimate.proportion(treatedConverted, of: treatedEntered)
        let h = Estimate.proportion(holdoutConverted, of: holdoutEntered)
        guard let p1 = t.value, let l1 = t.lower, let u1 = t.upper, let p2 = h.value, let l2 = h.lower, let u2 = h.upper else {
            return nil
        }
        let d = p1 - p2
        let lower = d - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot()
        let upper = d + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot()
        return Uplift(treated: t, holdout: h, difference: d, lower: max(-1, lower), upper: min(1, upper))
    }

    /// Plain words for the figure: "+2.1 pp (95% CI +0.4 to +3.8)" or, when the interval holds
    /// zero, the same followed by "not significant yet".
    public var summary: String {
        let text = "\(Self.points(difference)) pp (95% CI \(Self.points(lower)) to \(Self.points(upper)))"
        return isSignificant ? text : text + ", not significant yet"
    }

    static func points(_ p: Double) -> String {
        let tenths = (p * 1_000).rounded()
        let sign = tenths > 0 ? "+" : tenths < 0 ? "-" : "±"
        let magnitude = abs(tenths)
        return "\(sign)\(Int(magnitude) / 10).\(Int(magnitude) % 10)"
    }
}

/// Revenue per entrant in a group: how many entered, and the sum and sum of squares of what each
/// entrant's conversion brought (zero for those who did not convert), in minor units.
public struct GroupRevenue: Sendable, Hashable {
    public var entered: Int
    public var sum: Double
    public var sumOfSquares: Double

    public init(entered: Int, sum: Double, sumOfSquares: Double) {
        self.entered = entered
        self.sum = sum
        self.sumOfSquares = sumOfSquares
    }

    var mean: Double { entered > 0 ? sum / Double(entered) : 0 }
    /// The sample variance of the per-entrant revenue.
    var variance: Double {
        guard entered > 1 else { return 0 }
        let n = Double(entered)
        return max(0, (sumOfSquares - sum * sum / n) / (n - 1))
    }
}

/// The revenue a journey added: (treated revenue per entrant − holdout revenue per entrant) × the
/// treated entrants, with a 95% interval from the two means' standard errors (Welch, normal).
public struct IncrementalRevenue: Sendable, Hashable {
    /// Minor units.
    public var value: Double
    public var lower: Double
    public var upper: Double
    public var isSignificant: Bool { lower > 0 || upper < 0 }

    /// nil while either group is empty.
    public static func of(treated: GroupRevenue, holdout: GroupRevenue) -> IncrementalRevenue? {
        guard treated.entered > 0, holdout.entered > 0 else { return nil }
        let n = Double(treated.entered)
        let difference = treated.mean - holdout.mean
        let standardError = (treated.variance / n + holdout.variance / Double(holdout.entered)).squareRoot()
        let half = Estimate.z95 * standardError * n
        return IncrementalRevenue(value: difference * n, lower: difference * n - half, upper: difference * n + half)
    }
}
