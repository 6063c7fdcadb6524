import Foundation

/// The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your Customers
/// the Easy Way"): while alive, a customer buys at a Poisson rate drawn from Gamma(r, α); after
/// each purchase they drop out with a probability drawn from Beta(a, b).
///
/// Everything is computed in log space, so large purchase counts neither overflow nor lose
/// precision, and the conditional expectation stays right when `a + b < 1` (see
/// `ScaledHypergeometric`).
public struct BGNBD: Sendable, Hashable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    /// The model with these parameters (all must be positive).
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// The log-likelihood of one customer with `x` repeat purchases, the last at `tx`, observed
    /// for `T` (the paper's equation 6, the sum of its two terms taken in log space).
    public func logLikelihood(x: Double, tx: Double, T: Double) -> Double {
        let a1 = lgamma(r + x) - lgamma(r) + r * log(alpha)
        let a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
        let a3 = -(r + x) * log(alpha + T)
        guard x > 0 else { return a1 + a2 + a3 }
        let a4 = log(a) - log(b + x - 1) - (r + x) * log(alpha + tx)
        let high = max(a3, a4)
        return a1 + a2 + high + log(exp(a3 - high) + exp(a4 - high))
    }

    /// The log-likelihood of a whole customer base, each summary counted `weight` times, customer
    /// by customer (the fit uses `logLikelihoodAndGradient`, which shares the terms of equal
    /// frequencies; this plain sum is its check).
    public func logLikelihood(_ customers: [CustomerSummary.Counted]) -> Double {
        customers.reduce(0) { $0 + $1.weight * logLikelihood(x: $1.frequency, tx: $1.recency, T: $1.age) }
    }

    /// The log-likelihood of a base and its gradient with respect to (r, α, a, b), in one pass
    /// (`customers` sorted by frequency, as `CustomerSummary.counted` returns them).
    public func logLikelihoodAndGradient(_ customers: [CustomerSummary.Counted]) -> (value: Double, gradient: [Double]) {
        var total = 0.0
        var dr = 0.0
        var dAlpha = 0.0
        var dA = 0.0
        var dB = 0.0
        let logAlpha = log(alpha)
        let logA = log(a)
        let shared = lgamma(a + b) - lgamma(b) - lgamma(r) + r * logAlpha
        let psiAB = digamma(a + b)
        let psiR = digamma(r)
        let psiB = digamma(b)
        var lastX = -1.0
        var byX = 0.0
        var logDrop = 0.0
        var drX = 0.0
        var dAX = 0.0
        var dBX = 0.0
        var dropB = 0.0
        for c in customers {
            let x = c.frequency
            if x != lastX {
                lastX = x
                byX = shared + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x)
                logDrop = x > 0 ? logA - log(b + x - 1) : 0
                let psiABX = digamma(a + b + x)
                drX = digamma(r + x) - psiR + logAlpha
                dAX = psiAB - psiABX
                dBX = psiAB + digamma(b + x) - psiB - psiABX
                dropB = x > 0 ? 1 / (b + x - 1) : 0
            }
            let w = c.weight
            let logT = log(alpha + c.age)
            let a3 = -(r + x) * logT
            var value = byX + a3
            // Weights of the two terms of the likelihood's sum (w3 + w4 = 1).
            var w3 = 1.0
            var w4 = 0.0
            var logTx = 0.0
            if x > 0 {
                logTx = log(alpha + c.recency)
                let a4 = logDrop - (r + x) * logTx
                let high = max(a3, a4)
                let e3 = exp(a3 - high)
                let e4 = exp(a4 - high)
                value = byX + high + log(e3 + e4)
                w3 = e3 / (e3 + e4)
                w4 = e4 / (e3 + e4)
            }
            total += w * value
            dr += w * (drX - w3 * logT - w4 * logTx)
            dAlpha += w * (r / alpha - (r + x) * (w3 / (alpha + c.age) + (x > 0 ? w4 / (alpha + c.recency) : 0)))
            dA += w * (dAX + w4 / a)
            dB += w * (dBX - w4 * dropB)
        }
        return (total, [dr, dAlpha, dA, dB])
    }

    /// The probability that a customer with this history is still alive at the end of it.
    public func probabilityAlive(x: Double, tx: Double, T: Double) -> Double {
        guard x > 0 else { return 1 }
        // 1 / (1 + odds of having dropped out), computed without overflow either way.
        let logOdds = log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx))
        return logOdds > 0 ? exp(-logOdds) / (1 + exp(-logOdds)) : 1 / (1 + exp(logOdds))
    }

    /// The expected number of purchases in the next `t` (same unit as T) of a customer with this
    /// history (the paper's equation 10); nil when the series cannot be evaluated.
    public func expectedPurchases(t: Double, x: Double, tx: Double, T: Double) -> Double? {
        guard t > 0 else { return 0 }
        let z = t / (alpha + T + t)
        guard let scaled = ScaledHypergeometric.value(a: r + x, b: b + x, c: a + b + x - 1, z: z) else { return nil }
        // (a+b+x-1)/(a-1) * (1 - scaled): both factors change sign together when a < 1.
        return (a + b + x - 1) / (a - 1) * (1 - scaled) * probabilityAlive(x: x, tx: tx, T: T)
    }

    /// The expected number of purchases of a new customer in their first `t` (equation 9).
    public func expectedPurchasesOfNewCustomer(t: Double) -> Double? {
        guard t > 0 else { return 0 }
        let z = t / (alpha + t)
        guard let scaled = ScaledHypergeometric.value(a: r, b: b, c: a + b - 1, z: z) else { return nil }
        return (a + b - 1) / (a - 1) * (1 - scaled)
    }
}

extension CustomerSummary {
    /// A distinct (frequency, recency, T) with how many customers share it: the likelihood of a
    /// base is computed once per distinct history.
    public struct Counted: Sendable, Hashable {
        public var frequency: Double
        public var recency: Double
        public var age: Double
        public var weight: Double
    }

    /// The distinct histories of `customers`, each with its count.
    public static func counted(_ customers: [CustomerSummary]) -> [Counted] {
        struct Key: Hashable { var f: Double, r: Double, t: Double }
        var counts: [Key: Double] = [:]
        for c in customers { counts[Key(f: c.frequency, r: c.recency, t: c.age), default: 0] += 1 }
        return counts.map { Counted(frequency: $0.key.f, recency: $0.key.r, age: $0.key.t, weight: $0.value) }
            .sorted { ($0.frequency, $0.recency, $0.age) < ($1.frequency, $1.recency, $1.age) }
    }
}
