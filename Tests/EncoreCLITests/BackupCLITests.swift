import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("CLI: encore backup and encore restore, by round trip")
struct BackupCLITests {
    static func orders(_ store: Store, _ keys: [String]) -> [Order] {
        keys.enumerated().map { n, key in
            var order = Fixtures.order(store, key: key, customer: "c\(n % 2)", total: Int64(1_000 * (n + 1)), lines: 1)
            order.placedAt = Fixtures.t0.adding(seconds: Int64(n) * 86_400)
            return order
        }
    }

    @Test("a backup restores the database as it was, over later changes, only with --replace", arguments: Backend.enabled)
    func roundTrip(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage, "shop")
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: Self.orders(store, ["1", "2", "3"])), now: Fixtures.t0)
            let path = cli.directory.appendingPathComponent("encore.backup").path

            let made = try cli.run(["backup", path])
            #expect(made.status == 0, "\(made.stderr)")
            #expect(made.stdout.contains("backed up 1 stores and 3 orders to \(path)"))
            #expect(FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: path + ".partial"))
            let again = try cli.run(["backup", path])
            #expect(again.status != 0 && again.stderr.contains("already exists"))

            // Changes after the backup: a fourth order and a second store.
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: Self.orders(store, ["1", "2", "3", "4"])), now: Fixtures.t0)
            _ = try await Fixtures.store(storage, "later")
            let refused = try cli.run(["restore", path])
            #expect(refused.status != 0 && refused.stderr.contains("holds 2 stores and 4 orders; pass --replace"), "\(refused.stderr)")
            #expect(try cli.run(["stores", "list"]).stdout.contains("later"), "a refused restore changes nothing")

            let restored = try cli.run(["restore", path, "--replace"])
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(restored.stdout.contains("restored 1 stores and 3 orders"))
            let stores = try cli.run(["stores", "list"])
            #expect(stores.stdout.contains("shop") && !stores.stdout.contains("later"))
            let metrics = try cli.run(["metrics", "--store", "shop", "--from", "2026-01-01", "--to", "2026-12-31", "--json"])
            #expect(metrics.status == 0, "\(metrics.stderr)")
            let figures = try #require(try JSONSerialization.jsonObject(with: Data(metrics.stdout.utf8)) as? [String: Any])
            #expect(figures["orders"] as? Int == 3 && figures["revenue"] as? Double == 60)
        }
    }

    @Test("bad input: no backup, a file that is not a backup, a missing database; nothing is changed", arguments: Backend.enabled)
    func badInput(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage, "shop")
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: Self.orders(store, ["1"])), now: Fixtures.t0)
            let missing = try cli.run(["restore", cli.directory.appendingPathComponent("nope").path, "--replace"])
            #expect(missing.status != 0 && missing.stderr.contains("no backup at"))
            let garbage = cli.directory.appendingPathComponent("garbage.backup")
            try Data("this is not a backup\n".utf8).write(to: garbage)
            let refused = try cli.run(["restore", garbage.path, "--replace"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(backend == .sqlite ? "is not a readable SQLite database" : "is not a PostgreSQL dump"), "\(refused.stderr)")
            let list = try cli.run(["stores", "list"])
            #expect(list.status == 0 && list.stdout.contains("shop"))
            if backend == .sqlite {
                let nowhere = cli.directory.appendingPathComponent("none.sqlite").path
                let result = try cli.run(["backup", cli.directory.appendingPathComponent("x.backup").path, "--database", "sqlite://\(nowhere)"], database: false)
                #expect(result.status != 0 && result.stderr.contains("no database at"))
                #expect(!FileManager.default.fileExists(atPath: nowhere), "a backup never creates the database it copies")
            }
        }
    }

    @Test("SQLite: a restore into a new file makes a working database, with the purchase histories' triggers")
    func restoreIntoNewFile() async throws {
        try await CLITests.withCLI(.sqlite) { storage, cli in
            let store = try await Fixtures.store(storage, "shop")
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: Self.orders(store, ["1", "2"])), now: Fixtures.t0)
            let path = cli.directory.appendingPathComponent("b.backup").path
            #expect(try cli.run(["backup", path]).status == 0)
            let copy = "sqlite://" + cli.directory.appendingPathComponent("copy.sqlite").path
            let restored = try cli.run(["restore", path, "--database", copy], database: false)
            #expect(restored.status == 0 && restored.stdout.contains("restored 1 stores and 2 orders"), "\(restored.stderr)")
            let other = try await openStorage(url: copy)
            let sqlite = try #require(other as? SQLiteBackend)
            #expect(try await sqlite.refreshPurchaseHistories(storeID: store.id) == 2)
            #expect(try await sqlite.stalePurchaseHistories(storeID: store.id) == 0)
            let third = Self.orders(store, ["1", "2", "3"])
            _ = try await other.ingest(IngestBatch(storeID: store.id, orders: third), now: Fixtures.t0)
            #expect(try await sqlite.stalePurchaseHistories(storeID: store.id) == 1, "the new order marked its customer")
            try await other.close()
        }
    }
}
