/// A recommended product and why: its score and, for item-to-item lists, the pair count.
public struct CoPurchaseScore: Hashable, Sendable, CustomStringConvertible {
    /// The recommended product's SKU.
    public var sku: String
    /// The metric's score (for a customer: the sum over the products they bought).
    public var score: Double
    /// Baskets holding both products (item-to-item); for a customer, the sum over their products.
    public var together: Int64

    /// A score as given.
    public init(sku: String, score: Double, together: Int64) {
        self.sku = sku
        self.score = score
        self.together = together
    }

    /// "SKU score (together)".
    public var description: String { "\(sku) \(score) (\(together))" }
}
