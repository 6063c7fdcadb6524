import EncoreCore
import EncoreStore
import EncoreTestSupport
import Testing

@Suite("Commit watch: whether anything was committed, asked without a query")
struct CommitWatchTests {
    @Test("SQLite: the same while only reads happen; new after this storage's commit and after another connection's")
    func sqlite() async throws {
        try await withStorage(.sqlite) { storage, url in
            let watch = try #require(storage.commitWatch)
            let start = try #require(watch.generation())
            _ = try await storage.stores()
            #expect(watch.generation() == start, "reads commit nothing")
            let store = try await Fixtures.store(storage, "a")
            let afterWrite = try #require(watch.generation())
            #expect(afterWrite != start)
            #expect(watch.generation() == afterWrite)
            // What an `encore` command in another process does: its own connection, its own commit.
            let other = try await openStorage(url: url)
            try await other.updateSettings(storeID: store.id, settings: StoreSettings(displayName: "Renamed"))
            try await other.close()
            #expect(watch.generation() != afterWrite, "another connection's commit is seen")
        }
    }

    @Test("PostgreSQL offers none, so nothing read from it is cached", arguments: Backend.enabled.filter { $0 == .postgres })
    func postgres(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            #expect(storage.commitWatch == nil)
        }
    }
}
