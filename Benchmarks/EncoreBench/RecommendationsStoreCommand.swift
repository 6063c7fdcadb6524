import ArgumentParser
import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import Foundation

/// `encore-bench recommendations-store`: the "bought together" lists computed by Encore from a
/// store's stored orders (`RecommendationBuilder.rebuild`: reading the orders in pages, counting,
/// ranking, replacing the stored lists), with the process's peak memory, beside its peer in the
/// same run: the engine alone over the same synthetic baskets in memory. The first run on an empty
/// database seeds it (not timed as the target); run again for the figures without the seeding's
/// memory.
struct RecommendationsStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations-store", abstract: "Times recomputing a store's recommendations from its stored orders.")

    @Option(help: "Database URL (sqlite://... or postgres://...).") var database: String
    @Option(help: "Distinct products.") var products = 50_000
    @Option(help: "Orders (baskets).") var orders = 5_000_000
    @Flag(help: "Also time the engine alone over the same baskets in memory (raises the peak memory).") var peer = false

    static let seed: UInt64 = 20_261_123

    func run() async throws {
        let db = try await BenchDatabase.open(database)
        let storage = db.storage
        let store: Store
        if let existing = try await storage.store(named: "bench-recs") {
            store = existing
        } else {
            store = try await storage.createStore(
                name: "bench-recs", organisation: nil, currency: .usd, timeZone: "UTC", webhookSecret: nil,
                now: SeedCommand.base)
        }
        let stored = try await db.count("SELECT COUNT(*) FROM orders WHERE store_id = ?", [.int(store.id)])
        if stored < Int64(orders) {
            let start = ContinuousClock.now
            try await Self.seed(db, storeID: store.id, products: products, from: Int(stored), to: orders)
            print("seeded \(orders - Int(stored)) orders in \(ContinuousClock.now - start) (not the measure; run again for clean memory)")
        }
        print("products \(products), orders \(orders) in store \(store.name), \(db.postgres ? "postgres" : "sqlite")")
        let start = ContinuousClock.now
        let report = try await RecommendationBuilder(storage: storage).rebuild(storeID: store.id)
        let encore = seconds(since: start)
        print(
            String(
                format: "encore rebuild from the store: %.2f s (%lld baskets, %d products, %d with neighbours, %d pairs); peak RSS %.0f MiB",
                encore, report.baskets, report.products, report.productsWithNeighbours, report.pairs,
                RecommendationsCommand.peakRSSMiB()))
        if peer {
            var generator = SyntheticBaskets(products: products, seed: Self.seed)
            var basket: [String] = []
            let begin = ContinuousClock.now
            var counts = CoPurchaseCounts()
            for _ in 0..<orders {
                generator.next(into: &basket)
                counts.add(basket: basket)
            }
            _ = CoPurchaseRanking(counts: counts, options: CoPurchaseOptions(metric: .lift, neighbours: 10))
            let alone = seconds(since: begin)
            print(String(format: "peer (the engine alone, baskets generated in memory): %.2f s; ratio encore/peer %.2f", alone, encore / alone))
        }
        try await storage.close()
    }

    /// Orders `from..<to` of the synthetic history as rows, 5,000 orders a transaction.
    static func seed(_ db: BenchDatabase, storeID: StoreID, products: Int, from: Int, to: Int) async throws {
        var generator = SyntheticBaskets(products: products, seed: seed)
        var basket: [String] = []
        for _ in 0..<from { generator.next(into: &basket) }
        let orderHead = """
            INSERT INTO orders (store_id, order_key, customer_key, placed_at, currency, subtotal, discounts, tax, shipping, total,
            channel, financial_status, fulfilment_status, origin, content_hash, created_at, updated_at) VALUES
            """
        let lineHead = "INSERT INTO line_items (store_id, order_key, line_key, sku, title, quantity, unit_price, discount, total) VALUES"
        var index = from
        while index < to {
            let end = min(index + 5_000, to)
            var statements: [SQLStatement] = []
            var orderRows: [[SQLValue]] = []
            var lineRows: [[SQLValue]] = []
            for number in index..<end {
                generator.next(into: &basket)
                let key = String(format: "o%09d", number)
                let at = SeedCommand.base.millisecondsSinceEpoch + Int64(number) * 6_000
                orderRows.append([
                    .int(storeID), .text(key), .text("c\(number % 1_000_000)"), .int(at), .text("USD"), .int(1_000), .int(0), .int(0),
                    .int(0), .int(1_000), .text("web"), .text("paid"), .text("fulfilled"), .text("import"), .text("-"), .int(at), .int(at),
                ])
                for (line, sku) in basket.enumerated() {
                    lineRows.append([
                        .int(storeID), .text(key), .text(String(line + 1)), .text(sku), .text("Product \(sku)"), .int(1), .int(250),
                        .int(0), .int(250),
                    ])
                }
            }
            statements += Self.rows(orderHead, orderRows)
            statements += Self.rows(lineHead, lineRows)
            _ = try await db.sql.write(statements)
            index = end
        }
    }

    static func rows(_ head: String, _ rows: [[SQLValue]], chunk: Int = 200) -> [SQLStatement] {
        stride(from: 0, to: rows.count, by: chunk).map { start in
            let part = rows[start..<min(start + chunk, rows.count)]
            let placeholder = "(" + Array(repeating: "?", count: part.first!.count).joined(separator: ", ") + ")"
            return SQLStatement(head + " " + Array(repeating: placeholder, count: part.count).joined(separator: ", "), part.flatMap { $0 })
        }
    }
}
