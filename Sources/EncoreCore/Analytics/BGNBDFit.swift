import Foundation

/// Why a customer-lifetime model could not be fitted.
public struct ModelFitError: Error, CustomStringConvertible, Equatable {
    public var description: String

    /// An error saying why.
    public init(_ description: String) { self.description = description }
}

/// A BG/NBD model fitted by maximum likelihood, with what the fit saw.
public struct BGNBDFit: Sendable {
    public var model: BGNBD
    /// The log-likelihood of the customers at the fitted parameters.
    public var logLikelihood: Double
    public var customers: Int
    /// Likelihood evaluations the optimiser used.
    public var evaluations: Int

    /// Fits the model to `customers` (at least two, one with a repeat purchase): Nelder–Mead on
    /// the logarithms of the parameters, restarted from its own answer until a restart no longer
    /// improves the likelihood (a simplex can stall short of the optimum).
    public static func fit(_ customers: [CustomerSummary]) throws -> BGNBDFit {
        guard customers.count >= 2 else { throw ModelFitError("at least two customers are needed to fit the BG/NBD model") }
        guard customers.contains(where: { $0.frequency > 0 }) else {
            throw ModelFitError("no customer bought again: the BG/NBD model cannot be fitted")
        }
        let counted = CustomerSummary.counted(customers)
        func negative(_ p: [Double]) -> Double {
            -BGNBD(r: exp(p[0]), alpha: exp(p[1]), a: exp(p[2]), b: exp(p[3])).logLikelihood(counted)
        }
        let optimizer = NelderMead()
        var result = optimizer.minimize([0, 0, 0, 0], negative)
        var evaluations = result.evaluations
        for _ in 0..<10 {
            let again = optimizer.minimize(result.x, negative)
            evaluations += again.evaluations
            let improved = again.value < result.value - 1e-9 * max(1, abs(result.value))
            if again.value < result.value { result = again }
            if !improved { break }
        }
        guard result.value.isFinite else { throw ModelFitError("the likelihood is not finite anywhere the optimiser looked") }
        let model = BGNBD(r: exp(result.x[0]), alpha: exp(result.x[1]), a: exp(result.x[2]), b: exp(result.x[3]))
        return BGNBDFit(model: model, logLikelihood: -result.value, customers: customers.count, evaluations: evaluations)
    }
}
