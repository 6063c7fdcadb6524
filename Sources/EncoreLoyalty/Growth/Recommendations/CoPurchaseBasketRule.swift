/// How the counts treat baskets with many distinct products.
///
/// A basket of k distinct products adds k(k-1)/2 pairs, so one wholesale order of 500 lines would
/// add 124,750 pairs of little meaning. Baskets with more than `cap` distinct products are
/// therefore either truncated or skipped, as `oversize` says.
public struct CoPurchaseBasketRule: Hashable, Sendable {
    /// What happens to a basket with more than `cap` distinct products.
    public enum Oversize: String, Hashable, Sendable, CaseIterable {
        /// Keep the first `cap` distinct SKUs in the order given (line order); the later ones
        /// are left out of that basket entirely (not counted as items, not paired).
        case truncate
        /// Leave the whole basket out: it adds no items, no pairs and does not count as a basket.
        case skip
    }

    /// The largest number of distinct products a basket may hold unchanged; at least 2.
    public var cap: Int
    /// The rule for baskets above `cap`.
    public var oversize: Oversize

    /// A rule with the given cap (clamped to at least 2) and treatment; the default keeps up to
    /// 50 distinct products and skips bigger baskets as bulk orders.
    public init(cap: Int = 50, oversize: Oversize = .skip) {
        self.cap = max(2, cap)
        self.oversize = oversize
    }
}
