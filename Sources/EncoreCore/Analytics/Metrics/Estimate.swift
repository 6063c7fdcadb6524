import Foundation

/// A figure with the size of the sample it comes from and, for a proportion or a mean, its 95%
/// interval. `value` is nil when the sample is empty (nothing to say), never a made-up zero.
public struct Estimate: Sendable, Hashable {
    public var value: Double?
    /// How many observations the figure is computed from (customers, orders, answers, ...).
    public var sampleSize: Int
    /// The 95% interval, when one makes sense and the sample allows it.
    public var lower: Double?
    public var upper: Double?

    public init(value: Double?, sampleSize: Int, lower: Double? = nil, upper: Double? = nil) {
        self.value = value
        self.sampleSize = sampleSize
        self.lower = lower
        self.upper = upper
    }

    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// The share of `successes` among `trials`, with the Wilson score interval (good near 0 and 1
    /// and for small samples, where the normal approximation is not).
    public static func proportion(_ successes: Int, of trials: Int) -> Estimate {
        guard trials > 0 else { return Estimate(value: nil, sampleSize: 0) }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z95 * z95
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z95 * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / (1 + z2 / n)
        return Estimate(value: p, sampleSize: trials, lower: max(0, centre - half), upper: min(1, centre + half))
    }

    /// The mean of `values` with a normal-approximation interval (mean ± 1.96 s/√n; no interval
    /// for fewer than two values).
    public static func mean(_ values: [Double]) -> Estimate {
        guard !values.isEmpty else { return Estimate(value: nil, sampleSize: 0) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return Estimate(value: mean, sampleSize: 1) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = z95 * (variance / n).squareRoot()
        return Estimate(value: mean, sampleSize: values.count, lower: mean - half, upper: mean + half)
    }

    /// A ratio of totals (e.g. revenue per order) with no interval.
    public static func ratio(_ numerator: Double, _ denominator: Int) -> Estimate {
        guard denominator > 0 else { return Estimate(value: nil, sampleSize: 0) }
        return Estimate(value: numerator / Double(denominator), sampleSize: denominator)
    }

    /// The median of `values` (no interval).
    public static func median(_ values: [Double]) -> Estimate {
        guard !values.isEmpty else { return Estimate(value: nil, sampleSize: 0) }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        let value = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        return Estimate(value: value, sampleSize: values.count)
    }
}
