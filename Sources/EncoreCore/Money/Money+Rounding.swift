extension Money {
    /// A model's figure in major units (12.345 USD) rounded half away from zero to the currency's
    /// minor units; amounts beyond `Int64` are clamped to its range, a non-finite value is zero.
    public init(rounding major: Double, currency: Currency) {
        var scale = 1.0
        for _ in 0..<currency.exponent { scale *= 10 }
        let minor = (major * scale).rounded()
        let clamped: Int64 =
            !minor.isFinite ? 0 : minor >= 9.2e18 ? .max : minor <= -9.2e18 ? .min : Int64(minor)
        self.init(minorUnits: clamped, currency: currency)
    }
}
