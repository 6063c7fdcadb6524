/// What the models say about one customer on the day of a refresh.
public struct CustomerPrediction: Sendable, Hashable {
    public var key: String
    /// The probability the customer is still active (BG/NBD).
    public var pAlive: Double
    /// Purchase days expected over the settings' horizon.
    public var expectedPurchases: Double
    /// The expected amount of a future purchase day, major units (Gamma-Gamma); nil without a
    /// spend model.
    public var expectedSpend: Double?
    /// The discounted lifetime value over the settings' months, major units; nil without a spend
    /// model.
    public var value: Double?
    /// The value's decile among the store's customers (10: the highest tenth); nil without values.
    public var valueDecile: Int?
    /// The local day the next purchase is expected: the last purchase plus the customer's expected
    /// time between purchases while active, 7 (α + T) / (r + x) days.
    public var nextPurchaseDay: Int
    /// RFM scores (1-5) and the named segment.
    public var rfm: RFM.Score

    public init(
        key: String, pAlive: Double, expectedPurchases: Double, expectedSpend: Double?, value: Double?, valueDecile: Int?,
        nextPurchaseDay: Int, rfm: RFM.Score
    ) {
        self.key = key
        self.pAlive = pAlive
        self.expectedPurchases = expectedPurchases
        self.expectedSpend = expectedSpend
        self.value = value
        self.valueDecile = valueDecile
        self.nextPurchaseDay = nextPurchaseDay
        self.rfm = rfm
    }
}

/// The horizon and value settings of a refresh.
public struct PredictionSettings: Sendable, Hashable {
    /// Days of `expectedPurchases`.
    public var horizonDays: Int
    /// Months of lifetime value.
    public var months: Int
    /// Monthly discount rate of the lifetime value.
    public var monthlyDiscount: Double

    public init(horizonDays: Int = 90, months: Int = 12, monthlyDiscount: Double = 0.01) {
        self.horizonDays = horizonDays
        self.months = months
        self.monthlyDiscount = monthlyDiscount
    }
}
