import EncoreCore

/// Co-occurrence counts over order baskets: how many baskets hold each product (n_a), each pair
/// of products (n_ab), and how many baskets there are (N).
///
/// A basket is a set: a SKU listed twice counts once; empty SKUs are ignored. Counts only grow,
/// so adding baskets to existing counts gives exactly the counts of building from all baskets
/// at once. SKUs are interned to dense ids and pairs are counted in a flat hash table, so a
/// history of millions of orders fits in tens of megabytes. Counts per product and pair are
/// 32-bit: up to 4,294,967,295 baskets.
public struct CoPurchaseCounts: Sendable {
    /// The oversize-basket rule applied by `add(basket:)`.
    public let basketRule: CoPurchaseBasketRule
    /// N: baskets counted (truncated ones included, skipped and empty ones not).
    public private(set) var basketCount: Int64 = 0
    /// Baskets that were truncated to the cap.
    public private(set) var truncatedBaskets: Int64 = 0
    /// Baskets left out for being over the cap.
    public private(set) var skippedBaskets: Int64 = 0

    var interner = ProductInterner()
    var itemCounts: [UInt32] = []
    var pairs: PairCountTable
    private var basketIDs: [Int32] = []
    private var basketPairs: [UInt64] = []

    /// Empty counts with the given oversize rule; `expectedPairs` pre-sizes the pair table.
    public init(basketRule: CoPurchaseBasketRule = CoPurchaseBasketRule(), expectedPairs: Int = 1024) {
        self.basketRule = basketRule
        pairs = PairCountTable(expected: expectedPairs)
    }

    /// Counts built from scratch from `baskets`, in order.
    public init<Baskets: Sequence>(
        baskets: Baskets, basketRule: CoPurchaseBasketRule = CoPurchaseBasketRule()
    ) where Baskets.Element: Collection<String> {
        self.init(basketRule: basketRule)
        add(baskets: baskets)
    }

    /// Number of distinct products counted in at least one basket.
    public var productCount: Int { interner.skus.count }

    /// Number of distinct product pairs seen together at least once.
    public var pairCount: Int { pairs.count }

    /// Approximate bytes held by the counts (pair table, item counts, SKU table).
    public var approximateMemoryBytes: Int {
        pairs.memoryBytes + itemCounts.count * 4 + interner.skus.count * (16 + 16 + 4 + 8)
    }

    /// n_a: baskets that hold `sku` (0 if never seen).
    public func itemCount(_ sku: String) -> Int64 {
        guard let id = interner.id(of: sku) else { return 0 }
        return Int64(itemCounts[Int(id)])
    }

    /// n_ab: baskets that hold both SKUs (0 if either was never seen or they are the same).
    public func pairCount(_ first: String, _ second: String) -> Int64 {
        guard let a = interner.id(of: first), let b = interner.id(of: second), a != b else { return 0 }
        return Int64(pairs.value(PairCountTable.key(a, b)))
    }

    /// Adds every basket of `baskets`, in order.
    public mutating func add<Baskets: Sequence>(baskets: Baskets) where Baskets.Element: Collection<String> {
        for basket in baskets { add(basket: basket) }
    }

    /// Adds one basket (the SKUs of one order's lines) and says how it was counted.
    @discardableResult
    public mutating func add(basket: some Collection<String>) -> CoPurchaseBasketOutcome {
        var outcome = CoPurchaseBasketOutcome.counted
        basketIDs.removeAll(keepingCapacity: true)
        if basket.count <= basketRule.cap {
            for sku in basket where !sku.isEmpty { appendDistinct(interner.intern(sku)) }
        } else {
            var seen = Set<String>()
            var distinct: [String] = []
            for sku in basket where !sku.isEmpty && seen.insert(sku).inserted { distinct.append(sku) }
            if distinct.count > basketRule.cap {
                if basketRule.oversize == .skip {
                    skippedBaskets += 1
                    return .skipped
                }
                distinct.removeLast(distinct.count - basketRule.cap)
                outcome = .truncated
                truncatedBaskets += 1
            }
            for sku in distinct { basketIDs.append(interner.intern(sku)) }
        }
        if basketIDs.isEmpty { return .empty }
        record()
        return outcome
    }

    /// The SKUs of an order's lines as a basket; lines without a SKU are left out, and a
    /// cancelled order gives an empty basket.
    public static func basket(of order: Order) -> [String] {
        guard order.cancelledAt == nil else { return [] }
        return order.lines.compactMap { line in
            guard let sku = line.sku, !sku.isEmpty else { return nil }
            return sku
        }
    }

    private mutating func appendDistinct(_ id: Int32) {
        if !basketIDs.contains(id) { basketIDs.append(id) }
    }

    /// Counts the basket held in `basketIDs` (distinct ids).
    private mutating func record() {
        basketCount += 1
        if itemCounts.count < interner.skus.count {
            itemCounts.append(contentsOf: repeatElement(0, count: interner.skus.count - itemCounts.count))
        }
        basketPairs.removeAll(keepingCapacity: true)
        for (index, a) in basketIDs.enumerated() {
            itemCounts[Int(a)] += 1
            for b in basketIDs[(index + 1)...] { basketPairs.append(PairCountTable.key(a, b)) }
        }
        if basketPairs.isEmpty { return }
        basketPairs.withUnsafeBufferPointer { pairs.increment($0) }
    }
}
