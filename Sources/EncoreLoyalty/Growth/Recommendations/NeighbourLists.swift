/// Fixed-width best-first lists, one per product, in flat arrays: product p's list occupies
/// slots `p * width ..< p * width + fill[p]`, ordered by score descending then SKU rank ascending.
struct NeighbourLists: Sendable {
    let width: Int
    private(set) var ids: [Int32]
    private(set) var scores: [Double]
    private(set) var together: [UInt32]
    private(set) var fill: [Int32]

    /// Empty lists for `products` products, `width` slots each.
    init(products: Int, width: Int) {
        self.width = width
        ids = Array(repeating: 0, count: products * width)
        scores = Array(repeating: 0, count: products * width)
        together = Array(repeating: 0, count: products * width)
        fill = Array(repeating: 0, count: products)
    }

    /// One entry of a list.
    struct Entry {
        var id: Int32
        var score: Double
        var together: UInt32
    }

    /// The list of `product`, best first.
    func entries(of product: Int32) -> [Entry] {
        let base = Int(product) * width
        return (base..<base + Int(fill[Int(product)])).map {
            Entry(id: ids[$0], score: scores[$0], together: together[$0])
        }
    }

    /// Puts `neighbour` into `product`'s list if it beats the list's last entry or the list has room.
    @inline(__always)
    mutating func offer(
        to product: Int32, neighbour: Int32, score: Double, together count: UInt32, ranks: UnsafeBufferPointer<Int32>
    ) {
        let base = Int(product) * width
        let filled = Int(fill[Int(product)])
        let rank = ranks[Int(neighbour)]
        @inline(__always) func beats(_ slot: Int) -> Bool {
            score > scores[slot] || (score == scores[slot] && rank < ranks[Int(ids[slot])])
        }
        var position: Int
        if filled == width {
            guard beats(base + width - 1) else { return }
            position = width - 1
        } else {
            position = filled
            fill[Int(product)] += 1
        }
        while position > 0 && beats(base + position - 1) {
            ids[base + position] = ids[base + position - 1]
            scores[base + position] = scores[base + position - 1]
            together[base + position] = together[base + position - 1]
            position -= 1
        }
        ids[base + position] = neighbour
        scores[base + position] = score
        together[base + position] = count
    }
}
