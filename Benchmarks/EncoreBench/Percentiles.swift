/// Order statistics of a sample, nearest rank.
struct Percentiles {
    let sorted: [Int64]

    init(_ values: [Int64]) { sorted = values.sorted() }

    /// The value at quantile `q` (0...1); 0 for an empty sample.
    func at(_ q: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }
}
