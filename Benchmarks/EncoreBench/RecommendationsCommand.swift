import ArgumentParser
import EncoreCore
import EncoreLoyalty
import Foundation

/// `encore-bench recommendations`: the "bought together" engine over a seeded synthetic history
/// (Zipf-like popularity, baskets of 1-4 lines): counting, ranking and per-customer look-ups,
/// with the peak resident memory. In memory only: reading the orders from a store is not included.
struct RecommendationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations", abstract: "Times co-purchase counting and ranking over synthetic orders.")

    @Option(help: "Distinct products.") var products = 50_000
    @Option(help: "Orders (baskets).") var orders = 5_000_000
    @Option(help: "lift or cosine.") var metric = "lift"

    func run() throws {
        guard let metric = CoPurchaseMetric(rawValue: metric) else {
            throw ValidationError("--metric must be lift or cosine, got '\(self.metric)'")
        }
        print("products \(products), orders \(orders), metric \(metric.rawValue)")
        var generator = SyntheticBaskets(products: products, seed: 20_261_123)
        var basket: [String] = []
        var start = ContinuousClock.now
        var lines = 0
        for _ in 0..<orders {
            generator.next(into: &basket)
            lines += basket.count
        }
        let generateTime = seconds(since: start)
        print(String(format: "generating the orders alone (peer): %.2f s, %d lines", generateTime, lines))

        generator = SyntheticBaskets(products: products, seed: 20_261_123)
        start = ContinuousClock.now
        var counts = CoPurchaseCounts()
        for _ in 0..<orders {
            generator.next(into: &basket)
            counts.add(basket: basket)
        }
        let buildTime = seconds(since: start)
        start = ContinuousClock.now
        let ranking = CoPurchaseRanking(counts: counts, options: CoPurchaseOptions(metric: metric, neighbours: 10))
        let rankTime = seconds(since: start)
        print(
            String(
                format: "generating + counting: %.2f s (%d products, %d distinct pairs); ranking top 10: %.2f s",
                buildTime, counts.productCount, counts.pairCount, rankTime))

        start = ContinuousClock.now
        var recommended = 0
        var purchased: [String] = []
        for index in 0..<100_000 {
            purchased.removeAll(keepingCapacity: true)
            for offset in 0..<5 { purchased.append(generator.skus[(index * 7 + offset * 131) % products]) }
            recommended += ranking.recommendations(forPurchased: purchased, limit: 10).count
        }
        print(String(format: "100,000 customers' top 10: %.2f s (%d items)", seconds(since: start), recommended))
        print(
            String(
                format: "counting + ranking (generation subtracted): %.2f s; peak RSS %.0f MiB",
                buildTime - generateTime + rankTime, Self.peakRSSMiB()))
    }


    /// Peak resident set size (VmHWM of /proc/self/status) in MiB; -1 where there is none.
    static func peakRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").compactMap { Double($0) }.first ?? -1) / 1024
        }
        return -1
    }
}
