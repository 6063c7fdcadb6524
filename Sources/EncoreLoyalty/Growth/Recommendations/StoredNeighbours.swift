/// Recommendations from stored "bought together" lists: what `CoPurchaseRanking` answers in
/// memory, answered from the lists storage keeps per product.
public enum StoredNeighbours {
    /// The top `limit` products for someone who bought `basket`: each neighbour's scores summed
    /// over the basket's products it is listed next to, leaving out `exclude` (what the customer
    /// already bought) and the basket itself. Ties go to the product bought together more often,
    /// then to the SKU, so the answer does not depend on the order of anything given.
    public static func recommend(
        lists: [String: [CoPurchaseScore]], basket: some Sequence<String>, exclude: Set<String>, limit: Int
    ) -> [CoPurchaseScore] {
        guard limit > 0 else { return [] }
        let bought = Set(basket)
        var totals: [String: (score: Double, together: Int64)] = [:]
        for sku in bought.sorted() {
            for neighbour in lists[sku] ?? [] where !bought.contains(neighbour.sku) && !exclude.contains(neighbour.sku) {
                let old = totals[neighbour.sku] ?? (0, 0)
                totals[neighbour.sku] = (old.score + neighbour.score, old.together + neighbour.together)
            }
        }
        return totals.sorted { lhs, rhs in
            if lhs.value.score != rhs.value.score { return lhs.value.score > rhs.value.score }
            if lhs.value.together != rhs.value.together { return lhs.value.together > rhs.value.together }
            return lhs.key < rhs.key
        }.prefix(limit).map { CoPurchaseScore(sku: $0.key, score: $0.value.score, together: $0.value.together) }
    }
}
