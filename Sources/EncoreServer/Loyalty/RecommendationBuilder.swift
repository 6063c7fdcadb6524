import EncoreCore
import EncoreLoyalty
import EncoreStore

/// What one computation of a store's recommendations found.
public struct RecommendationReport: Sendable, Hashable {
    public var baskets: Int64
    public var products: Int
    public var productsWithNeighbours: Int
    public var pairs: Int
    public var approximateMemoryBytes: Int
}

/// Computes a store's "bought together" lists from its whole order history (co-occurrence scored
/// by lift or cosine, with a minimum support; `CoPurchaseRanking`) and stores them in one
/// transaction, replacing the previous lists. Orders are read in pages, so only the counts are
/// held in memory.
public struct RecommendationBuilder: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock
    let options: CoPurchaseOptions

    public init(storage: any EncoreStorage, clock: any Clock = SystemClock(), options: CoPurchaseOptions = CoPurchaseOptions()) {
        self.storage = storage
        self.clock = clock
        self.options = options
    }

    public func rebuild(storeID: StoreID, pageSize: Int = 20_000) async throws -> RecommendationReport {
        var counts = CoPurchaseCounts()
        var after: String?
        while true {
            let page = try await storage.orderBaskets(storeID: storeID, after: after, limit: pageSize)
            counts.add(baskets: page.baskets)
            guard let last = page.last else { break }
            after = last
        }
        let ranking = CoPurchaseRanking(counts: counts, options: options)
        var lists: [(sku: String, neighbours: [CoPurchaseScore])] = []
        for sku in ranking.skus {
            let neighbours = ranking.neighbours(of: sku)
            if !neighbours.isEmpty { lists.append((sku, neighbours)) }
        }
        try await storage.replaceNeighbours(storeID: storeID, lists: lists, now: clock.now())
        return RecommendationReport(
            baskets: counts.basketCount, products: counts.productCount, productsWithNeighbours: lists.count,
            pairs: counts.pairCount, approximateMemoryBytes: counts.approximateMemoryBytes)
    }

    /// Up to `limit` products for a customer who just bought `basket`, leaving out all they ever
    /// bought, with their titles (`RecommendedProduct.picks`, as journey messages read them too).
    public func forCustomer(storeID: StoreID, customerKey: String?, basket: [String], limit: Int) async throws
        -> [RecommendedProduct]
    {
        let (lists, titles) = try await storage.neighbours(storeID: storeID, skus: basket)
        guard !lists.isEmpty else { return [] }
        var owned: Set<String> = []
        if let customerKey { owned = try await storage.purchasedSKUs(storeID: storeID, customerKey: customerKey) }
        return RecommendedProduct.picks(lists: lists, titles: titles, basket: basket, owned: owned, limit: limit)
    }
}
