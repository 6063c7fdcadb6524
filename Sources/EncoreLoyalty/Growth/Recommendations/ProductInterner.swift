/// Maps product SKUs to dense ids `0, 1, 2, ...` in order of first sight, and back.
struct ProductInterner: Sendable {
    private(set) var ids: [String: Int32] = [:]
    private(set) var skus: [String] = []

    /// The id of `sku`, assigning the next one if it is new.
    mutating func intern(_ sku: String) -> Int32 {
        if let id = ids[sku] { return id }
        precondition(skus.count < Int(Int32.max), "too many distinct products")
        let id = Int32(skus.count)
        ids[sku] = id
        skus.append(sku)
        return id
    }

    /// The id of `sku` if it was seen.
    func id(of sku: String) -> Int32? { ids[sku] }

    /// For each id, its position in the SKUs sorted ascending: the tie-breaker, so that rankings
    /// do not depend on the order in which products were first seen.
    func sortRanks() -> [Int32] {
        let order = skus.indices.sorted { skus[$0] < skus[$1] }
        var ranks = [Int32](repeating: 0, count: skus.count)
        for (rank, id) in order.enumerated() { ranks[id] = Int32(rank) }
        return ranks
    }
}
