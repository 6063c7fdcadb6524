import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("CLI: encore predictions and encore segments")
struct PredictionsCLITests {
    /// 90 customers over the 400 days up to today: regulars every 20 days, lapsed ones who
    /// stopped after six orders, one-time buyers.
    static func seed(_ storage: any EncoreStorage) async throws -> Store {
        let store = try await Fixtures.store(storage, "shop")
        let today = LocalDay.of(SystemClock().now(), in: TimeZone(identifier: "UTC")!)
        let start = today - 400
        var orders: [Order] = []
        for i in 0..<90 {
            let first = start + i % 60
            let days: [Int] =
                i % 3 == 0 ? Array(stride(from: first, through: today - 1 - i % 10, by: 20))
                : i % 3 == 1 ? (0..<6).map { first + 10 * $0 } : [first + i]
            for (n, day) in days.enumerated() {
                var order = Fixtures.order(store, key: "o\(i)-\(n)", customer: "c\(i)", total: Int64(2_500 + 100 * (i % 5)))
                order.placedAt = Timestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000 + 36_000_000)
                orders.append(order)
            }
        }
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .historical, customers: (0..<90).map { Fixtures.customer(store, key: "c\($0)") },
                orders: orders), now: SystemClock().now())
        return store
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("refresh prints the models, events, RFM segments and CLV deciles; show and list read what it stored", arguments: Backend.enabled)
    func predictions(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            _ = try await Self.seed(storage)
            let none = try cli.run(["predictions", "show", "--customer", "c1"])
            #expect(none.status != 0 && none.stderr.contains("no prediction for customer 'c1' yet"))

            #expect(try cli.run(["segments", "save", "regulars", "--name", "Regulars", "--where", "customer.orders_count >= 10"]).status == 0)
            let refreshed = try cli.run(["predictions", "refresh", "--json"])
            #expect(refreshed.status == 0, "\(refreshed.stderr)")
            let report = try Self.object(refreshed.stdout)
            #expect(report["status"] as? String == "fitted")
            #expect(report["customers"] as? Int == 90)
            let model = try #require(report["model"] as? [String: Any])
            #expect((model["bgnbd"] as? [String: Any])?["r"] is Double)
            let events = try #require(report["events"] as? [String: Int])
            #expect((events["customer.lapsing"] ?? 0) >= 20)
            #expect(events["segment.entered"] == (report["segments"] as? [String: Int])?["regulars"])
            let rfm = try #require(report["rfm_segments"] as? [String: Int])
            #expect(rfm.values.reduce(0, +) == 90 && rfm.keys.count == 7)
            let deciles = try #require(report["clv_deciles"] as? [[String: Any]])
            #expect(deciles.compactMap { $0["decile"] as? Int } == Array(1...10))
            #expect(deciles.compactMap { $0["customers"] as? Int }.reduce(0, +) == 90)

            let text = try cli.run(["predictions", "refresh"])
            #expect(text.status == 0)
            #expect(text.stdout.contains("90 customers predicted"))
            #expect(text.stdout.contains("Events added: none"), "the second refresh adds nothing: \(text.stdout)")
            #expect(text.stdout.contains("CLV decile 10:"))

            let shown = try Self.object(try cli.run(["predictions", "show", "--customer", "c0@example.com", "--json"]).stdout)
            #expect(shown["customer"] as? String == "c0")
            #expect((shown["p_alive"] as? Double).map { $0 > 0.5 } == true)
            #expect(shown["segments"] as? [String] == ["regulars"])
            #expect((shown["rfm"] as? [String: Any])?["segment"] is String)
            let lapsed = try cli.run(["predictions", "show", "--customer", "c1"])
            #expect(lapsed.stdout.contains("P(alive) 0.0") || lapsed.stdout.contains("P(alive) 0.1"), "\(lapsed.stdout)")
            #expect(try cli.run(["predictions", "show", "--customer", "nobody"]).stderr.contains("has no customer 'nobody'"))

            let listed = try cli.run(["predictions", "list", "--limit", "3", "--json"])
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == 3)
            #expect(rows.first?["clv_decile"] as? Int == 10)
            #expect(try cli.run(["predictions", "list", "--limit", "0"]).stderr.contains("--limit must be from 1 to 100000"))
        }
    }

    @Test("segments: saved, listed with members, changed, deleted; bad ids and filters refused with the reason", arguments: Backend.enabled)
    func segments(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            _ = try await Self.seed(storage)
            #expect(try cli.run(["segments", "list"]).stdout.contains("no segments yet"))
            let saved = try cli.run(
                ["segments", "save", "at-risk-vips", "--name", "VIPs at risk", "--where", "customer.orders_count >= 5 and customer.p_alive < 0.3"])
            #expect(saved.status == 0 && saved.stdout.contains("at-risk-vips: created"))
            #expect(try cli.run(["segments", "save", "at-risk-vips", "--name", "VIPs at risk", "--where", "customer.orders_count >= 5 and customer.p_alive < 0.3"]).stdout.contains("unchanged"))
            _ = try cli.run(["predictions", "refresh"])
            let listed = try #require(
                try JSONSerialization.jsonObject(with: Data(try cli.run(["segments", "list", "--json"]).stdout.utf8)) as? [[String: Any]])
            #expect(listed.first?["id"] as? String == "at-risk-vips")
            #expect((listed.first?["members"] as? Int).map { $0 >= 20 } == true, "the lapsed customers with six orders")

            let badID = try cli.run(["segments", "save", "VIP!", "--name", "x", "--where", "customer.orders_count > 1"])
            #expect(badID.status != 0 && badID.stderr.contains("ID: must be 1-64 of a-z"))
            let badField = try cli.run(["segments", "save", "x", "--name", "x", "--where", "customer.height > 1"])
            #expect(badField.status != 0 && badField.stderr.contains("--where: customer.height > 1: the context has no field 'customer.height'"))
            let badSyntax = try cli.run(["segments", "save", "x", "--name", "x", "--where", "(customer.orders_count > 1"])
            #expect(badSyntax.stderr.contains("--where: the '(' at character 1 is never closed"))
            let badKind = try cli.run(["segments", "save", "x", "--name", "x", "--where", "customer.total_spent > 100"])
            #expect(badKind.stderr.contains("is money"))
            #expect(try cli.run(["segments", "list"]).stdout.split(separator: "\n").count == 1, "nothing half-written")

            #expect(try cli.run(["segments", "delete", "at-risk-vips"]).stdout.contains("deleted"))
            #expect(try cli.run(["segments", "delete", "at-risk-vips"]).stderr.contains("no segment 'at-risk-vips'"))

            #expect(try cli.run(["stores", "settings", "shop", "--lapsing-below", "1.5"]).stderr.contains("--lapsing-below: 1.5 is not between 0 and 1"))
            #expect(try cli.run(["stores", "settings", "shop", "--lapsing-below", "0.05"]).stdout.contains("\"lapsing_below\" : 0.05"))
            #expect(try cli.run(["serve", "--predictions-hour", "24"]).stderr.contains("--predictions-hour must be between 0 and 23, not 24"))
        }
    }

    @Test("journeys map: everyone and the personas as JSON and text; bad dates and personas refused", arguments: Backend.enabled)
    func journeyMap(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            _ = try await Self.seed(storage)
            _ = try cli.run(["predictions", "refresh"])
            let result = try cli.run(["journeys", "map", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let maps = try #require(try Self.object(result.stdout)["maps"] as? [[String: Any]])
            #expect(maps.first?["persona"] as? String == "everyone")
            #expect(maps.count > 1)
            let stages = try #require(maps.first?["stages"] as? [[String: Any]])
            #expect(stages.compactMap { $0["stage"] as? String } == [
                "purchase", "wow", "fulfilment", "onboarding", "follow_up", "loyalty", "repurchase", "advocacy",
            ])
            let lost = try cli.run(["journeys", "map", "--persona", "lost", "--json"])
            let only = try #require(try Self.object(lost.stdout)["maps"] as? [[String: Any]])
            #expect(only.allSatisfy { $0["persona"] as? String == "lost" })
            let text = try cli.run(["journeys", "map", "--persona", "everyone"])
            #expect(text.stdout.contains("everyone: ") && text.stdout.contains("repurchase:"))
            #expect(try cli.run(["journeys", "map", "--persona", "vips"]).stderr.contains("--persona 'vips' is not everyone or an RFM segment"))
            #expect(try cli.run(["journeys", "map", "--from", "2026-13-01"]).stderr.contains("--from '2026-13-01' is not a YYYY-MM-DD date"))
            #expect(try cli.run(["journeys", "map", "--from", "2026-02-01", "--to", "2026-01-01"]).stderr.contains("--to must be after --from"))
        }
    }
}
