import EncoreCore
import Foundation

/// A seeded synthetic order history: Zipf-like product popularity, baskets of 1-4 items, and
/// some structure (a second item is often a "related" product near the first in id space).
struct SyntheticBaskets {
    let products: Int
    let skus: [String]
    private let cumulative: [Double]
    private var random: DemoRandom

    init(products: Int, exponent: Double = 1.0, seed: UInt64) {
        self.products = products
        skus = (0..<products).map { id in
            let digits = String(id)
            return "SKU-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        }
        var total = 0.0
        var cumulative = [Double](repeating: 0, count: products)
        for rank in 0..<products {
            total += 1 / Foundation.pow(Double(rank + 1), exponent)
            cumulative[rank] = total
        }
        self.cumulative = cumulative.map { $0 / total }
        random = DemoRandom(seed: seed)
    }

    /// A product id drawn by popularity (binary search of the cumulative distribution).
    mutating func popular() -> Int {
        let u = random.uniform()
        var low = 0
        var high = products - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Fills `basket` with the SKUs of the next order (1-4 lines; 40/30/20/10 %).
    mutating func next(into basket: inout [String]) {
        basket.removeAll(keepingCapacity: true)
        let u = random.uniform()
        let size = u < 0.4 ? 1 : u < 0.7 ? 2 : u < 0.9 ? 3 : 4
        let first = popular()
        basket.append(skus[first])
        for _ in 1..<size {
            let id: Int
            if random.chance(0.5) {
                id = (first + 1 + random.int(below: 20)) % products
            } else {
                id = popular()
            }
            basket.append(skus[id])
        }
    }
}
