import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

/// `encore recommendations [--store S] [--metric lift|cosine] [--min-support N] [--json]`:
/// computes the stores' "bought together" lists now (`serve` does it at start and every 6 hours).
struct RecommendationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations",
        abstract: "Compute the \"bought together\" lists from the order history (serve does it every 6 hours).")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "One store (default: every store).") var store: String?
    @Option(help: "lift or cosine.") var metric: String = CoPurchaseMetric.lift.rawValue
    @Option(help: "Fewest orders a pair must share.") var minSupport: Int64 = 2
    @Option(help: "Neighbours kept per product (1-100).") var neighbours: Int = 10
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard CoPurchaseMetric(rawValue: metric) != nil else { throw ValidationError("--metric must be lift or cosine, not '\(metric)'") }
        guard minSupport >= 1 else { throw ValidationError("--min-support must be at least 1") }
        guard (1...100).contains(neighbours) else { throw ValidationError("--neighbours must be between 1 and 100") }
    }

    func run() async throws {
        let storage = try await db.open()
        do {
            let stores: [Store]
            if let store { stores = [try await resolveStore(storage, store)] } else { stores = try await storage.stores() }
            let options = CoPurchaseOptions(
                metric: CoPurchaseMetric(rawValue: metric) ?? .lift, neighbours: neighbours, minSupport: minSupport)
            let builder = RecommendationBuilder(storage: storage, options: options)
            var results: [JSONText] = []
            for target in stores {
                let started = ContinuousClock.now
                let report = try await builder.rebuild(storeID: target.id)
                let elapsed = (ContinuousClock.now - started).components
                let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                results.append(
                    .object([
                        ("store", .string(target.name)), ("baskets", .int(report.baskets)), ("products", .int(Int64(report.products))),
                        ("with_neighbours", .int(Int64(report.productsWithNeighbours))), ("pairs", .int(Int64(report.pairs))),
                        ("memory_bytes", .int(Int64(report.approximateMemoryBytes))),
                    ]))
                if !json {
                    print(
                        "\(target.name): \(report.baskets) orders, \(report.productsWithNeighbours) of \(report.products) products with neighbours, \(report.pairs) pairs (\(String(format: "%.1f", seconds)) s)")
                }
            }
            if json { print(JSONText.render([("stores", .array(results))])) }
            try await storage.close()
        } catch {
            try? await storage.close()
            throw error
        }
    }
}
