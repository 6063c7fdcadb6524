import EncoreCore
import EncoreJourneys
import EncoreMessaging
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@testable import EncoreServer

@Suite("Attribution: each journey, version and step against its holdout")
struct JourneyAttributionTests {
    static let yaml = """
        id: thanks-twice
        name: Thanks twice
        category: transactional
        trigger:
          event: order.placed
        reentry: { once_per_customer: 365d }
        holdout: 50
        goal:
          event: order.placed
          within: 30d
        steps:
          - id: first-note
            send: { channel: email, template: note }
          - id: pause
            wait: 1d
          - id: second-note
            send: { channel: email, template: note }
        """

    static let runtime = JourneyRuntime(fallbackSender: "shop@example.com") { link in
        "https://encore.example/\(link.purpose.rawValue)/\(link.storeID)/\(link.customerKey)"
    }

    /// Publishes the journey with a note whose HTML has a link (so clicks can be tracked).
    static func publish(_ storage: any EncoreStorage, _ store: Store) async throws {
        let definition = try JourneyLoader.load(path: "thanks.yaml", text: yaml)
        let templates = [
            TemplateSource(name: "note", part: .subject, path: "t/note.subject.mustache", text: "Thanks"),
            TemplateSource(
                name: "note", part: .html, path: "t/note.html.mustache", text: "<p>Thanks <a href=\"https://shop.example\">shop</a></p>"),
            TemplateSource(name: "note", part: .text, path: "t/note.text.mustache", text: "Thanks"),
        ]
        _ = try await storage.applyJourney(storeID: store.id, definition: definition, templates: templates, source: yaml, now: Fixtures.t0)
    }

    static func place(_ storage: any EncoreStorage, _ store: Store, key: String, customer: String, at: Timestamp, total: Int64)
        async throws
    {
        var order = Fixtures.order(store, key: key, customer: customer, total: total)
        order.placedAt = at
        var c = Fixtures.customer(store, key: customer)
        c.consents = [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: at)]
        _ = try await storage.ingest(IngestBatch(storeID: store.id, customers: [c], orders: [order]), now: at)
    }

    @Test("counts per version and step, the holdout beside them, the uplift, the incremental revenue and the verdict",
        arguments: Backend.enabled)
    func attribution(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.publish(storage, store)
            let t0 = Fixtures.t0
            for i in 0..<60 {
                try await Self.place(storage, store, key: "a\(i)", customer: "c\(i)", at: t0, total: 5_000)
            }
            _ = try await storage.runJourneys(now: t0.adding(seconds: 1), limit: 1_000, runtime: Self.runtime)
            // Deliver the first notes, open some and click a few.
            let claimed = try await storage.claimOutbox(now: t0.adding(seconds: 2), limit: 1_000, leaseMilliseconds: 60_000)
            try await storage.recordDeliveries(
                claimed.map { ($0, DeliveryOutcome.delivered(reply: "250 ok")) }, policy: RetryPolicy(), now: t0.adding(seconds: 3))
            for (n, message) in claimed.enumerated() where n % 2 == 0 {
                try await storage.recordEngagement(storeID: store.id, messageID: message.messageID, kind: "opened", detail: nil, now: t0.adding(seconds: 4))
                if n % 4 == 0 {
                    try await storage.recordEngagement(storeID: store.id, messageID: message.messageID, kind: "clicked", detail: nil, now: t0.adding(seconds: 5))
                }
            }
            _ = try await storage.runJourneys(now: t0.adding(seconds: 86_401), limit: 1_000, runtime: Self.runtime)
            let instances = try await storage.journeyInstances(storeID: store.id, journeyID: "thanks-twice", subject: nil, limit: 1_000)
            let treated = instances.filter { !$0.heldOut }.map(\.customerKey)
            let holdout = instances.filter(\.heldOut).map(\.customerKey)
            #expect(treated.count + holdout.count == 60)
            #expect(treated.count >= 15 && holdout.count >= 15)
            // Three of four treated customers come back (one order each of 80.00); one in six of the holdout.
            let treatedBack = Array(treated.enumerated().filter { $0.offset % 4 != 3 }.map(\.element))
            let holdoutBack = Array(holdout.enumerated().filter { $0.offset % 6 == 0 }.map(\.element))
            for customer in treatedBack + holdoutBack {
                try await Self.place(storage, store, key: "b-\(customer)", customer: customer, at: t0.adding(seconds: 3 * 86_400), total: 8_000)
            }
            _ = try await storage.runJourneys(now: t0.adding(seconds: 3 * 86_400 + 1), limit: 1_000, runtime: Self.runtime)

            let attribution = try await JourneyAttribution.read(storage: storage, store: store)
            let rows = attribution.rows.filter { $0.journeyID == "thanks-twice" }
            #expect(rows.map { $0.stepID ?? "*" } == ["*", "first-note", "second-note"])
            // Without the steps: the versions' rows alone, the same figures.
            let versions = try await JourneyAttribution.read(storage: storage, store: store, steps: false).rows
            #expect(versions.map(\.stepID) == versions.map { _ in nil })
            #expect(versions.map(\.journeyID) == attribution.rows.filter { $0.stepID == nil }.map(\.journeyID))
            let wholeAlone = try #require(versions.first { $0.journeyID == "thanks-twice" })
            #expect(wholeAlone.treated == rows[0].treated && wholeAlone.holdout == rows[0].holdout)
            #expect(wholeAlone.uplift == rows[0].uplift)
            #expect(wholeAlone.incrementalRevenue == rows[0].incrementalRevenue)
            let whole = try #require(rows.first)
            #expect(whole.name == "Thanks twice" && whole.version == 1)
            #expect(whole.treated.entered == treated.count && whole.holdout?.entered == holdout.count)
            #expect(whole.treated.converted == treatedBack.count && whole.holdout?.converted == holdoutBack.count)
            #expect(whole.treated.sent == 2 * treated.count)
            #expect(whole.treated.delivered == treated.count, "the first notes were delivered, the second are queued")
            #expect(whole.treated.opened == (treated.count + 1) / 2)
            #expect(whole.treated.revenue == Int64(treatedBack.count) * 8_000)
            #expect(whole.holdout?.revenue == Int64(holdoutBack.count) * 8_000)
            #expect(whole.holdout?.sent == 0, "the holdout receives nothing")
            let uplift = try #require(whole.uplift)
            let expected = try #require(
                Uplift.of(
                    treatedConverted: treatedBack.count, treatedEntered: treated.count, holdoutConverted: holdoutBack.count,
                    holdoutEntered: holdout.count))
            #expect(uplift == expected)
            #expect(uplift.isSignificant && whole.verdict == "lifts conversion")
            let revenue = try #require(whole.incrementalRevenue)
            let perTreated = Double(treatedBack.count) * 8_000 / Double(treated.count)
            let perHoldout = Double(holdoutBack.count) * 8_000 / Double(holdout.count)
            #expect(abs(revenue.value - (perTreated - perHoldout) * Double(treated.count)) < 1e-6)
            #expect(revenue.lower < revenue.value && revenue.value < revenue.upper)

            let first = rows[1]
            #expect(first.treated.entered == treated.count && first.holdout?.entered == holdout.count, "the holdout reaches the step too")
            #expect(first.treated.sent == treated.count && first.treated.delivered == treated.count)
            #expect(first.treated.clicked == (treated.count + 3) / 4)
            #expect(first.treated.converted == treatedBack.count)
            let second = rows[2]
            #expect(second.treated.delivered == 0 && second.treated.opened == 0)
            #expect(second.uplift == uplift, "everyone reached both steps")

            // JSON as the CLI and the dashboard print it.
            let json = attribution.json().rendered
            #expect(json.contains("\"verdict\":\"lifts conversion\""))
            #expect(json.contains("\"step\":\"first-note\""))
            #expect(json.contains("\"currency\":\"USD\""))

            // The admin journey page shows the same figures, escaped, per step.
            let table = AdminPages.attributionTable(rows, currency: .usd, name: "Thanks <twice>")
            let html = table.html(csvBase: "/admin/stores/1/journeys/thanks")
            #expect(html.raw.contains("Thanks &lt;twice&gt;"))
            #expect(html.raw.contains(uplift.summary))
            #expect(html.raw.contains("<td>step second-note</td>"))
            #expect(html.raw.contains("href=\"/admin/stores/1/journeys/thanks?table=attribution&amp;format=csv\""))
            #expect(table.rows.count == rows.count && table.header.count == table.rows[0].count)
        }
    }

    @Test("a young journey: a small holdout says 'not significant yet', no holdout says so too", arguments: Backend.enabled)
    func young(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.publish(storage, store)
            for i in 0..<8 {
                try await Self.place(storage, store, key: "a\(i)", customer: "c\(i)", at: Fixtures.t0, total: 5_000)
            }
            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 1_000, runtime: Self.runtime)
            let instances = try await storage.journeyInstances(storeID: store.id, journeyID: nil, subject: nil, limit: 100)
            let back = try #require(instances.first { !$0.heldOut })
            try await Self.place(storage, store, key: "b", customer: back.customerKey, at: Fixtures.t0.adding(seconds: 3_600), total: 5_000)
            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 3_601), limit: 1_000, runtime: Self.runtime)
            let whole = try #require(try await JourneyAttribution.read(storage: storage, store: store).rows.first)
            if instances.contains(where: \.heldOut) {
                #expect(whole.verdict == "not significant yet")
                #expect(whole.uplift?.summary.hasSuffix("not significant yet") == true)
            } else {
                #expect(whole.verdict == "no holdout yet")
            }
            #expect(whole.treated.converted == 1)
        }
    }
}
