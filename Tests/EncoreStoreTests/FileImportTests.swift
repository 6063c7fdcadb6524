import EncoreCore
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

@Suite("Import: files into storage")
struct FileImportTests {
    static var cdnowPath: String {
        // Tests/EncoreStoreTests/FileImportTests.swift -> repository root -> ../shared/data/cdnow
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["ENCORE_CDNOW_PATH"],
            root.appendingPathComponent("../shared/data/cdnow/CDNOW_master.txt").path,
            root.appendingPathComponent("Tests/Fixtures/CDNOW_sample.txt").path,
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }!
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("CDNOW: every purchase imported once; a second import changes nothing", arguments: Backend.enabled)
    func cdnow(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage, "cdnow")
            let text = try String(contentsOfFile: Self.cdnowPath, encoding: .utf8)
            let rows = text.split(whereSeparator: \.isNewline).dropFirst()
            var cents: Int64 = 0
            var customers = Set<Substring>()
            for row in rows {
                let fields = row.split(whereSeparator: { $0 == " " || $0 == "\r" })
                customers.insert(fields[0])
                cents += Int64(fields[3].replacingOccurrences(of: ".", with: ""))!
            }
            let report = try await FileImporter().run(
                path: Self.cdnowPath, format: .cdnow, store: store, storage: storage, strict: false)
            #expect(report.errors.isEmpty)
            #expect(report.rows == rows.count)
            #expect(report.created == rows.count)
            let stats = try #require(try await storage.stats(storeID: store.id).first)
            #expect(stats.orders == Int64(rows.count))
            #expect(stats.customers == Int64(customers.count))
            #expect(stats.revenue["USD"] == cents)
            #expect(stats.events == 0, "imported history starts no journeys")
            let again = try await FileImporter().run(
                path: Self.cdnowPath, format: .cdnow, store: store, storage: storage, strict: false)
            #expect(again.unchanged == rows.count)
            #expect(again.created == 0)
            let after = try #require(try await storage.stats(storeID: store.id).first)
            #expect(after == stats)
        }
    }

    @Test("a crash mid-import, then a re-run, gives exactly the clean result", arguments: Backend.enabled)
    func crashAndResume(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage, "resume")
            struct Crash: Error {}
            var crashing = FileImporter()
            crashing.batchSize = 500
            crashing.afterBatch = { index in if index == 3 { throw Crash() } }
            await #expect(throws: Crash.self) {
                _ = try await crashing.run(path: Self.cdnowPath, format: .cdnow, store: store, storage: storage, strict: false)
            }
            let partial = try #require(try await storage.stats(storeID: store.id).first)
            #expect(partial.orders == 2000, "four committed batches of 500")
            let report = try await FileImporter().run(
                path: Self.cdnowPath, format: .cdnow, store: store, storage: storage, strict: false)
            #expect(report.unchanged == 2000)
            let clean = try #require(try await storage.stats(storeID: store.id).first)
            #expect(clean.orders == Int64(report.rows))
            #expect(clean.lineItems == Int64(report.rows))
        }
    }

    @Test("bad rows are reported by line; valid rows imported; --strict imports nothing", arguments: Backend.enabled)
    func badRows(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage, "bad")
            let path = try Self.write(
                """
                customer_id date number_of_cds dollar_value
                00001 19970101 1 11.77
                00002 19971332 1 12.00
                00003 19970102 x 20.76
                00004 19970102 2 20.766
                00005 19970102 2
                00006 19970103 1 5.00
                """)
            let strict = try await FileImporter().run(path: path, format: .cdnow, store: store, storage: storage, strict: true)
            #expect(strict.aborted)
            #expect(strict.errors.map(\.line) == [3, 4, 5, 6])
            #expect(try await storage.stats(storeID: store.id).first?.orders == 0)
            let report = try await FileImporter().run(path: path, format: .cdnow, store: store, storage: storage, strict: false)
            #expect(report.errors.map(\.line) == [3, 4, 5, 6])
            #expect(report.errors.map(\.field) == ["date", "number_of_cds", "dollar_value", nil])
            #expect(report.orders == 2)
            #expect(try await storage.stats(storeID: store.id).first?.orders == 2)
        }
    }

    @Test("generic CSV: multi-line orders, quoted fields, errors by line, a truncated file", arguments: Backend.enabled)
    func genericCSV(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage, "csv")
            let path = try Self.write(
                #"""
                order_id,order_number,placed_at,currency,customer_id,email,first_name,sku,title,category,quantity,unit_price,tax,shipping,total
                A1,#1,2025-01-05T10:00:00Z,EUR,c1,ann@example.com,Ann,S1,"Beans, dark",coffee,2,12.50,2.00,4.90,31.90
                A1,,,,,,,S2,"Mug ""big""",kit,1,5.00,,,
                A2,#2,2025-01-06T10:00:00+01:00,EUR,c2,bob@example.com,Bob,S1,Beans,coffee,1,abc,,,
                A3,#3,2025-01-07T10:00:00Z,EUR,c1,ann@example.com,Ann,S3,"Grinder
                with a newline",kit,1,80.00,,,80.00
                """#)
            let report = try await FileImporter().run(path: path, format: .csv, store: store, storage: storage, strict: false)
            #expect(report.errors.map(\.description) == ["line 4: unit_price: 'abc' is not a decimal amount"])
            #expect(report.orders == 2)
            let a1 = try #require(try await storage.order(storeID: store.id, key: "A1"))
            #expect(a1.order.lines.map(\.title) == ["Beans, dark", #"Mug "big""#])
            #expect(a1.order.currency.code == "EUR")
            #expect(a1.order.subtotal == 3000)
            #expect(a1.order.total == 3190)
            let a3 = try #require(try await storage.order(storeID: store.id, key: "A3"))
            #expect(a3.order.lines.first?.title == "Grinder\nwith a newline")
            let truncated = try Self.write(
                """
                order_id,placed_at,title,quantity,unit_price
                B1,2025-01-05T10:00:00Z,Beans,1,1.00
                B2,2025-01-05T10:00:00Z,"Unterminated
                """)
            let cut = try await FileImporter().run(path: truncated, format: .csv, store: store, storage: storage, strict: false)
            #expect(cut.errors.contains { $0.line == 3 && $0.reason.contains("ends inside a quoted field") })
            #expect(try await storage.order(storeID: store.id, key: "B1") != nil)
            #expect(try await storage.order(storeID: store.id, key: "B2") == nil)
        }
    }

    @Test("Shopify order export: order fields on the first row, lines after", arguments: Backend.enabled)
    func shopifyExport(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage, "shopify")
            let path = try Self.write(
                """
                Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Cancelled at,Id,Source,Phone,Lineitem discount
                #1001,jo@example.com,paid,2024-02-01 10:00:00 -0500,fulfilled,2024-02-02 10:00:00 -0500,yes,USD,45.00,5.00,3.60,53.60,WELCOME,0.00,Standard,2024-02-01 09:59:00 -0500,1,Coffee Beans - 1kg,30.00,,BEAN-1KG,true,true,fulfilled,Jo Bloggs,,5123456789012345678,web,+15555550100,0.00
                #1001,jo@example.com,,,,,,,,,,,,,,2024-02-01 09:59:00 -0500,1,Mug,15.00,,MUG-1,true,true,fulfilled,,,5123456789012345678,,,0.00
                #1002,sam@example.com,refunded,,unfulfilled,,no,USD,20.00,0.00,0.00,20.00,,0.00,,2024-02-03 12:00:00 +0100,2,Filter papers,10.00,,FILTER,true,true,pending,Sam Smith,2024-02-04 12:00:00 +0100,5123456789012345679,pos,,0.00
                """)
            let report = try await FileImporter().run(path: path, format: .shopify, store: store, storage: storage, strict: true)
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.orders == 2)
            let first = try #require(try await storage.order(storeID: store.id, key: "5123456789012345678"))
            #expect(first.order.number == "#1001")
            #expect(first.order.lines.map(\.sku) == ["BEAN-1KG", "MUG-1"])
            #expect(first.order.total == 5360)
            #expect(first.order.placedAt == ISO8601.parse("2024-02-01T14:59:00Z"))
            let customer = try #require(try await storage.customer(storeID: store.id, key: "email:jo@example.com", eventLimit: 0))
            #expect(customer.customer.firstName == "Jo")
            #expect(customer.customer.consents.first?.granted == true)
            let second = try #require(try await storage.order(storeID: store.id, key: "5123456789012345679"))
            #expect(second.order.channel == .pos)
            #expect(second.order.cancelledAt != nil)
            #expect(second.order.financialStatus == .refunded)
        }
    }
}
