/// What demo store to build: how many customers over how long, ending when, and in which currency.
public struct DemoConfiguration: Sendable {
    /// Seeds every random draw: the same configuration always gives byte-identical batches.
    public var seed: UInt64
    /// Number of customers acquired (each places at least one order).
    public var customers: Int
    /// Length of the history, in months of 30.44 days before `end`.
    public var months: Int
    /// The simulated "now": nothing in the generated data happens after it.
    public var end: Timestamp
    /// The store's currency; prices are converted from the dollar catalogue.
    public var currency: Currency
    /// Largest number of orders in one batch.
    public var ordersPerBatch: Int
    /// How customers buy and drop out.
    public var behaviour: DemoBehaviour

    /// A configuration; only `end` has no default, since the generator never reads a clock.
    public init(
        seed: UInt64 = 1, customers: Int = 5000, months: Int = 18, end: Timestamp, currency: Currency = .usd,
        ordersPerBatch: Int = 500, behaviour: DemoBehaviour = DemoBehaviour()
    ) {
        self.seed = seed
        self.customers = customers
        self.months = months
        self.end = end
        self.currency = currency
        self.ordersPerBatch = ordersPerBatch
        self.behaviour = behaviour
    }
}

/// The purchase process of demo customers: the MBG/NBD model (Batislam, Denizel and Filiztekin,
/// 2007), a variant of Fader, Hardie and Lee's BG/NBD (2005) in which a customer may also drop
/// out right after the first purchase.
///
/// - Each customer is acquired with a first purchase, at a time drawn from a density that grows
///   linearly over the history (`growth`) and follows retail seasonality (busier in November
///   and December).
/// - While active, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha) per
///   day (shape r, rate alpha), modulated by the same month-of-year seasonality (mean 1).
///   With r = 0.25 and alpha = 18.75 the mean rate is r / alpha = 1/75 per day: a customer at
///   the mean rate buys every 75 days, while the heavy left tail makes most customers slow.
///   Rates are capped at `maximumRate` (one purchase a week on average).
/// - After each purchase the customer becomes inactive for good with probability
///   p ~ Beta(a, b); with a = 0.8 and b = 2.5 the mean is 0.24.
///
/// With the defaults, 5,000 customers over 18 months place about 11,000 orders (2.2 per
/// customer on average); about a third of them buy more than once, and a repeat customer's
/// orders are about 70 days apart on average (the median customer's, about 40).
public struct DemoBehaviour: Sendable, Hashable {
    /// Shape r of the Gamma distribution of purchase rates.
    public var r: Double
    /// Rate alpha (in days) of the Gamma distribution of purchase rates.
    public var alpha: Double
    /// First parameter of the Beta distribution of dropout probabilities.
    public var a: Double
    /// Second parameter of the Beta distribution of dropout probabilities.
    public var b: Double
    /// Highest purchase rate per day.
    public var maximumRate: Double
    /// The acquisition density at `end` relative to the start, minus one (0.6: 60% busier).
    public var growth: Double
    /// Whether purchases follow month-of-year seasonality.
    public var seasonal: Bool

    /// The default parameters (see the type's documentation).
    public init(
        r: Double = 0.25, alpha: Double = 18.75, a: Double = 0.8, b: Double = 2.5, maximumRate: Double = 1.0 / 7,
        growth: Double = 0.6, seasonal: Bool = true
    ) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.maximumRate = maximumRate
        self.growth = growth
        self.seasonal = seasonal
    }

    /// Relative busyness of each month, January first; the mean is 1.
    static let seasonality: [Double] = {
        let raw = [0.85, 0.85, 0.95, 0.95, 1.0, 0.95, 0.9, 0.9, 1.0, 1.05, 1.35, 1.45]
        let mean = raw.reduce(0, +) / 12
        return raw.map { $0 / mean }
    }()
    static let peakSeasonality = seasonality.max()!

    /// The seasonal factor at a UTC instant.
    func season(at ms: Int64) -> Double {
        guard seasonal else { return 1 }
        let month = ISO8601.civilFromDays(Int(DemoTimeZone.floorDay(ms))).month
        return DemoBehaviour.seasonality[month - 1]
    }

    var peak: Double { seasonal ? DemoBehaviour.peakSeasonality : 1 }
}
