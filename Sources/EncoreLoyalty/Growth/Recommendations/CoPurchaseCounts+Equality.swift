extension CoPurchaseCounts: Equatable {
    /// Equal when both hold the same baskets count, the same products with the same item
    /// counts and the same pair counts, whatever the order the products were first seen in.
    /// (The basket rule and the truncated/skipped tallies are compared too.)
    public static func == (lhs: CoPurchaseCounts, rhs: CoPurchaseCounts) -> Bool {
        guard lhs.basketRule == rhs.basketRule, lhs.basketCount == rhs.basketCount,
            lhs.truncatedBaskets == rhs.truncatedBaskets, lhs.skippedBaskets == rhs.skippedBaskets,
            lhs.productCount == rhs.productCount, lhs.pairCount == rhs.pairCount
        else { return false }
        var map = [Int32](repeating: -1, count: lhs.productCount)
        for (id, sku) in lhs.interner.skus.enumerated() {
            guard let other = rhs.interner.id(of: sku),
                lhs.itemCounts[id] == rhs.itemCounts[Int(other)]
            else { return false }
            map[id] = other
        }
        var equal = true
        lhs.pairs.forEach { key, count in
            guard equal else { return }
            let (a, b) = PairCountTable.ids(key)
            equal = rhs.pairs.value(PairCountTable.key(map[Int(a)], map[Int(b)])) == count
        }
        return equal
    }
}
