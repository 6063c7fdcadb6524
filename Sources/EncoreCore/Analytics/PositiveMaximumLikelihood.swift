import Foundation

/// Maximum likelihood over positive parameters, as the lifetime models are fitted: the negative
/// log-likelihood on the logarithms of the parameters (f(θ) = −ln L(e^θ), ∂f/∂θ = −e^θ ∂ln L/∂p),
/// minimised by BFGS with the analytic gradient from θ = 0, then by Nelder–Mead from where BFGS
/// stopped should it not converge (a rough surface).
enum PositiveMaximumLikelihood {
    /// The positive parameters maximising `logLikelihood` (which returns the log-likelihood and its
    /// gradient in the parameters), the log-likelihood there (not finite when nowhere the
    /// optimisers looked was), and the evaluations used.
    static func fit(
        parameters count: Int, _ logLikelihood: ([Double]) -> (value: Double, gradient: [Double])
    ) -> (parameters: [Double], logLikelihood: Double, evaluations: Int) {
        func negative(_ t: [Double]) -> (value: Double, gradient: [Double]) {
            let p = t.map(exp)
            let (value, gradient) = logLikelihood(p)
            return (-value, (0..<count).map { -p[$0] * gradient[$0] })
        }
        let quasiNewton = BFGS().minimize([Double](repeating: 0, count: count), negative)
        var result = (x: quasiNewton.x, value: quasiNewton.value)
        var evaluations = quasiNewton.evaluations
        if !quasiNewton.converged {
            let simplex = NelderMead().minimize(quasiNewton.x) { negative($0).value }
            evaluations += simplex.evaluations
            if simplex.value < result.value { result = (simplex.x, simplex.value) }
        }
        return (result.x.map(exp), -result.value, evaluations)
    }
}
