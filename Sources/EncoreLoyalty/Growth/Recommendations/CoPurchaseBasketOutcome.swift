/// What `CoPurchaseCounts.add(basket:)` did with one basket.
public enum CoPurchaseBasketOutcome: String, Hashable, Sendable, CaseIterable {
    /// Counted in full.
    case counted
    /// Counted after truncation to the cap.
    case truncated
    /// Left out because it was over the cap and the rule says skip.
    case skipped
    /// Left out because it held no SKU.
    case empty
}
