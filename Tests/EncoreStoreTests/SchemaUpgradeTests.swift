import EncoreCore
import EncoreTestSupport
import Foundation
import Testing

@testable import EncoreStore

@Suite("Storage: a database at every earlier schema version upgrades to the current one and keeps its data")
struct SchemaUpgradeTests {
    static let latest = Schema.migrations(for: .sqlite).map(\.version).max()!

    /// A database at schema `version` holding what that version's code wrote (an organisation, a
    /// store, a customer, an order and its refund, in the columns version 1 defined); its URL.
    static func withDatabase(_ backend: Backend, at version: Int, _ body: (String) async throws -> Void) async throws {
        let rows = [
            SQLStatement("INSERT INTO organisations (name, created_at) VALUES ('acme', 1)"),
            SQLStatement(
                "INSERT INTO stores (organisation_id, name, currency, time_zone, webhook_secret, created_at) "
                    + "SELECT id, 'old', 'USD', 'UTC', 'secret', 1 FROM organisations"),
            SQLStatement(
                "INSERT INTO customers (store_id, customer_key, email, created_at, updated_at) "
                    + "SELECT id, 'c1', 'c1@example.com', 1, 1 FROM stores"),
            SQLStatement(
                """
                INSERT INTO orders (store_id, order_key, number, customer_key, placed_at, currency, subtotal, discounts, tax,
                shipping, total, channel, financial_status, fulfilment_status, cancelled_at, cancel_reason, origin, content_hash,
                created_at, updated_at)
                SELECT id, 'o1', '#1', 'c1', 1772359200000, 'USD', 5000, 0, 0, 0, 5000, 'web', 'paid', 'fulfilled', NULL, NULL,
                'historical', 'h', 1, 1 FROM stores
                """),
            SQLStatement(
                "INSERT INTO refunds (store_id, refund_key, order_key, amount, currency, reason, created_at) "
                    + "SELECT id, 'r1', 'o1', 1000, 'USD', NULL, 1 FROM stores"),
        ]
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encore-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("old.sqlite").path
            let old = try SQLiteBackend(path: path)
            try await old.migrate(upTo: version)
            _ = try await old.write(rows)
            try await old.close()
            try await body("sqlite://" + path)
        case .postgres:
            try await withEmptyPostgresDatabase { url in
                let old = try await PostgresBackend(url: url)
                try await old.migrate(upTo: version)
                _ = try await old.write(rows)
                try await old.close()
                try await body(url)
            }
        }
    }

    @Test("from every version, 1 up to the one before the current", arguments: Backend.enabled)
    func upgrades(_ backend: Backend) async throws {
        #expect(Self.latest >= 10)
        for version in 1..<Self.latest {
            try await Self.withDatabase(backend, at: version) { url in
                let storage = try await openStorage(url: url)
                do {
                    let store = try #require(try await storage.store(named: "old"), "version \(version)")
                    #expect(store.currency == .usd && store.zone.secondsFromGMT() == 0)
                    var order = Fixtures.order(store, key: "o2", customer: "c1", total: 2_000, lines: 1)
                    order.placedAt = Timestamp(millisecondsSinceEpoch: 1_772_445_600_000)
                    _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [order]), now: Fixtures.t0)
                    let scan = PurchaseScan(
                        storeID: store.id, currency: .usd, before: Timestamp(millisecondsSinceEpoch: 1_800_000_000_000),
                        from: 20_000, to: 20_800, days: LocalDays(zone: TimeZone(identifier: "UTC")!))
                    for round in ["as upgraded", "packed"] {
                        let metrics = try await storage.foldPurchases(scan).metrics
                        #expect(metrics.orders == 2 && metrics.revenue == 60 && metrics.customers == 1, "version \(version), \(round)")
                        _ = try await storage.refreshPurchaseHistories(storeID: store.id)
                    }
                    #expect(try await storage.stores().map(\.name) == ["old"])
                    try await storage.close()
                } catch {
                    try? await storage.close()
                    throw error
                }
            }
        }
    }
}
