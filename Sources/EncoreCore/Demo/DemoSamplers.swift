/// Samplers of the distributions the demo draws from, all built on `DemoRandom.next()` and
/// `DemoMath`, so they give the same numbers on every platform.
extension DemoRandom {
    /// A uniform double in [0, 1), from the top 53 bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-shift; the bias is below 2^-40
    /// for the small bounds used here, and the result does not depend on the platform).
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// Exponential with the given rate (mean 1 / rate).
    public mutating func exponential(rate: Double) -> Double {
        -DemoMath.log(1 - uniform()) / rate
    }

    /// Standard normal, by Marsaglia's polar method (no trigonometry).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * DemoMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Log-normal: e^(mu + sigma Z) with Z standard normal; the median is e^mu.
    public mutating func logNormal(mu: Double, sigma: Double) -> Double {
        DemoMath.exp(mu + sigma * normal())
    }

    /// Gamma with the given shape and rate (mean shape / rate), by Marsaglia and Tsang (2000).
    /// Shapes below 1 use the boost Gamma(k) = Gamma(k + 1) U^(1/k).
    public mutating func gamma(shape: Double, rate: Double) -> Double {
        precondition(shape > 0 && rate > 0)
        if shape < 1 {
            let boosted = gamma(shape: shape + 1, rate: rate)
            return boosted * DemoMath.pow(1 - uniform(), 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * (x * x) * (x * x) { return d * v / rate }
            if DemoMath.log(u) < 0.5 * x * x + d * (1 - v + DemoMath.log(v)) { return d * v / rate }
        }
    }

    /// Beta(a, b), as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, rate: 1)
        let y = gamma(shape: b, rate: 1)
        let sum = x + y
        return sum > 0 ? x / sum : 0.5
    }

    /// Poisson with the given mean, by Knuth's product of uniforms (fine for small means).
    public mutating func poisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        let limit = DemoMath.exp(-mean)
        var count = 0
        var product = uniform()
        while product > limit {
            count += 1
            product *= uniform()
        }
        return count
    }

    /// Number of failures before the first success of a Bernoulli(p) sequence (0, 1, 2, ...).
    public mutating func geometric(p: Double) -> Int {
        if p >= 1 { return 0 }
        return Int(DemoMath.log(1 - uniform()) / DemoMath.log(1 - p))
    }

    /// An index drawn from `table`'s weights.
    mutating func pick(_ table: DemoWeights) -> Int {
        table.index(at: uniform() * table.total)
    }
}

/// A discrete distribution over indices 0..<n, by cumulative weights.
struct DemoWeights: Sendable {
    private let cumulative: [Double]
    var total: Double { cumulative.last ?? 0 }
    var count: Int { cumulative.count }

    init(_ weights: [Double]) {
        var sum = 0.0
        cumulative = weights.map {
            sum += max(0, $0)
            return sum
        }
    }

    /// The index whose cumulative interval contains `value` (0 <= value < total).
    func index(at value: Double) -> Int {
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > value { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
