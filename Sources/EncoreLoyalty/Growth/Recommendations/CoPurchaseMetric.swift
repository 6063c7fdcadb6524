/// How strongly two products go together, from their counts.
///
/// With N baskets, n_a baskets holding a, n_b holding b and n_ab holding both:
/// - lift = n_ab * N / (n_a * n_b): how much more often they meet than by chance (1 = independent);
/// - cosine = n_ab / sqrt(n_a * n_b): overlap of the two sets of baskets, from 0 to 1.
///
/// Both are computed from exact integer products with a single rounded division (cosine as the
/// square root of n_ab^2 / (n_a * n_b)), so equal ratios always give bit-identical scores and ties
/// are real ties, broken by SKU.
public enum CoPurchaseMetric: String, Hashable, Sendable, CaseIterable, Codable {
    /// n_ab * N / (n_a * n_b).
    case lift
    /// n_ab / sqrt(n_a * n_b).
    case cosine

    /// The score of a pair seen together `pair` times, of items seen `first` and `second` times,
    /// among `baskets` baskets; all counts positive.
    @inline(__always)
    public func score(pair: Int64, first: Int64, second: Int64, baskets: Int64) -> Double {
        switch self {
        case .lift:
            return Double(pair * baskets) / Double(first * second)
        case .cosine:
            return (Double(pair * pair) / Double(first * second)).squareRoot()
        }
    }
}
