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

    /// Fits the model to `customers` (at least two, one with a repeat purchase): BFGS on the
    /// logarithms of the parameters with the likelihood's analytic gradient, Nelder–Mead from
    /// where it stopped should it not converge.
    public static func fit(_ customers: [CustomerSummary]) throws -> BGNBDFit {
        guard customers.count >= 2 else { throw ModelFitError("at least two customers are needed to fit the BG/NBD model") }
        guard customers.contains(where: { $0.frequency > 0 }) else {
            throw ModelFitError("no customer bought again: the BG/NBD model cannot be fitted")
        }
        let counted = CustomerSummary.counted(customers)
        let fit = PositiveMaximumLikelihood.fit(parameters: 4) { p in
            BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3]).logLikelihoodAndGradient(counted)
        }
        guard fit.logLikelihood.isFinite else { throw ModelFitError("the likelihood is not finite anywhere the optimiser looked") }
        let p = fit.parameters
        let model = BGNBD(r: p[0], alpha: p[1], a: p[2], b: p[3])
        return BGNBDFit(model: model, logLikelihood: fit.logLikelihood, customers: customers.count, evaluations: fit.evaluations)
    }
}
