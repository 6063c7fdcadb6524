/// The purchase figures and the cohort matrix of a period, folded together in one pass over the
/// orders, customer by customer (each customer's orders in time order): what `encore metrics`
/// reads a store's history into, without holding the history.
public struct PurchaseFold: Sendable {
    public var purchases: PurchaseMetrics.Accumulator
    public var cohorts: CohortMatrix.Accumulator

    /// An empty fold of the period `[from, to)` (local day numbers), with the cohorts of the
    /// calendar months from `from`'s through the one of the period's last day.
    public init(from: Int32, to: Int32) {
        purchases = .init(from: from, to: to)
        cohorts = .init(fromMonth: CivilDate.month(ofDay: from), toMonth: CivilDate.month(ofDay: to - 1))
    }

    /// The current customer's next order, in time order (see `PurchaseMetrics.Accumulator.add`).
    public mutating func add(day: Int32, amount: Double, returned: Bool) {
        purchases.add(day: day, amount: amount, returned: returned)
        cohorts.add(day: day)
    }

    /// Closes the current customer; `isReferred` is asked only for a customer new in the period.
    public mutating func endCustomer(isReferred: () -> Bool) {
        purchases.endCustomer(isReferred: isReferred)
        cohorts.endCustomer()
    }

    /// Adds the fold of the customers that come after this fold's.
    public mutating func append(_ later: PurchaseFold) {
        purchases.append(later.purchases)
        cohorts.append(later.cohorts)
    }

    /// The period's purchase figures.
    public var metrics: PurchaseMetrics { purchases.metrics }
    /// The period's cohort matrix.
    public var matrix: CohortMatrix { cohorts.matrix }
}
