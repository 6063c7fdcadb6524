/// "Bought together" lists: for every product, its best neighbours by the chosen metric, and
/// recommendations for a customer from what they bought.
///
/// A ranking is a snapshot of `CoPurchaseCounts` under `CoPurchaseOptions`; after adding baskets
/// to the counts, build a new ranking (one pass over the pair table). Order is score descending,
/// then SKU ascending, so equal scores always come out the same way whatever order the baskets
/// arrived in.
public struct CoPurchaseRanking: Sendable {
    /// The options the lists were built with.
    public let options: CoPurchaseOptions
    let interner: ProductInterner
    let ranks: [Int32]
    let lists: NeighbourLists

    /// Ranks every product's neighbours from `counts` (one pass over the distinct pairs).
    public init(counts: CoPurchaseCounts, options: CoPurchaseOptions = CoPurchaseOptions()) {
        self.options = options
        interner = counts.interner
        ranks = counts.interner.sortRanks()
        var lists = NeighbourLists(products: counts.productCount, width: options.neighbours)
        let items = counts.itemCounts
        let baskets = counts.basketCount
        let metric = options.metric
        let minSupport = options.minSupport
        let minItems = options.minItemCount
        ranks.withUnsafeBufferPointer { ranks in
            items.withUnsafeBufferPointer { items in
                counts.pairs.forEach { key, together in
                    let pair = Int64(together)
                    guard pair >= minSupport else { return }
                    let (a, b) = PairCountTable.ids(key)
                    let first = Int64(items[Int(a)])
                    let second = Int64(items[Int(b)])
                    guard first >= minItems, second >= minItems else { return }
                    let score = metric.score(pair: pair, first: first, second: second, baskets: baskets)
                    lists.offer(to: a, neighbour: b, score: score, together: together, ranks: ranks)
                    lists.offer(to: b, neighbour: a, score: score, together: together, ranks: ranks)
                }
            }
        }
        self.lists = lists
    }

    /// Every product counted, in SKU order.
    public var skus: [String] { interner.skus.sorted() }

    /// Number of products that have at least one neighbour.
    public var productsWithNeighbours: Int { lists.fill.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    /// The best neighbours of `sku`, best first (at most `options.neighbours`); empty for an
    /// unknown product or one below the support floors.
    public func neighbours(of sku: String) -> [CoPurchaseScore] {
        guard let id = interner.id(of: sku) else { return [] }
        return lists.entries(of: id).map { entry in
            CoPurchaseScore(sku: interner.skus[Int(entry.id)], score: entry.score, together: Int64(entry.together))
        }
    }

    /// The top `limit` products for a customer who bought `purchased`: each neighbour's scores
    /// summed over the purchased products it appears next to, leaving out what was bought.
    /// Unknown SKUs are ignored; the sum runs in SKU order, so the result does not depend on
    /// the order of `purchased`.
    public func recommendations(forPurchased purchased: some Sequence<String>, limit: Int) -> [CoPurchaseScore] {
        guard limit > 0 else { return [] }
        let bought = Set(purchased.compactMap { interner.id(of: $0) })
        var totals: [Int32: (score: Double, together: Int64)] = [:]
        for id in bought.sorted(by: { ranks[Int($0)] < ranks[Int($1)] }) {
            for entry in lists.entries(of: id) where !bought.contains(entry.id) {
                let old = totals[entry.id] ?? (0, 0)
                totals[entry.id] = (old.score + entry.score, old.together + Int64(entry.together))
            }
        }
        let ordered = totals.sorted { lhs, rhs in
            lhs.value.score != rhs.value.score
                ? lhs.value.score > rhs.value.score : ranks[Int(lhs.key)] < ranks[Int(rhs.key)]
        }
        return ordered.prefix(limit).map { id, total in
            CoPurchaseScore(sku: interner.skus[Int(id)], score: total.score, together: total.together)
        }
    }
}
