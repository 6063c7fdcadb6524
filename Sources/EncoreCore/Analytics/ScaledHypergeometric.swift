import Foundation

/// The Gauss hypergeometric function as the BG/NBD conditional expectation needs it, scaled so
/// that it cannot overflow: `(1 - z)^a * 2F1(a, b; c; z)` for `0 <= z < 1`.
///
/// Summed term by term with signs kept: when `c` is negative (a BG/NBD fit with `a + b < 1`
/// and a customer without repeat purchases gives `c = a + b - 1 < 0`) the first terms can be
/// negative, which a log-space sum cannot represent (the bug of libraries that take the
/// logarithm of each term). Starting from `(1 - z)^a` keeps every partial sum bounded for large
/// `a` (many purchases), where the unscaled series overflows before it converges.
public enum ScaledHypergeometric {
    /// `(1 - z)^a * 2F1(a, b; c; z)`; nil when `z` is outside `[0, 1)`, `c` is zero or a negative
    /// integer, or the series does not settle within `maximumTerms`.
    public static func value(a: Double, b: Double, c: Double, z: Double, maximumTerms: Int = 1_000_000) -> Double? {
        guard z >= 0, z < 1, a.isFinite, b.isFinite, c.isFinite else { return nil }
        if c <= 0, c == c.rounded() { return nil }
        // Each term kept as a sign and a logarithm: the first, (1 - z)^a, underflows for large a
        // (0.5^5000) though the terms around the series' peak are of order one.
        var logTerm = a * log1p(-z)
        var negative = false
        if z == 0 { return exp(logTerm) }
        let logZ = log(z)
        var sum = exp(logTerm)
        var compensation = 0.0
        var n = 0.0
        var small = 0
        let product = a * b - c
        let shape = a + b - c - 1
        for _ in 0..<maximumTerms {
            let ratio = (a + n) * (b + n) / ((c + n) * (n + 1))
            if ratio == 0 { return sum }
            if ratio < 0 { negative.toggle() }
            logTerm += log(abs(ratio)) + logZ
            n += 1
            let term = negative ? -exp(logTerm) : exp(logTerm)
            // Kahan summation: terms of both signs early on, many tiny ones late.
            let y = term - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
            if !sum.isFinite { return nil }
            // Stop when what is left is negligible. For m > -c every factor is positive and the
            // ratio r(m) = 1 + (k + m s) / ((c + m)(m + 1)), k = ab - c, s = a + b - c - 1, is
            // bounded by 1 + excess for every later m, so the tail is at most
            // term × q / (1 - q) with q = z (1 + excess). (Waiting for n > a + b instead, as
            // before, took ~10⁸ terms for the huge a and b of a fit where everyone drops out alike.)
            if n > -c {
                let excess =
                    shape <= 0
                    ? max(0, (product + n * shape) / ((c + n) * (n + 1)))
                    : max(0, product) / ((c + n) * (n + 1)) + shape * max(1, n / (c + n)) / (n + 1)
                let q = z * (1 + excess)
                if q < 1 && abs(term) * q / (1 - q) <= 1e-17 * abs(sum) {
                    small += 1
                    if small >= 3 { return sum }
                    continue
                }
            }
            small = 0
        }
        return nil
    }
}
