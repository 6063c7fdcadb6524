/// A demo customer while the simulation runs: their latent BG/NBD parameters, their own random
/// stream, and their next purchase.
struct DemoShopper: Sendable {
    /// 1-based customer number, in order of acquisition.
    let number: Int
    let key: String
    var random: DemoRandom
    /// Purchase rate while active, per day.
    let rate: Double
    /// Probability of dropping out after each purchase.
    let dropout: Double
    /// Log-normal spending propensity (median 1): more lines and more expensive equipment.
    let spend: Double
    /// Index into `DemoRegion.all`.
    let region: Int
    /// Index into the region's cities.
    let city: Int
    /// Index into `DemoCatalogue.items` of the coffee this customer keeps coming back to.
    let favourite: Int
    /// Uses the mobile app for most orders.
    let appUser: Bool
    /// Time of the next purchase in the purchase process (before placing it at a realistic hour).
    var processAt: Int64
    /// When the next order is placed, UTC milliseconds.
    var nextAt: Int64
    var nextChannel: SalesChannel
    /// When the previous order was placed.
    var lastAt: Int64
    /// Orders placed so far.
    var orders: Int
}

/// A binary min-heap of shoppers by next order time (then customer number, so ties are stable).
struct DemoQueue: Sendable {
    private var heap: [DemoShopper] = []

    var isEmpty: Bool { heap.isEmpty }
    var first: DemoShopper? { heap.first }

    private static func before(_ a: DemoShopper, _ b: DemoShopper) -> Bool {
        a.nextAt != b.nextAt ? a.nextAt < b.nextAt : a.number < b.number
    }

    mutating func push(_ shopper: DemoShopper) {
        heap.append(shopper)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard DemoQueue.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> DemoShopper? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < count && DemoQueue.before(heap[left], heap[smallest]) { smallest = left }
            if right < count && DemoQueue.before(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
