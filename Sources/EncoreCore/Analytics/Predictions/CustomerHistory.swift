/// One customer's purchases as the predictions read them: the literature's summary as of a day,
/// with the plain figures segments and RFM need beside it.
public struct CustomerHistory: Sendable, Hashable {
    public var key: String
    /// Frequency, recency and T in weeks as of `today`; `monetary` in major units.
    public var summary: CustomerSummary
    /// Local day numbers (days since 1970-01-01 in the store's zone) of the first and last purchase.
    public var firstDay: Int
    public var lastDay: Int
    /// Orders (not purchase days) up to and including `today`.
    public var orders: Int
    /// What those orders came to, less refunds, in minor units.
    public var spent: Int64

    public init(key: String, summary: CustomerSummary, firstDay: Int, lastDay: Int, orders: Int, spent: Int64) {
        self.key = key
        self.summary = summary
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.orders = orders
        self.spent = spent
    }

    /// One order: its local day and its amount in minor units.
    public struct Order: Sendable, Hashable {
        public var day: Int
        public var amount: Int64
        public init(day: Int, amount: Int64) {
            self.day = day
            self.amount = amount
        }
    }

    /// The history of one customer's orders up to and including `today` (later ones are left
    /// out); nil when there is none. A customer whose first purchase is `today` has T = 0 and no
    /// summary the models can use: their age is taken as one day, so they count as brand new.
    public static func from(key: String, orders: [Order], today: Int, exponent: Int) -> CustomerHistory? {
        let kept = orders.filter { $0.day <= today }
        guard let first = kept.map(\.day).min(), let last = kept.map(\.day).max() else { return nil }
        var scale = 1.0
        for _ in 0..<max(0, exponent) { scale *= 10 }
        // T must be positive: a first purchase today is summarised as of tomorrow's start.
        let end = max(today, first + 1)
        guard
            let summary = CustomerSummary.from(
                id: key, purchases: kept.map { (day: $0.day, amount: Double($0.amount) / scale) }, calibrationEnd: end)
        else { return nil }
        return CustomerHistory(
            key: key, summary: summary, firstDay: first, lastDay: last, orders: kept.count,
            spent: kept.reduce(0) { $0 + $1.amount })
    }
}
