import EncoreCore
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

/// The writer no longer checkpoints in its commits: `SQLiteCheckpointer` does, beside it.
@Suite("SQLite checkpoints beside the writer")
struct SQLiteCheckpointerTests {
    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test("a log past 1,000 pages is copied back into the database file by the checkpointer; the data reads back after a reopen")
    func checkpointsBesideTheWriter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encore-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        let backend = try SQLiteBackend(path: path)
        try await backend.migrate()
        _ = try await backend.write([SQLStatement("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")])
        let before = try Self.size(path)
        // About 12 MiB in one commit: 3,000 pages of log.
        let body = String(repeating: "x", count: 4_000)
        var statements: [SQLStatement] = []
        for id in 0..<3_000 { statements.append(SQLStatement("INSERT INTO filler (id, body) VALUES (?, ?)", [.int(Int64(id)), .text(body)])) }
        _ = try await backend.write(statements)
        // The writer's commit did not checkpoint; the checkpointer's connection does, soon after.
        let deadline = ContinuousClock.now + .seconds(60)
        while try Self.size(path) < before + 10_000_000 || backend.checkpointer.completed == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try Self.size(path) >= before + 10_000_000, "the pages reached the database file")
        #expect(backend.checkpointer.completed >= 1, "through the checkpointer's connection")
        try await backend.close()

        let reopened = try SQLiteBackend(path: path)
        let rows = try await reopened.read([SQLStatement("SELECT count(*), sum(length(body)) FROM filler")])
        #expect(rows[0][0].int(0) == 3_000)
        #expect(rows[0][0].int(1) == 12_000_000)
        try await reopened.close()
    }
}
