/// The purchase figures and the cohort matrix of a period, folded together in one pass over the
/// orders, customer by customer (each customer's orders in time order): what `encore metrics`
/// reads a store's history into, without holding the history.
public struct PurchaseFold: Sendable {
    public var purchases: PurchaseMetrics.Accumulator
    public var cohorts: CohortMatrix.Accumulator
    /// The purchase figures of further periods read in the same pass (the dashboard's previous
    /// period and the buckets of its sparklines), in the order they were asked for.
    public var others: [PurchaseMetrics.Accumulator]

    /// An empty fold of the period `[from, to)` (local day numbers), with the cohorts of the
    /// calendar months from `from`'s through the one of the period's last day, and the purchase
    /// figures of each of `others` (each period `[lowerBound, upperBound)`, none empty).
    public init(from: Int32, to: Int32, others: [Range<Int32>] = []) {
        purchases = .init(from: from, to: to)
        cohorts = .init(fromMonth: CivilDate.month(ofDay: from), toMonth: CivilDate.month(ofDay: to - 1))
        self.others = others.map { .init(from: $0.lowerBound, to: $0.upperBound) }
    }

    /// The current customer's next order, in time order (see `PurchaseMetrics.Accumulator.add`).
    public mutating func add(day: Int32, amount: Double, returned: Bool) {
        purchases.add(day: day, amount: amount, returned: returned)
        cohorts.add(day: day)
        for index in others.indices { others[index].add(day: day, amount: amount, returned: returned) }
    }

    /// Closes the current customer; `isReferred` is asked only for a customer new in the period.
    public mutating func endCustomer(isReferred: () -> Bool) {
        purchases.endCustomer(isReferred: isReferred)
        cohorts.endCustomer()
        for index in others.indices { others[index].endCustomer(isReferred: isReferred) }
    }

    /// Adds the fold of the customers that come after this fold's.
    public mutating func append(_ later: PurchaseFold) {
        purchases.append(later.purchases)
        cohorts.append(later.cohorts)
        precondition(others.count == later.others.count, "folds of different periods")
        for index in others.indices { others[index].append(later.others[index]) }
    }

    /// The period's purchase figures.
    public var metrics: PurchaseMetrics { purchases.metrics }
    /// The period's cohort matrix.
    public var matrix: CohortMatrix { cohorts.matrix }
    /// The purchase figures of each of the further periods, in their order.
    public var otherMetrics: [PurchaseMetrics] { others.map(\.metrics) }
}
