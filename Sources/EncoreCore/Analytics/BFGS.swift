import Foundation

/// Quasi-Newton minimisation (Broyden–Fletcher–Goldfarb–Shanno) of a smooth function whose
/// gradient is known, with a backtracking line search (Armijo). Used for the BG/NBD fit, whose
/// likelihood and gradient come from one pass over the customers.
///
/// Stops when the gradient's largest component is below `gradientTolerance` times
/// max(1, |f|), when a step no longer changes `f` beyond `fTolerance` relative, or after
/// `maximumIterations`.
public struct BFGS: Sendable {
    /// What a minimisation found.
    public struct Result: Sendable, Equatable {
        public var x: [Double]
        public var value: Double
        /// Function-and-gradient evaluations used.
        public var evaluations: Int
        public var iterations: Int
        public var converged: Bool
    }

    public var gradientTolerance: Double
    public var fTolerance: Double
    public var maximumIterations: Int
    /// The largest change of any coordinate in one step (a trust bound: far from the optimum the
    /// first quasi-Newton steps can be huge, and where a likelihood underflows its value is noise).
    public var maximumStep: Double

    /// A minimiser with the given tolerances.
    public init(gradientTolerance: Double = 1e-9, fTolerance: Double = 1e-15, maximumIterations: Int = 500, maximumStep: Double = 1) {
        self.gradientTolerance = gradientTolerance
        self.fTolerance = fTolerance
        self.maximumIterations = maximumIterations
        self.maximumStep = maximumStep
    }

    /// Minimises `f` (returning the value and the gradient) from `start`. A value that is not
    /// finite makes the line search step back.
    public func minimize(_ start: [Double], _ f: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        let n = start.count
        var x = start
        var (value, gradient) = f(x)
        var evaluations = 1
        // The inverse Hessian's estimate, row-major.
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n { h[i * n + i] = 1 }
        var iterations = 0
        var converged = false
        guard value.isFinite else { return Result(x: x, value: value, evaluations: 1, iterations: 0, converged: false) }
        while iterations < maximumIterations {
            if gradient.map(abs).max()! <= gradientTolerance * max(1, abs(value)) {
                converged = true
                break
            }
            iterations += 1
            var direction = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { direction[i] -= h[i * n + j] * gradient[j] } }
            var slope = zip(direction, gradient).reduce(0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {
                // Not a descent direction: start again from steepest descent.
                for i in 0..<n { for j in 0..<n { h[i * n + j] = i == j ? 1 : 0 } }
                direction = gradient.map { -$0 }
                slope = -gradient.reduce(0) { $0 + $1 * $1 }
            }
            var step = min(1.0, maximumStep / max(direction.map(abs).max() ?? 1, 1e-300))
            var next = x
            var nextValue = Double.infinity
            var nextGradient = gradient
            var accepted = false
            for _ in 0..<60 {
                next = (0..<n).map { x[$0] + step * direction[$0] }
                (nextValue, nextGradient) = f(next)
                evaluations += 1
                if nextValue.isFinite, nextValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }
            let s = (0..<n).map { next[$0] - x[$0] }
            let y = (0..<n).map { nextGradient[$0] - gradient[$0] }
            let change = abs(value - nextValue)
            x = next
            gradient = nextGradient
            let previous = value
            value = nextValue
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-300 {
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                let rho = 1 / sy
                var hy = [Double](repeating: 0, count: n)
                for i in 0..<n { for j in 0..<n { hy[i] += h[i * n + j] * y[j] } }
                let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n {
                    for j in 0..<n {
                        h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                    }
                }
            }
            if change <= fTolerance * max(1, abs(previous)) && gradient.map(abs).max()! <= 1e-5 * max(1, abs(value)) {
                converged = true
                break
            }
        }
        return Result(x: x, value: value, evaluations: evaluations, iterations: iterations, converged: converged)
    }
}

/// The digamma function ψ(x) = d/dx ln Γ(x), for x > 0: recurrence up to 10, then the asymptotic series.
public func digamma(_ value: Double) -> Double {
    var x = value
    var result = 0.0
    while x < 10 {
        result -= 1 / x
        x += 1
    }
    let f = 1 / (x * x)
    let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
    return result + log(x) - 0.5 / x - series
}
