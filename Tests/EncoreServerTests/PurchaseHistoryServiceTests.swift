import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Logging
import ServiceLifecycle
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

    @Test("in a service group, a graceful shutdown ends its hour-long wait at once")
    func gracefulShutdown() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let sqlite = try #require(storage as? SQLiteBackend)
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: Self.orders(store, 6, customers: 2)), now: Fixtures.t0)
            let service = PurchaseHistoryService(storage: storage, interval: .seconds(3_600))
            let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
            let running = Task { try await group.run() }
            // The first pass runs at once; then the service waits an hour.
            while try await sqlite.stalePurchaseHistories(storeID: store.id) > 0 { try await Task.sleep(for: .milliseconds(10)) }
            await group.triggerGracefulShutdown()
            // Whether the group stopped within 30 s (a bound on a hang, not a speed: otherwise it
            // would wait out its hour). Past it, the group is cancelled so the test ends.
            let stopped = await withTaskGroup(of: Bool.self) { race in
                race.addTask {
                    _ = try? await running.value
                    return true
                }
                race.addTask {
                    try? await Task.sleep(for: .seconds(30))
                    running.cancel()
                    return false
                }
                let first = await race.next() ?? false
                race.cancelAll()
                return first
            }
            #expect(stopped, "a graceful shutdown ends the service's wait")
        }
    }
}
