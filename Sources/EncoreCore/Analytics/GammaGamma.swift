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

    /// Fits the model on the customers of `summaries` with a repeat purchase and a positive average:
    /// BFGS on the logarithms of the parameters with the likelihood's analytic gradient
    /// (`GammaGammaData`: one logarithm and one division per customer an evaluation), and the
    /// simplex from where it stopped should it not converge.
    public static func fit(_ summaries: [CustomerSummary]) throws -> GammaGammaFit {
        let data = GammaGammaData(summaries)
        guard data.customers >= 2 else {
            throw ModelFitError("at least two customers with repeat purchases and a positive amount are needed to fit the Gamma-Gamma model")
        }
        let fit = PositiveMaximumLikelihood.fit(parameters: 3) { v in
            data.logLikelihoodAndGradient(GammaGamma(p: v[0], q: v[1], gamma: v[2]))
        }
        guard fit.logLikelihood.isFinite else {
            throw ModelFitError("the Gamma-Gamma likelihood is not finite anywhere the optimiser looked")
        }
        let v = fit.parameters
        return GammaGammaFit(
            model: GammaGamma(p: v[0], q: v[1], gamma: v[2]), logLikelihood: fit.logLikelihood, customers: data.customers,
            evaluations: fit.evaluations)
    }
}

/// The customers a Gamma-Gamma fit reads (a repeat purchase and a positive average), arranged for
/// the likelihood: the terms that depend only on the number of repeat purchases x are taken once
/// per distinct x (with the sum of ln m over its customers), so an evaluation costs a handful of
/// log-gamma and digamma calls per distinct x and one logarithm and one division per customer.
public struct GammaGammaData: Sendable {
    struct Group: Sendable {
        var x: Double
        var count: Double
        var sumLogMean = 0.0
    }

    var groups: [Group] = []
    /// Per customer: x and x·m.
    var x: [Double] = []
    var total: [Double] = []

    /// The customers the fit uses.
    public var customers: Int { x.count }

    /// The customers of `summaries` with frequency > 0 and monetary > 0.
    public init(_ summaries: [CustomerSummary]) {
        var index: [Double: Int] = [:]
        for s in summaries where s.frequency > 0 && s.monetary > 0 {
            let g = index[s.frequency] ?? {
                groups.append(Group(x: s.frequency, count: 0))
                index[s.frequency] = groups.count - 1
                return groups.count - 1
            }()
            groups[g].count += 1
            groups[g].sumLogMean += log(s.monetary)
            x.append(s.frequency)
            total.append(s.frequency * s.monetary)
        }
    }

    /// The log-likelihood of the customers under `model` and its gradient in (p, q, γ): the sum of
    /// `GammaGamma.logLikelihood` over them, and its partial derivatives
    /// ∂/∂p = Σ x[ψ(px+q) − ψ(px) + ln m + ln x − ln(xm+γ)], ∂/∂q = Σ [ψ(px+q) − ψ(q) + ln γ − ln(xm+γ)],
    /// ∂/∂γ = Σ [q/γ − (px+q)/(xm+γ)].
    public func logLikelihoodAndGradient(_ model: GammaGamma) -> (value: Double, gradient: [Double]) {
        let (p, q, gamma) = (model.p, model.q, model.gamma)
        var sumLog = 0.0
        var sumXLog = 0.0
        var sumInverse = 0.0
        var sumXInverse = 0.0
        for i in x.indices {
            let shifted = total[i] + gamma
            let l = log(shifted)
            let inverse = 1 / shifted
            sumLog += l
            sumXLog += x[i] * l
            sumInverse += inverse
            sumXInverse += x[i] * inverse
        }
        let logGamma = log(gamma)
        let psiQ = digamma(q)
        let lgammaQ: Double = Foundation.lgamma(q)
        var value = -(p * sumXLog + q * sumLog)
        var dp = -sumXLog
        var dq = -sumLog
        for g in groups {
            let px = p * g.x
            let psiSum: Double = digamma(px + q)
            let logX: Double = log(g.x)
            let ratio: Double = Foundation.lgamma(px + q) - Foundation.lgamma(px) - lgammaQ
            let perCustomer: Double = ratio + q * logGamma + px * logX
            value += g.count * perCustomer + (px - 1) * g.sumLogMean
            let dpCustomer: Double = psiSum - digamma(px) + logX
            dp += g.count * g.x * dpCustomer + g.x * g.sumLogMean
            dq += g.count * (psiSum - psiQ + logGamma)
        }
        let dGamma = Double(x.count) * q / gamma - (p * sumXInverse + q * sumInverse)
        return (value, [dp, dq, dGamma])
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
