import Foundation

/// Derivative-free minimisation of a function of a few variables (Nelder & Mead 1965, with the
/// dimension-adapted coefficients of Gao & Han 2012). Used to fit the customer-lifetime models by
/// maximum likelihood: their parameters are positive, so callers optimise their logarithms.
///
/// The search stops when the simplex has shrunk below `xTolerance` in every coordinate and its
/// values differ by less than `fTolerance` relative to the best (absolute below 1), or after
/// `maximumEvaluations`.
public struct NelderMead: Sendable {
    /// What a minimisation found.
    public struct Result: Sendable, Equatable {
        /// The best point found.
        public var x: [Double]
        /// The function's value there.
        public var value: Double
        /// Function evaluations used.
        public var evaluations: Int
        /// Whether the tolerances were met (false: stopped at `maximumEvaluations`).
        public var converged: Bool
    }

    public var xTolerance: Double
    public var fTolerance: Double
    public var maximumEvaluations: Int
    /// The initial simplex's step along each axis from the starting point.
    public var initialStep: Double

    /// A minimiser with the given tolerances.
    public init(xTolerance: Double = 1e-9, fTolerance: Double = 1e-14, maximumEvaluations: Int = 20_000, initialStep: Double = 0.5) {
        self.xTolerance = xTolerance
        self.fTolerance = fTolerance
        self.maximumEvaluations = maximumEvaluations
        self.initialStep = initialStep
    }

    /// Minimises `f` from `start`. A value that is not finite (NaN, infinity) counts as worse
    /// than any finite one, so the search walks away from where the function is undefined.
    public func minimize(_ start: [Double], _ f: ([Double]) -> Double) -> Result {
        let n = start.count
        precondition(n > 0, "at least one variable")
        let dimension = Double(n)
        // The standard coefficients in one or two dimensions, Gao & Han's above.
        let reflection = 1.0
        let expansion = n > 2 ? 1.0 + 2.0 / dimension : 2.0
        let contraction = n > 2 ? 0.75 - 1.0 / (2.0 * dimension) : 0.5
        let shrink = n > 2 ? 1.0 - 1.0 / dimension : 0.5
        var evaluations = 0
        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let v = f(x)
            return v.isFinite ? v : .infinity
        }
        var points = [start]
        for i in 0..<n {
            var x = start
            x[i] += x[i] == 0 ? initialStep : initialStep * max(1, abs(x[i]))
            points.append(x)
        }
        var values = points.map(value)
        var converged = false
        while evaluations < maximumEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            var size = 0.0
            for i in 1...n { for j in 0..<n { size = max(size, abs(points[i][j] - points[0][j])) } }
            if size <= xTolerance && (spread <= fTolerance * max(1, abs(values[0])) || !spread.isFinite && values[0] == values[n]) {
                converged = true
                break
            }
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { centroid[j] += points[i][j] / dimension } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (points[n][$0] - centroid[$0]) } }
            let reflected = along(-reflection)
            let fr = value(reflected)
            if fr < values[0] {
                let expanded = along(-expansion)
                let fe = value(expanded)
                if fe < fr {
                    points[n] = expanded
                    values[n] = fe
                } else {
                    points[n] = reflected
                    values[n] = fr
                }
                continue
            }
            if fr < values[n - 1] {
                points[n] = reflected
                values[n] = fr
                continue
            }
            let outside = fr < values[n]
            let contracted = along(outside ? -contraction : contraction)
            let fc = value(contracted)
            if fc < (outside ? fr : values[n]) {
                points[n] = contracted
                values[n] = fc
                continue
            }
            for i in 1...n {
                points[i] = (0..<n).map { points[0][$0] + shrink * (points[i][$0] - points[0][$0]) }
                values[i] = value(points[i])
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return Result(x: points[best], value: values[best], evaluations: evaluations, converged: converged)
    }
}
