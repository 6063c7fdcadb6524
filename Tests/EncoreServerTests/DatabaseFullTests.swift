import EncoreCore
import EncoreServer
import EncoreTestSupport
import Foundation
import GRDB
import HTTPTypes
import Testing

@testable import EncoreStore

@Suite("A full database: 503 and nothing half-written, then writes resume")
struct DatabaseFullTests {
    /// An order of five lines with 900-character titles, so a few fill a page or more.
    static func order(_ id: Int) -> String {
        let title = String(repeating: "x", count: 900)
        let lines = (1...5).map { #"{"id": "\#($0)", "title": "\#(title)", "quantity": 1, "unit_price": "1.00"}"# }
        return """
            {"id": "full-\(id)", "placed_at": "2026-03-01T10:00:00Z", "currency": "USD",
             "customer": {"id": "c-\(id)", "email": "c\(id)@example.com"}, "lines": [\(lines.joined(separator: ", "))]}
            """
    }

    @Test("SQLite out of space (SQLITE_FULL): the API answers 503 JSON, stores nothing of the order, and takes it once space is back")
    func sqliteFull() async throws {
        try await APIHarness.run(.sqlite) { api in
            let sqlite = try #require(api.storage as? SQLiteBackend)
            #expect(try await api.post("/v1/orders", Self.order(0)).status == .created)
            // The database may not grow past its current size: what a full disk looks like to SQLite.
            try await sqlite.pool.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
            var refused: (id: Int, reply: APIHarness.Reply)?
            for id in 1...200 {
                let reply = try await api.post("/v1/orders", Self.order(id))
                if reply.status != .created {
                    refused = (id, reply)
                    break
                }
            }
            let (id, full) = try #require(refused, "200 orders of 4.5 kB cannot fit in no new page")
            #expect(full.status == .serviceUnavailable)
            #expect(full.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(full.error["reason"] as? String == "the database cannot take this request now; try again later")
            #expect(try await api.get("/v1/orders/full-\(id)").status == .notFound, "nothing of it stored")
            // Space is back: writes resume in the same process, and the refused order goes in when sent again.
            try await sqlite.pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1073741823")
            }
            #expect(try await api.post("/v1/orders", Self.order(id)).status == .created)
            #expect(try await api.get("/v1/orders/full-\(id)").status == .ok)
            let check = try await sqlite.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            #expect(check == ["ok"])
        }
    }
}
