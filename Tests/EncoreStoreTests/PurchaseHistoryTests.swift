import EncoreCore
import EncoreTestSupport
import Foundation
import GRDB
import Testing

@testable import EncoreStore

@Suite("Storage: SQLite's packed purchase histories stay true to the orders")
struct PurchaseHistoryTests {
    typealias Order3 = (placedAt: Int64, amount: Int64, returned: Bool)

    static func pack(_ orders: [Order3]) throws -> [UInt8] {
        var encoder = PurchaseHistory.Encoder()
        for o in orders { try encoder.append(placedAt: o.placedAt, amount: o.amount, returned: o.returned) }
        return encoder.bytes
    }

    static func unpack(_ bytes: [UInt8]) throws -> [Order3] {
        var out: [Order3] = []
        try bytes.withUnsafeBufferPointer { buffer in try PurchaseHistory.forEach(buffer) { out.append(($0, $1, $2)) } }
        return out
    }

    @Test("the packing gives back every Int64 instant and amount, and refuses bytes and orders it cannot hold")
    func packing() throws {
        let orders: [Order3] = [
            (.min, .max, false), (-86_400_000, 5_000, false), (0, -2_500, true), (0, 0, false), (1_767_225_600_123, 123_456_789, true),
            (1_767_225_600_123, 1, false), (.max, .min, true),
        ]
        let bytes = try Self.pack(orders)
        let back = try Self.unpack(bytes)
        #expect(back.count == orders.count)
        for (a, b) in zip(back, orders) { #expect(a == b) }
        #expect(try Self.unpack([]).isEmpty)
        // A typical later order (a day after the one before, an amount of a few dollars) takes 7 bytes.
        let first = try Self.pack([(1_767_225_600_000, 12_999, false)])
        #expect(try Self.pack([(1_767_225_600_000, 12_999, false), (1_767_312_000_000, 4_500, false)]).count - first.count == 7)

        let one = try Self.pack([(1_000, 5, false)])  // [0xd0, 0x0f, 0x0a, 0x00]
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.unpack(Array(bytes.dropLast())) }
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.unpack(Array(one.dropLast())) }
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.unpack(Array(one.dropLast()) + [2]) }
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.unpack([UInt8](repeating: 0xff, count: 11)) }
        // Ten bytes whose last carries more than the 64th bit.
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.unpack([UInt8](repeating: 0xff, count: 9) + [0x02, 0x00, 0x00]) }
        // The largest instant, then a step of one: past Int64.max.
        var past = try Self.pack([(.max, 0, false)])
        past += [0x01, 0x00, 0x00]
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.unpack(past) }
        #expect(throws: PurchaseHistory.Malformed.self) { try Self.pack([(10, 1, false), (9, 1, false)]) }
    }

    /// The fold of the store's last two years, on the histories as they stand, checked against
    /// the paged fold over the orders (which never reads the histories).
    static func checkFold(_ backend: SQLiteBackend, _ store: Store, _ note: String) async throws {
        let history = PurchaseFoldStorageTests.History(store: store, orders: [], refunds: [], returns: [])
        let scan = PurchaseFoldStorageTests.scan(history, "2025-01-01", "2027-01-01", referred: ["c2"])
        let fold = try await backend.foldPurchases(scan)
        let paged = try await backend.foldPurchasesInPages(scan)
        #expect(fold.metrics == paged.metrics && fold.matrix == paged.matrix, "\(note)")
        #expect(paged.metrics.orders > 0, "\(note)")
    }

    static func rows(_ backend: SQLiteBackend, _ store: Store) async throws -> [String: Bool] {
        let rows = try await backend.read([
            SQLStatement(
                "SELECT customer_key || ' ' || currency, history IS NULL FROM purchase_histories WHERE store_id = ?", [.int(store.id)])
        ])[0]
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.text(0), $0.int(1) == 1) })
    }

    static func order(_ store: Store, _ key: String, _ customer: String, day: Int64, total: Int64) -> Order {
        var order = Fixtures.order(store, key: key, customer: customer, total: total, lines: 1)
        order.placedAt = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000 + day * 86_400_000)
        return order
    }

    @Test("SQLite: each write that changes a customer's counted orders marks that history stale in its transaction, and only those")
    func staleness() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let backend = try #require(storage as? SQLiteBackend)
            let store = try await Fixtures.store(storage)
            let t = Fixtures.t0
            func ingest(_ batch: IngestBatch) async throws { _ = try await storage.ingest(batch, now: t) }
            func stale() async throws -> Set<String> { Set(try await Self.rows(backend, store).filter(\.value).keys) }
            let a1 = Self.order(store, "a1", "c1", day: 1, total: 10_000)
            let a2 = Self.order(store, "a2", "c1", day: 40, total: 7_000)
            var b1 = Self.order(store, "b1", "c2", day: 3, total: 2_000)
            let e1 = Self.order(store, "e1", "c1", day: 5, total: 900)
            var euro = e1
            euro.currency = .eur
            try await ingest(IngestBatch(storeID: store.id, orders: [a1, a2, b1, euro]))
            #expect(try await stale() == ["c1 USD", "c2 USD", "c1 EUR"])
            try await Self.checkFold(backend, store, "all stale")
            #expect(try await backend.refreshPurchaseHistories(storeID: store.id) == 3)
            #expect(try await stale().isEmpty)
            try await Self.checkFold(backend, store, "all packed")

            // The same orders again, unchanged: nothing is stale.
            try await ingest(IngestBatch(storeID: store.id, orders: [a1, a2, b1]))
            #expect(try await stale().isEmpty)

            try await ingest(
                IngestBatch(storeID: store.id, refunds: [Refund(storeID: store.id, key: "r1", orderKey: "a2", amount: 3_000, currency: .usd, createdAt: t)]))
            #expect(try await stale() == ["c1 USD"], "a refund")
            try await Self.checkFold(backend, store, "after a refund, stale")
            #expect(try await backend.refreshPurchaseHistories(storeID: store.id) == 1)
            try await Self.checkFold(backend, store, "after a refund, packed")

            let requested = Return(
                storeID: store.id, key: "x1", orderKey: "b1", status: .requested, requestedAt: t, lines: [ReturnLine(lineKey: "1", quantity: 1)])
            try await ingest(IngestBatch(storeID: store.id, returns: [requested]))
            #expect(try await stale() == ["c2 USD"], "a return requested")
            _ = try await backend.refreshPurchaseHistories(storeID: store.id)
            var rejected = requested
            rejected.status = .rejected
            try await ingest(IngestBatch(storeID: store.id, returns: [rejected]))
            #expect(try await stale() == ["c2 USD"], "a return rejected")
            try await Self.checkFold(backend, store, "after a rejected return, stale")
            _ = try await backend.refreshPurchaseHistories(storeID: store.id)

            var cancelled = a1
            cancelled.cancelledAt = t
            try await ingest(IngestBatch(storeID: store.id, orders: [cancelled]))
            #expect(try await stale() == ["c1 USD"], "a cancellation")
            _ = try await backend.refreshPurchaseHistories(storeID: store.id)
            try await Self.checkFold(backend, store, "after a cancellation")

            // An order moved to another customer: both are stale; the one left with no order loses its row.
            b1.customerKey = "c3"
            try await ingest(IngestBatch(storeID: store.id, orders: [b1]))
            #expect(try await stale() == ["c2 USD", "c3 USD"], "a customer changed")
            try await Self.checkFold(backend, store, "after a customer change, stale")
            #expect(try await backend.refreshPurchaseHistories(storeID: store.id) == 2)
            #expect(try await Self.rows(backend, store).keys.sorted() == ["c1 EUR", "c1 USD", "c3 USD"])
            try await Self.checkFold(backend, store, "after a customer change, packed")

            // Rows deleted straight in the database (no path of Encore's deletes an order) are seen too.
            _ = try await backend.write([SQLStatement("DELETE FROM refunds WHERE store_id = ? AND refund_key = 'r1'", [.int(store.id)])])
            #expect(try await stale() == ["c1 USD"], "a refund deleted")
            _ = try await backend.write([SQLStatement("DELETE FROM orders WHERE store_id = ? AND order_key = 'e1'", [.int(store.id)])])
            #expect(try await stale() == ["c1 USD", "c1 EUR"], "an order deleted")
            _ = try await backend.refreshPurchaseHistories(storeID: store.id)
            #expect(try await Self.rows(backend, store).keys.sorted() == ["c1 USD", "c3 USD"])
            try await Self.checkFold(backend, store, "after deletes")
        }
    }

    @Test("SQLite: a refresh of many customers runs in several transactions and leaves none stale")
    func batches() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let backend = try #require(storage as? SQLiteBackend)
            let store = try await Fixtures.store(storage)
            let orders = (0..<250).map { Self.order(store, "o\($0)", "c\($0 % 70)", day: Int64($0 % 300), total: Int64(100 + $0)) }
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: orders), now: Fixtures.t0)
            #expect(try await backend.stalePurchaseHistories(storeID: store.id) == 70)
            #expect(try await backend.refreshPurchaseHistories(storeID: store.id, batch: 8) == 70)
            #expect(try await backend.stalePurchaseHistories(storeID: store.id) == 0)
            #expect(try await backend.refreshPurchaseHistories(storeID: store.id) == 0)
            try await Self.checkFold(backend, store, "after batches of 8")
        }
    }

    @Test("SQLite: two stores with the same customer keys never read or refresh each other's histories")
    func isolation() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let backend = try #require(storage as? SQLiteBackend)
            let a = try await Fixtures.store(storage, "a")
            let b = try await Fixtures.store(storage, "b")
            _ = try await storage.ingest(
                IngestBatch(storeID: a.id, orders: [Self.order(a, "1", "c1", day: 1, total: 100), Self.order(a, "2", "c2", day: 2, total: 200)]),
                now: Fixtures.t0)
            _ = try await storage.ingest(
                IngestBatch(storeID: b.id, orders: [Self.order(b, "1", "c1", day: 1, total: 999_999)]), now: Fixtures.t0)
            #expect(try await backend.refreshPurchaseHistories(storeID: a.id) == 2)
            #expect(try await backend.stalePurchaseHistories(storeID: b.id) == 1)
            try await Self.checkFold(backend, a, "store a packed, b stale")
            let history = PurchaseFoldStorageTests.History(store: a, orders: [], refunds: [], returns: [])
            let fold = try await backend.foldPurchases(PurchaseFoldStorageTests.scan(history, "2025-01-01", "2027-01-01", referred: []))
            #expect(fold.metrics.orders == 2 && fold.metrics.revenue == 3)
        }
    }

    @Test("SQLite: a database of schema 9 upgrades with every customer's history stale and the same figures")
    func upgrade() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encore-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = "sqlite://" + directory.appendingPathComponent("test.sqlite").path
        var storage = try await openStorage(url: url)
        let store = try await Fixtures.store(storage)
        let orders = (0..<60).map { Self.order(store, "o\($0)", "c\($0 % 9)", day: Int64($0 * 5), total: Int64(1_000 + $0)) }
        _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: orders), now: Fixtures.t0)
        _ = try await storage.refreshPurchaseHistories(storeID: store.id)
        // Back to schema 9: no table, no triggers, no record of version 10.
        let backend = try #require(storage as? SQLiteBackend)
        let triggers = try await backend.read([
            SQLStatement("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%purchase_history%'")
        ])[0].map { $0.text(0) }
        #expect(triggers.count == 9)
        _ = try await backend.write(
            triggers.map { SQLStatement("DROP TRIGGER \($0)") } + [
                SQLStatement("DROP TABLE purchase_histories"),
                SQLStatement("DELETE FROM grdb_migrations WHERE identifier = '10-purchase histories'"),
            ])
        try await storage.close()

        storage = try await openStorage(url: url)
        let upgraded = try #require(storage as? SQLiteBackend)
        #expect(try await upgraded.stalePurchaseHistories(storeID: store.id) == 9)
        try await Self.checkFold(upgraded, store, "upgraded, stale")
        #expect(try await upgraded.refreshPurchaseHistories(storeID: store.id) == 9)
        try await Self.checkFold(upgraded, store, "upgraded, packed")
        try await storage.close()
    }

    @Test("SQLite: totals near Int64's limits and keys with any character (NUL, accents in two spellings) pack and fold like the orders")
    func extremes() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let backend = try #require(storage as? SQLiteBackend)
            let store = try await Fixtures.store(storage)
            let keys = ["a", "a\u{0}b", "caf\u{e9}", "cafe\u{301}", "\u{1F600}", ""]
            var orders: [Order] = []
            for (n, key) in keys.enumerated() {
                orders.append(Self.order(store, "k\(n)-1", key, day: Int64(n), total: 1 << 62))
                orders.append(Self.order(store, "k\(n)-2", key, day: Int64(n) + 30, total: Int64(100 + n)))
            }
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: orders), now: Fixtures.t0)
            let stored = try await backend.read([
                SQLStatement("SELECT count(DISTINCT hex(customer_key)) FROM orders WHERE store_id = ?", [.int(store.id)])
            ])[0][0].int(0)
            // The reference computes with `String` keys, which Swift compares up to canonical
            // equivalence (it would merge the two spellings of "café"); the database compares
            // bytes. So it gets stand-ins in the keys' byte order.
            let byBytes = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            func standIn(_ key: String) -> String { "k\(byBytes.firstIndex { $0.utf8.elementsEqual(key.utf8) }!)" }
            let renamed = orders.map { order in
                var order = order
                order.customerKey = order.customerKey.map(standIn)
                return order
            }
            let reference = PurchaseFoldStorageTests.History(store: store, orders: renamed, refunds: [], returns: [])
            let expected = PurchaseFoldStorageTests.expected(
                reference, PurchaseFoldStorageTests.scan(reference, "2025-01-01", "2027-01-01", referred: [standIn("a\u{0}b")]))
            let history = PurchaseFoldStorageTests.History(store: store, orders: orders, refunds: [], returns: [])
            let scan = PurchaseFoldStorageTests.scan(history, "2025-01-01", "2027-01-01", referred: ["a\u{0}b"])
            #expect(expected.0.customers == keys.count && expected.0.newCustomers == keys.count && expected.0.referralRate.value == 1.0 / 6)
            for round in ["stale", "packed"] {
                let fold = try await backend.foldPurchases(scan)
                #expect(fold.metrics == expected.0 && fold.matrix == expected.1, "\(round)")
                if round == "stale" { #expect(try await backend.refreshPurchaseHistories(storeID: store.id) == stored) }
            }
            #expect(stored == keys.count, "every key is stored as written")
            #expect(try await backend.stalePurchaseHistories(storeID: store.id) == 0)
        }
    }

    @Test("SQLite: a malformed stored history fails the fold with an error that says so, never a wrong figure")
    func malformed() async throws {
        try await withStorage(.sqlite) { storage, _ in
            let backend = try #require(storage as? SQLiteBackend)
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [Self.order(store, "1", "c1", day: 1, total: 100)]), now: Fixtures.t0)
            _ = try await backend.refreshPurchaseHistories(storeID: store.id)
            _ = try await backend.write([SQLStatement("UPDATE purchase_histories SET history = x'ff' WHERE store_id = ?", [.int(store.id)])])
            let history = PurchaseFoldStorageTests.History(store: store, orders: [], refunds: [], returns: [])
            let scan = PurchaseFoldStorageTests.scan(history, "2025-01-01", "2027-01-01", referred: [])
            await #expect(throws: PurchaseHistory.Malformed.self) { try await backend.foldPurchases(scan) }
            #expect("\(PurchaseHistory.Malformed())".contains("malformed"))
        }
    }
}
