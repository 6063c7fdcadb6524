import EncoreLoyalty

/// A product Encore can recommend, as the catalogue names it.
public struct RecommendedProduct: Sendable, Hashable {
    public var sku: String
    public var title: String
    public var score: Double

    public init(sku: String, title: String, score: Double) {
        self.sku = sku
        self.title = title
        self.score = score
    }
}

extension RecommendedProduct {
    /// How many "You may also like" products the receipt and journey messages show.
    public static let shown = 4

    /// What the receipt and journey messages show for a customer who bought `basket`: the best
    /// `limit` of the summed stored lists (`StoredNeighbours.recommend`), leaving out `owned` (all
    /// the customer ever bought) and the basket itself, each named by its stored title (else its
    /// SKU).
    public static func picks(
        lists: [String: [CoPurchaseScore]], titles: [String: String], basket: some Sequence<String>, owned: Set<String>,
        limit: Int = shown
    ) -> [RecommendedProduct] {
        StoredNeighbours.recommend(lists: lists, basket: basket, exclude: owned, limit: limit).map {
            RecommendedProduct(sku: $0.sku, title: titles[$0.sku] ?? $0.sku, score: $0.score)
        }
    }
}
