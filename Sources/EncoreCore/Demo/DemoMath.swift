/// `log`, `exp` and `pow` written with IEEE 754 basic operations only.
///
/// The platform's libm may differ by an ulp between macOS and Linux; these do not, so a seed
/// gives byte-identical demo data everywhere. Accurate to a few ulps, which sampling needs.
enum DemoMath {
    static let ln2Hi = 6.931_471_803_691_238_164_90e-01
    static let ln2Lo = 1.908_214_929_270_587_700_02e-10
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458
    static let sqrt2 = 1.414_213_562_373_095_048_801_688_724_2

    /// Natural logarithm; -infinity at 0, NaN below.
    static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        var exponent = Double(Int(x.exponent))
        var m = x.significand  // in [1, 2)
        if m > sqrt2 {
            m *= 0.5
            exponent += 1
        }
        // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        for _ in 0..<12 {
            sum += term / k
            term *= s2
            k += 2
        }
        return exponent * ln2Hi + (2 * sum + exponent * ln2Lo)
    }

    /// e raised to `x`.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 709.78 { return .infinity }
        if x < -745.2 { return 0 }
        let k = (x / ln2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo  // |r| <= ln2 / 2
        // Taylor series of e^r to degree 14, Horner form.
        var p = 1.0
        var n = 14.0
        while n >= 1 {
            p = 1 + p * r / n
            n -= 1
        }
        let kk = Int(k)
        if kk < -1000 {  // keep the intermediate scale representable
            return Double(sign: .plus, exponent: kk + 60, significand: p) * 0x1p-60
        }
        return Double(sign: .plus, exponent: kk, significand: p)
    }

    /// `base` raised to `exponent`, for positive `base`.
    static func pow(_ base: Double, _ exponent: Double) -> Double {
        if base == 0 { return exponent > 0 ? 0 : .infinity }
        return exp(exponent * log(base))
    }
}
