/// The calibration/holdout check of a BG/NBD fit (Fader, Hardie & Lee 2005, figure 4): customers
/// grouped by their calibration frequency, the repeat purchases they made in the holdout period
/// beside the number the model expected of them, and the same in total.
public struct HoldoutValidation: Sendable, Hashable {
    /// One frequency group; the last (`frequency` = `groupCap`) holds every customer with that
    /// many repeat purchases or more.
    public struct Group: Sendable, Hashable {
        public var frequency: Int
        public var customers: Int
        public var actual: Double
        public var predicted: Double
    }

    public var groups: [Group]
    public var customers: Int
    public var actual: Double
    public var predicted: Double
    /// The holdout's length, in weeks.
    public var weeks: Double

    /// Groups frequencies 0 to `groupCap - 1` apart and `groupCap` or more together (7+ in the paper).
    public static let groupCap = 7

    /// Compares each customer's holdout purchases with the model's expectation over `weeks`;
    /// nil when a prediction cannot be made.
    public static func compute(
        _ model: BGNBD, customers: [(summary: CustomerSummary, holdoutPurchases: Int)], weeks: Double
    ) -> HoldoutValidation? {
        var groups = (0...groupCap).map { Group(frequency: $0, customers: 0, actual: 0, predicted: 0) }
        var actual = 0.0
        var predicted = 0.0
        for (summary, purchases) in customers {
            guard let expected = model.expectedPurchases(t: weeks, x: summary.frequency, tx: summary.recency, T: summary.age)
            else { return nil }
            let index = min(groupCap, Int(summary.frequency))
            groups[index].customers += 1
            groups[index].actual += Double(purchases)
            groups[index].predicted += expected
            actual += Double(purchases)
            predicted += expected
        }
        return HoldoutValidation(
            groups: groups.filter { $0.customers > 0 }, customers: customers.count, actual: actual, predicted: predicted,
            weeks: weeks)
    }
}
