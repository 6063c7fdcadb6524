import Foundation

/// The Gamma-Gamma model of monetary value (Fader & Hardie 2013): a customer's purchase amounts
/// are Gamma(p, ν) around their own mean, with ν drawn from Gamma(q, γ) across customers. It
/// assumes spend is independent of purchase frequency; it is fitted on customers with at least one
/// repeat purchase, from the average amount of those purchases.
public struct GammaGamma: Sendable, Hashable {
    public var p: Double
    public var q: Double
    public var gamma: Double

    /// The model with these parameters (all must be positive).
    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// The log-likelihood of a customer's average `mean` over `x` repeat purchases (x ≥ 1, mean > 0).
    public func logLikelihood(x: Double, mean: Double) -> Double {
        let px = p * x
        return lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1) * log(mean) + px * log(x)
            - (px + q) * log(x * mean + gamma)
    }

    /// The expected average amount of a customer's future purchases given `x` repeat purchases
    /// averaging `mean` (the population's mean for x = 0); nil when the model has no finite mean
    /// (q ≤ 1).
    public func expectedAverage(x: Double, mean: Double) -> Double? {
        guard q > 1 || (x > 0 && p * x + q > 1) else { return nil }
        guard x > 0 else { return p * gamma / (q - 1) }
        return p * (gamma + x * mean) / (p * x + q - 1)
    }
}

/// A Gamma-Gamma model fitted by maximum likelihood.
public struct GammaGammaFit: Sendable {
    public var model: GammaGamma
    public var logLikelihood: Double
    /// The customers with repeat purchases and a positive average the fit used.
    public var customers: Int
    public var evaluations: Int

    /// Fits the model on the customers of `summaries` with a repeat purchase and a positive average.
    public static func fit(_ summaries: [CustomerSummary]) throws -> GammaGammaFit {
        let used = summaries.filter { $0.frequency > 0 && $0.monetary > 0 }
        guard used.count >= 2 else {
            throw ModelFitError("at least two customers with repeat purchases and a positive amount are needed to fit the Gamma-Gamma model")
        }
        let data = used.map { ($0.frequency, $0.monetary) }
        func negative(_ v: [Double]) -> Double {
            let model = GammaGamma(p: exp(v[0]), q: exp(v[1]), gamma: exp(v[2]))
            var total = 0.0
            for (x, mean) in data { total += model.logLikelihood(x: x, mean: mean) }
            return -total
        }
        let optimizer = NelderMead()
        var result = optimizer.minimize([0, 0, 0], negative)
        var evaluations = result.evaluations
        for _ in 0..<10 {
            let again = optimizer.minimize(result.x, negative)
            evaluations += again.evaluations
            let improved = again.value < result.value - 1e-9 * max(1, abs(result.value))
            if again.value < result.value { result = again }
            if !improved { break }
        }
        guard result.value.isFinite else { throw ModelFitError("the Gamma-Gamma likelihood is not finite anywhere the optimiser looked") }
        return GammaGammaFit(
            model: GammaGamma(p: exp(result.x[0]), q: exp(result.x[1]), gamma: exp(result.x[2])), logLikelihood: -result.value,
            customers: used.count, evaluations: evaluations)
    }
}

/// Customer lifetime value from a BG/NBD model of purchases and a Gamma-Gamma model of spend.
public struct LifetimeValue: Sendable {
    public var purchases: BGNBD
    public var spend: GammaGamma

    /// Weeks in a month, as the `lifetimes` library counts them (its "W" frequency).
    public static let weeksPerMonth = 4.345

    public init(purchases: BGNBD, spend: GammaGamma) {
        self.purchases = purchases
        self.spend = spend
    }

    /// The discounted value of the customer's next `months` months: for each month, the purchases
    /// expected in it times the expected average spend, discounted at `monthlyDiscount` per
    /// month (0.01 is 1%). Nil when a prediction cannot be made.
    public func value(_ customer: CustomerSummary, months: Int, monthlyDiscount: Double) -> Double? {
        guard months >= 0, monthlyDiscount > -1 else { return nil }
        guard let spend = spend.expectedAverage(x: customer.frequency, mean: customer.monetary) else { return nil }
        var total = 0.0
        var previous = 0.0
        for month in stride(from: 1, through: months, by: 1) {
            let t = Double(month) * Self.weeksPerMonth
            guard let cumulative = purchases.expectedPurchases(t: t, x: customer.frequency, tx: customer.recency, T: customer.age)
            else { return nil }
            total += spend * (cumulative - previous) / pow(1 + monthlyDiscount, Double(month))
            previous = cumulative
        }
        return total
    }
}
