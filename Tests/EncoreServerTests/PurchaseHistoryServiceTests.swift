import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("Server: the purchase histories' refresh keeps every store's histories packed")
struct PurchaseHistoryServiceTests {
    static func orders(_ store: Store, _ count: Int, customers: Int) -> [Order] {
        (0..<count).map { n in
            var order = Fixtures.order(store, key: "o\(n)", customer: "c\(n % customers)", total: Int64(1_000 + n), lines: 1)
            order.placedAt = Fixtures.t0.adding(seconds: Int64(n) * 86_400)
            return order
        }
    }

    @Test("one pass rebuilds each store's stale histories once (SQLite) and nothing on PostgreSQL", arguments: Backend.enabled)
    func runOnce(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let a = try await Fixtures.store(storage, "a")
            let b = try await Fixtures.store(storage, "b")
            _ = try await storage.ingest(IngestBatch(storeID: a.id, orders: Self.orders(a, 12, customers: 3)), now: Fixtures.t0)
            _ = try await storage.ingest(IngestBatch(storeID: b.id, orders: Self.orders(b, 5, customers: 5)), now: Fixtures.t0)
            let service = PurchaseHistoryService(storage: storage)
            let first = try await service.runOnce()
            #expect(first == (backend == .sqlite ? ["a": 3, "b": 5] : [:]))
            #expect(try await service.runOnce().isEmpty)
        }
    }

    @Test("running, it packs the histories of orders written while it runs, and stops on cancellation")
    func runs() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let sqlite = try #require(storage as? SQLiteBackend)
            let store = try await Fixtures.store(storage)
            let service = PurchaseHistoryService(storage: storage, interval: .milliseconds(20))
            let task = Task { try await service.run() }
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: Self.orders(store, 20, customers: 4)), now: Fixtures.t0)
            var stale = try await sqlite.stalePurchaseHistories(storeID: store.id)
            let deadline = ContinuousClock.now + .seconds(60)
            while stale > 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                stale = try await sqlite.stalePurchaseHistories(storeID: store.id)
            }
            #expect(stale == 0)
            task.cancel()
            try await task.value
        }
    }
}
