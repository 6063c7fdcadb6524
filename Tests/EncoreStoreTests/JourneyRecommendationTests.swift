import EncoreCore
import EncoreJourneys
import EncoreLoyalty
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

@Suite("Journeys: \"you may also like\" in the context, read with the batch's records")
struct JourneyRecommendationTests {
    static func order(_ store: Store, _ key: String, _ skus: [String], at: Timestamp, cancelled: Bool = false) -> Order {
        let lines = skus.enumerated().map { index, sku in
            LineItem(key: "\(index)", sku: sku, title: "Line \(sku)", quantity: 1, unitPrice: 1_000)
        }
        var order = Order(
            storeID: store.id, key: key, number: "#\(key)", customerKey: "c1", placedAt: at, currency: .usd,
            subtotal: Int64(lines.count) * 1_000, total: Int64(lines.count) * 1_000, lines: lines)
        if cancelled { order.cancelledAt = at }
        return order
    }

    /// c1 bought X earlier (and N5 in an order since cancelled, which does not count); A's and B's
    /// lists are stored. For a basket of A and B the sums are N1 4.5, N3 2.5, N5 2.2, N2 2.0, N4 0.5;
    /// X is owned and A, B are the basket.
    static func seed(_ storage: any EncoreStorage, _ store: Store) async throws {
        let earlier = Fixtures.t0.adding(seconds: -30 * 86_400)
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .historical, customers: [JourneyWorkerTests.customer(store, "c1")],
                products: [
                    Product(storeID: store.id, sku: "N1", title: "<b>Mug</b>"),
                    Product(storeID: store.id, sku: "N2", title: "Filters"),
                    Product(storeID: store.id, sku: "N3", title: "Scale"),
                    Product(storeID: store.id, sku: "N4", title: "Kettle"),
                    Product(storeID: store.id, sku: "N5", title: "Tin"),
                ],
                orders: [
                    order(store, "old", ["X"], at: earlier),
                    order(store, "gone", ["N5"], at: earlier.adding(seconds: 60), cancelled: true),
                ]),
            now: earlier)
        func score(_ sku: String, _ value: Double) -> CoPurchaseScore { CoPurchaseScore(sku: sku, score: value, together: 2) }
        try await storage.replaceNeighbours(
            storeID: store.id,
            lists: [
                ("A", [score("X", 9), score("B", 5), score("N1", 3), score("N2", 2)]),
                ("B", [score("A", 4), score("N3", 2.5), score("N5", 2.2), score("N1", 1.5), score("N4", 0.5)]),
                ("Z", [score("N4", 50)]),
            ],
            now: earlier)
    }

    static func skus(_ context: ContextValue) -> [String]? {
        guard case .list(let items)? = context.value(at: "recommendations") else { return nil }
        return items.map { item in
            if case .string(let sku)? = item.value(at: "sku") { return sku }
            return "?"
        }
    }

    @Test(
        "the order's products' lists summed, best four, without what the customer bought; the receipt's answer; empty when nothing is stored",
        arguments: Backend.enabled)
    func context(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let other = try await Fixtures.store(storage, "other")
            for target in [store, other] {
                _ = try await storage.ingest(
                    IngestBatch(
                        storeID: target.id, origin: .historical, customers: [JourneyWorkerTests.customer(target, "c1")],
                        orders: [Self.order(target, "1001", ["A", "B", "A"], at: Fixtures.t0)]),
                    now: Fixtures.t0)
            }
            try await Self.seed(storage, store)
            let inputs = try #require(
                try await storage.journeyDryRunInputs(storeID: store.id, orderKey: "1001", runtime: JourneyWorkerTests.runtime))
            #expect(Self.skus(inputs.context) == ["N1", "N3", "N5", "N2"])
            if case .list(let items)? = inputs.context.value(at: "recommendations") {
                #expect(items.first?.value(at: "title") == .string("<b>Mug</b>"), "the catalogue's title")
                #expect(items.first?.value(at: "url") == nil, "the catalogue has no product URLs")
            }

            // Exactly what the receipt shows (`RecommendationBuilder.forCustomer`).
            let (lists, titles) = try await storage.neighbours(storeID: store.id, skus: ["A", "B", "A"])
            let owned = try await storage.purchasedSKUs(storeID: store.id, customerKey: "c1")
            let receipt = RecommendedProduct.picks(lists: lists, titles: titles, basket: ["A", "B", "A"], owned: owned)
            #expect(receipt.map(\.sku) == Self.skus(inputs.context))

            let empty = try #require(
                try await storage.journeyDryRunInputs(storeID: other.id, orderKey: "1001", runtime: JourneyWorkerTests.runtime))
            #expect(Self.skus(empty.context) == [], "no lists stored for this store")
        }
    }

    @Test(
        "a journey message lists them, escaped in HTML, or says there are none; without an order, the customer's latest order",
        arguments: Backend.enabled)
    func messages(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.seed(storage, store)
            let templates = [
                TemplateSource(name: "also", part: .subject, path: "t/also.subject.mustache", text: "For you"),
                TemplateSource(
                    name: "also", part: .html, path: "t/also.html.mustache",
                    text: "<ul>{{#recommendations}}<li>{{title}}</li>{{/recommendations}}</ul>{{^recommendations}}<p>none</p>{{/recommendations}}"),
                TemplateSource(
                    name: "also", part: .text, path: "t/also.text.mustache",
                    text: "[{{#recommendations}}{{sku}};{{/recommendations}}]"),
            ]
            for (id, event) in [("after-order", "order.placed"), ("lapsing", "customer.lapsing")] {
                _ = try await JourneyWorkerTests.apply(
                    storage, store,
                    """
                    id: \(id)
                    name: Also
                    category: transactional
                    trigger: { event: \(event) }
                    steps:
                      - send: { channel: email, template: also }
                    """, templates: templates)
            }
            // An order of A and B: its note lists N1, N3, N5, N2 (escaped in HTML).
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id, customers: [JourneyWorkerTests.customer(store, "c1")],
                    orders: [Self.order(store, "1001", ["A", "B"], at: Fixtures.t0)]),
                now: Fixtures.t0)
            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 100, runtime: JourneyWorkerTests.runtime)
            var messages = try await storage.outbox(storeID: store.id, status: nil, limit: 10)
            let first = try #require(messages.first)
            #expect(first.text == "[N1;N3;N5;N2;]\n")
            #expect(first.html?.contains("<ul><li>&lt;b&gt;Mug&lt;/b&gt;</li><li>Scale</li><li>Tin</li><li>Filters</li></ul>") == true)
            #expect(first.html?.contains("<b>Mug</b>") == false && first.html?.contains("<p>none</p>") == false)

            // An order of Q, which has no list: the note says so.
            let later = Fixtures.t0.adding(seconds: 3_600)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, orders: [Self.order(store, "1002", ["Q"], at: later)]), now: later)
            _ = try await storage.runJourneys(now: later.adding(seconds: 1), limit: 100, runtime: JourneyWorkerTests.runtime)
            messages = try await storage.outbox(storeID: store.id, status: nil, limit: 10)
            let none = try #require(messages.first { $0.text == "[]\n" })
            #expect(none.html?.contains("<ul></ul><p>none</p>") == true)

            // c1 lapses after a (historical) order of Z: a note about no order reads the
            // customer's latest order, whose list names N4.
            let latest = later.adding(seconds: 3_600)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, orders: [Self.order(store, "1003", ["Z"], at: latest)]),
                now: latest)
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id,
                    events: [
                        NewEvent(storeID: store.id, type: "customer.lapsing", customerKey: "c1", occurredAt: latest, idempotencyKey: "lapse")
                    ]),
                now: latest)
            _ = try await storage.runJourneys(now: latest.adding(seconds: 1), limit: 100, runtime: JourneyWorkerTests.runtime)
            messages = try await storage.outbox(storeID: store.id, status: nil, limit: 10)
            #expect(messages.map(\.text).sorted() == ["[N1;N3;N5;N2;]\n", "[N4;]\n", "[]\n"], "\(messages.map(\.text))")
        }
    }
}
