/// One order as the purchase metrics count it: a dense customer number (the caller maps its keys),
/// the local calendar day (days since 1970-01-01 in the store's time zone), the amount (order total
/// less refunds, major units) and whether any of it was returned.
public struct PurchaseRecord: Sendable, Hashable {
    public var customer: Int32
    public var day: Int32
    public var amount: Double
    public var returned: Bool

    public init(customer: Int32, day: Int32, amount: Double, returned: Bool = false) {
        self.customer = customer
        self.day = day
        self.amount = amount
        self.returned = returned
    }
}

/// The purchase figures of a period `[from, to)` (local days), each with its sample size and,
/// where it is a proportion or a mean, its 95% interval. The definitions are in docs/METRICS.md.
public struct PurchaseMetrics: Sendable, Hashable {
    /// Of the customers who ordered in the period of the same length just before, the share who
    /// ordered in this one.
    public var retentionRate: Estimate
    /// Of the customers who ordered in the period, the share who ordered twice or more in it.
    public var repeatPurchaseRate: Estimate
    /// Orders per customer who ordered in the period (mean of their counts).
    public var purchaseFrequency: Estimate
    /// Mean order amount in the period.
    public var averageOrderValue: Estimate
    /// Days from the first purchase day to the second, for customers whose second purchase day falls in the period.
    public var daysToSecondPurchase: Estimate
    public var medianDaysToSecondPurchase: Estimate
    /// Revenue to the period's end per customer who had ordered by then (mean, with its interval).
    public var historicalCLTV: Estimate
    /// Of the period's orders, the share with a return.
    public var returnRate: Estimate
    /// Of the customers whose first order is in the period, the share who came through a referral.
    public var referralRate: Estimate
    public var orders: Int
    public var customers: Int
    public var newCustomers: Int
    public var revenue: Double

    /// The figures of `[from, to)` from `records` sorted by customer then day (every order up to
    /// `to`, earlier history included: retention and time to second purchase need it).
    /// `referred` holds the customers who came through a referral.
    public static func compute(_ records: [PurchaseRecord], from: Int32, to: Int32, referred: Set<Int32> = []) -> PurchaseMetrics {
        var fold = Accumulator(from: from, to: to)
        var index = records.startIndex
        while index < records.endIndex {
            let customer = records[index].customer
            while index < records.endIndex, records[index].customer == customer {
                let r = records[index]
                fold.add(day: r.day, amount: r.amount, returned: r.returned)
                index += 1
            }
            fold.endCustomer { referred.contains(customer) }
        }
        return fold.metrics
    }
}
