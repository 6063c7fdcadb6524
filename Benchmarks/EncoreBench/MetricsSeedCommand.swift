import ArgumentParser
import EncoreCore
import EncoreStore
import Foundation

/// `encore-bench metrics-seed`: a SQLite store for `Benchmarks/metrics.sh` (not timed): `--orders`
/// orders over four years (2022-11-01 to 2026-11-01) by `--customers` customers, in New York
/// time. Each order is a copy of one ingested order (so rows are as wide as real ones) with its
/// own key, customer, time and total, drawn by hashing its number: customer k = ⌊C·u²⌋ for a
/// uniform u, so a few customers order often and most a few times; 2% cancelled, 3% refunded
/// (half the total), 4% with a return (a fifth of them rejected). Set-based SQL in chunks; the
/// customer index is dropped while the orders go in and rebuilt after (a sort, not ten million
/// random B-tree inserts). Line items are not copied: the metrics never read them.
struct MetricsSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics-seed", abstract: "Seed a SQLite store of many orders for `encore metrics` (not timed).")

    @Option(help: "Database URL (sqlite://...).") var database: String
    @Option(help: "Orders to seed.") var orders = 10_000_000
    @Option(help: "Customers to draw the orders' customers from.") var customers = 1_500_000

    static let store = "bench-metrics"
    static let start: Int64 = 1_667_260_800_000  // 2022-11-01T00:00:00Z
    static let span: Int64 = 126_230_400  // four years (1,461 days), in seconds
    static let chunk = 1_000_000

    func run() async throws {
        let db = try await BenchDatabase.open(database)
        guard !db.postgres else { throw BenchError("metrics-seed seeds SQLite only") }
        guard try await db.storage.store(named: Self.store) == nil else {
            throw BenchError("the database already has a store '\(Self.store)'; seed a new file")
        }
        let clock = ContinuousClock()
        let began = clock.now
        let store = try await db.storage.createStore(
            name: Self.store, organisation: nil, currency: .usd, timeZone: "America/New_York", webhookSecret: nil,
            now: Timestamp(millisecondsSinceEpoch: Self.start))
        let at = Timestamp(millisecondsSinceEpoch: Self.start)
        _ = try await db.storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .historical,
                customers: [
                    Customer(storeID: store.id, key: "c0", email: "c0@example.com", firstName: "Ada", lastName: "Lovelace", createdAt: at)
                ],
                orders: [
                    Order(
                        storeID: store.id, key: "o0", number: "#0", customerKey: "c0", placedAt: at, currency: .usd, subtotal: 4_900,
                        shipping: 500, total: 5_400,
                        lines: [LineItem(key: "1", sku: "SKU-1", title: "Organic cotton tee", quantity: 2, unitPrice: 2_450)])
                ]),
            now: at)
        let index = try await db.sql.read([SQLStatement("SELECT sql FROM sqlite_master WHERE name = 'orders_by_customer'")])[0][0].text(0)
        _ = try await db.sql.write([SQLStatement("DROP INDEX orders_by_customer")])

        let s = "t.store_id = \(store.id)"
        var from = 1
        while from <= customers {
            let to = min(customers, from + Self.chunk - 1)
            try await db.clone(
                "customers", filter: "\(s) AND t.customer_key = 'c0'",
                replacing: ["customer_key": "printf('c%08d', n)", "email": "printf('c%08d@example.com', n)"], from: from, to: to)
            from = to + 1
        }
        // Per order n: u in [0, 1) and the other draws from multiplicative hashes of n.
        let u = "(((n * 2654435761) % 4294967296) / 4294967296.0)"
        let placed = "(\(Self.start) + ((n * 1103515245 + 12345) % \(Self.span)) * 1000 + n % 1000)"
        let total = "(500 + (n * 69069) % 30000)"
        let cancelled = "((n * 40503) % 100 < 2)"
        from = 1
        while from <= orders {
            let to = min(orders, from + Self.chunk - 1)
            try await db.clone(
                "orders", filter: "\(s) AND t.order_key = 'o0'",
                replacing: [
                    "order_key": "printf('o%09d', n)", "number": "'#' || n",
                    "customer_key": "printf('c%08d', 1 + CAST(\(customers) * \(u) * \(u) AS INTEGER))", "placed_at": placed,
                    "created_at": placed, "updated_at": placed, "subtotal": total, "total": total,
                    "cancelled_at": "CASE WHEN \(cancelled) THEN \(placed) + 3600000 END",
                    "cancel_reason": "CASE WHEN \(cancelled) THEN 'customer' END",
                ], from: from, to: to)
            _ = try await db.sql.write([
                SQLStatement(
                    """
                    \(db.series(from, to)) INSERT INTO refunds (store_id, refund_key, order_key, amount, currency, reason, created_at)
                    SELECT \(store.id), 'r' || n, printf('o%09d', n), \(total) / 2, 'USD', 'damaged', \(placed) + 259200000
                    FROM g WHERE (n * 7919) % 100 < 3
                    """),
                SQLStatement(
                    """
                    \(db.series(from, to)) INSERT INTO returns (store_id, return_key, order_key, status, reason, requested_at, updated_at)
                    SELECT \(store.id), 'x' || n, printf('o%09d', n), CASE WHEN n % 5 = 0 THEN 'rejected' ELSE 'requested' END,
                    'size', \(placed) + 432000000, \(placed) + 432000000
                    FROM g WHERE (n * 104729) % 100 < 4
                    """),
            ])
            print("orders \(to) of \(orders) (\(clock.now - began))")
            from = to + 1
        }
        _ = try await db.sql.write([SQLStatement(index)])
        let packing = clock.now
        let packed = try await db.storage.refreshPurchaseHistories(storeID: store.id)
        print("packed \(packed) purchase histories in \(clock.now - packing)")
        try await db.storage.close()
        print("seeded \(orders) orders by up to \(customers) customers in store '\(Self.store)' in \(clock.now - began)")
    }
}
