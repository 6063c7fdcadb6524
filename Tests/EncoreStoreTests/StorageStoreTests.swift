import EncoreCore
import EncoreTestSupport
import Testing
@testable import EncoreStore

@Suite("Storage: stores, keys and isolation")
struct StorageStoreTests {
    let now = Fixtures.t0

    @Test("stores are unique by name and found by name, id and key hash", arguments: Backend.enabled)
    func stores(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let a = try await Fixtures.store(storage, "alpha")
            let b = try await storage.createStore(
                name: "beta", organisation: "alpha", currency: .jpy, timeZone: "Asia/Tokyo", webhookSecret: nil, now: now)
            #expect(b.organisationID == a.organisationID, "an organisation groups allied brands")
            await #expect(throws: StorageError.self) {
                _ = try await Fixtures.store(storage, "alpha")
            }
            #expect(try await storage.store(named: "beta")?.currency == .jpy)
            #expect(try await storage.store(id: a.id)?.name == "alpha")
            #expect(try await storage.stores().map(\.name) == ["alpha", "beta"])
            try await storage.addAPIKey(storeID: a.id, keyHash: "hash-a", prefix: "enc_aaaa", now: now)
            try await storage.addAPIKey(storeID: b.id, keyHash: "hash-b", prefix: "enc_bbbb", now: now)
            #expect(try await storage.store(forAPIKeyHash: "hash-a")?.id == a.id)
            #expect(try await storage.store(forAPIKeyHash: "hash-b")?.id == b.id)
            #expect(try await storage.store(forAPIKeyHash: "nope") == nil)
            #expect(try await storage.store(named: "alpha")?.webhookSecret == "secret-alpha")
            #expect(try await storage.revokeAPIKeys(storeID: b.id, prefix: "enc_aaaa", now: now) == 0, "another store's key")
            #expect(try await storage.revokeAPIKeys(storeID: a.id, prefix: "enc_aaaa", now: now) == 1)
            #expect(try await storage.store(forAPIKeyHash: "hash-a") == nil, "a revoked key opens nothing")
            #expect(try await storage.apiKeys(storeID: a.id).first?.revokedAt == now)
        }
    }

    @Test("one store never sees another's records, even with the same source ids", arguments: Backend.enabled)
    func isolation(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let a = try await Fixtures.store(storage, "alpha")
            let b = try await Fixtures.store(storage, "beta")
            _ = try await storage.ingest(
                IngestBatch(storeID: a.id, customers: [Fixtures.customer(a)], orders: [Fixtures.order(a, total: 1000)]),
                now: now)
            #expect(try await storage.order(storeID: b.id, key: "1001") == nil)
            #expect(try await storage.customer(storeID: b.id, key: "c1", eventLimit: 10) == nil)
            _ = try await storage.ingest(
                IngestBatch(storeID: b.id, customers: [Fixtures.customer(b)], orders: [Fixtures.order(b, total: 7000)]),
                now: now)
            #expect(try await storage.order(storeID: a.id, key: "1001")?.order.total == 1000)
            #expect(try await storage.order(storeID: b.id, key: "1001")?.order.total == 7000)
            let stats = try await storage.stats(storeID: nil)
            #expect(stats.map(\.revenue) == [["USD": 1000], ["USD": 7000]])
            #expect(try await storage.customer(storeID: a.id, key: "c1", eventLimit: 10)?.events.count == 2, "its order and its creation")
        }
    }

    @Test("migrations are idempotent: opening a migrated database again works", arguments: Backend.enabled)
    func reopen(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, url in
            _ = try await Fixtures.store(storage)
            let again = try await openStorage(url: url)
            #expect(try await again.stores().count == 1)
            try await again.close()
        }
    }
}
