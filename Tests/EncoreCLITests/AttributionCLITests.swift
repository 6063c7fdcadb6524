import EncoreCore
import EncoreJourneys
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("CLI: encore journeys attribution")
struct AttributionCLITests {
    @Test("JSON and text per version and step, one journey chosen, an unknown one refused", arguments: Backend.enabled)
    func attribution(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { storage, cli in
            let store = try await Fixtures.store(storage, "shop")
            let yaml = """
                id: thanks
                name: Thanks
                category: transactional
                trigger:
                  event: order.placed
                holdout: 50
                goal:
                  event: order.placed
                  within: 30d
                steps:
                  - id: note
                    send: { channel: email, template: note }
                """
            let templates = ["subject": "Thanks", "html": "<p>Thanks</p>", "text": "Thanks"].map { part, text in
                TemplateSource(name: "note", part: TemplatePart(rawValue: part)!, path: "t/note.\(part).mustache", text: text)
            }
            _ = try await storage.applyJourney(
                storeID: store.id, definition: try JourneyLoader.load(path: "thanks.yaml", text: yaml), templates: templates,
                source: yaml, now: Fixtures.t0)
            let runtime = JourneyRuntime(fallbackSender: "shop@example.com") { _ in "https://encore.example/x" }
            for i in 0..<20 {
                var order = Fixtures.order(store, key: "a\(i)", customer: "c\(i)")
                order.placedAt = Fixtures.t0
                _ = try await storage.ingest(
                    IngestBatch(storeID: store.id, customers: [Fixtures.customer(store, key: "c\(i)")], orders: [order]), now: Fixtures.t0)
            }
            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 100, runtime: runtime)
            var back = Fixtures.order(store, key: "b1", customer: "c1", total: 7_000)
            back.placedAt = Fixtures.t0.adding(seconds: 86_400)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [back]), now: back.placedAt)
            _ = try await storage.runJourneys(now: back.placedAt.adding(seconds: 1), limit: 100, runtime: runtime)

            let result = try cli.run(["journeys", "attribution", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(rows.compactMap { $0["step"] as? String } == ["note"])
            #expect(rows.count == 2)
            let whole = rows[0]
            let treated = try #require(whole["treated"] as? [String: Any])
            let holdout = try #require(whole["holdout"] as? [String: Any])
            #expect((treated["entered"] as? Int ?? 0) + (holdout["entered"] as? Int ?? 0) == 21, "the returning order enters too")
            #expect((treated["converted"] as? Int ?? 0) + (holdout["converted"] as? Int ?? 0) == 1)
            #expect(whole["verdict"] as? String == "not significant yet")

            let text = try cli.run(["journeys", "attribution", "--journey", "thanks"])
            #expect(text.stdout.contains("thanks v1: entered"))
            #expect(text.stdout.contains("thanks v1 step note:"))
            #expect(text.stdout.contains("not significant yet"))
            let unknown = try cli.run(["journeys", "attribution", "--journey", "nope"])
            #expect(unknown.status != 0 && unknown.stderr.contains("no journey 'nope' has entered anyone yet"))
        }
    }
}
