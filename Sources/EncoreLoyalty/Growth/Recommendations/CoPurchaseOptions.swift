/// What a ranking keeps: the metric, how many neighbours per product, and the support floors.
public struct CoPurchaseOptions: Hashable, Sendable {
    /// The score that orders neighbours.
    public var metric: CoPurchaseMetric
    /// Neighbours kept per product (top N); at least 1.
    public var neighbours: Int
    /// A pair is scored only if the two products were bought together at least this often.
    public var minSupport: Int64
    /// A product takes part (has neighbours, is a neighbour) only if it is in at least this many baskets.
    public var minItemCount: Int64

    /// Options with the given metric and limits (`neighbours` clamped to at least 1, the floors
    /// to at least 1); the defaults keep the 10 best neighbours by lift of pairs seen twice or more.
    public init(
        metric: CoPurchaseMetric = .lift, neighbours: Int = 10, minSupport: Int64 = 2, minItemCount: Int64 = 1
    ) {
        self.metric = metric
        self.neighbours = max(1, neighbours)
        self.minSupport = max(1, minSupport)
        self.minItemCount = max(1, minItemCount)
    }
}
