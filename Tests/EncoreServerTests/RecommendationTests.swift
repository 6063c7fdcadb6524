import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("Recommendations: bought-together lists from the order history, stored, and on the receipt")
struct RecommendationTests {
    /// Orders of `skus` (titles "Title of SKU", one with markup) by `customer`.
    static func order(_ store: Store, _ key: String, _ skus: [String], customer: String = "someone", cancelled: Bool = false) -> Order {
        let lines = skus.enumerated().map { index, sku in
            LineItem(key: "\(index)", sku: sku, title: sku == "C" ? "Cup <i>large</i>" : "Title of \(sku)", quantity: 1, unitPrice: 1_000)
        }
        var order = Order(
            storeID: store.id, key: key, customerKey: customer, placedAt: Fixtures.t0, currency: .usd,
            subtotal: Int64(lines.count) * 1_000, total: Int64(lines.count) * 1_000, lines: lines)
        if cancelled { order.cancelledAt = Fixtures.t0 }
        return order
    }

    /// A-B three times, A-C twice, B-C once, A-D once, and a cancelled A-E-E-E that must not count.
    static func history(_ store: Store) -> [Order] {
        var orders: [Order] = []
        for index in 0..<3 { orders.append(order(store, "ab\(index)", ["A", "B"])) }
        for index in 0..<2 { orders.append(order(store, "ac\(index)", ["A", "C"])) }
        orders.append(order(store, "bc", ["B", "C"]))
        orders.append(order(store, "ad", ["A", "D"]))
        for index in 0..<3 { orders.append(order(store, "ae\(index)", ["A", "E"], cancelled: true)) }
        return orders
    }

    @Test("lists by lift with a minimum support; cancelled orders do not count; recomputing replaces; what a customer owns is left out", arguments: Backend.enabled)
    func lists(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let customers = [Fixtures.customer(store, key: "someone"), Fixtures.customer(store, key: "c1")]
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, customers: customers, orders: Self.history(store) + [Self.order(store, "mine", ["B"], customer: "c1")]),
                now: Fixtures.t0)
            let builder = RecommendationBuilder(storage: storage, clock: FixedClock(Fixtures.t0), options: CoPurchaseOptions(metric: .lift, minSupport: 2))
            let report = try await builder.rebuild(storeID: store.id, pageSize: 3)
            #expect(report.baskets == 8 && report.productsWithNeighbours == 3, "pages of 3 orders read everything once")
            _ = try await builder.rebuild(storeID: store.id)
            let (lists, titles) = try await storage.neighbours(storeID: store.id, skus: ["A", "B", "D", "E"])
            #expect(titles["C"] == "Cup <i>large</i>", "titles kept with the lists")
            #expect(lists["A"]?.map(\.sku) == ["B", "C"] || lists["A"]?.map(\.sku) == ["C", "B"])
            #expect(lists["A"]?.count == 2 && lists["D"] == nil && lists["E"] == nil, "support 1 and cancelled orders give nothing")

            let forStranger = try await builder.forCustomer(storeID: store.id, customerKey: nil, basket: ["A"], limit: 4)
            #expect(Set(forStranger.map(\.sku)) == ["B", "C"])
            #expect(forStranger.first { $0.sku == "C" }?.title == "Cup <i>large</i>", "titles from the order lines")
            let forOwner = try await builder.forCustomer(storeID: store.id, customerKey: "c1", basket: ["A"], limit: 4)
            #expect(forOwner.map(\.sku) == ["C"], "c1 already has B")
            #expect(try await builder.forCustomer(storeID: store.id, customerKey: nil, basket: ["Z"], limit: 4).isEmpty)
        }
    }

    @Test("the receipt shows what is often bought with the order, escaped, and nothing the customer has", arguments: Backend.enabled)
    func receipt(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let store = browser.store
            let orders = (0..<3).map { Self.order(store, "h\($0)", ["SKU-1", "C"]) } + (0..<3).map { Self.order(store, "g\($0)", ["SKU-1", "SKU-2"]) }
            _ = try await browser.storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, customers: [Fixtures.customer(store, key: "someone")], orders: orders),
                now: Fixtures.t0)
            #expect(!(try await browser.get(browser.link(.receipt)).text.contains("You may also like")), "nothing computed yet")
            _ = try await RecommendationBuilder(storage: browser.storage).rebuild(storeID: store.id)
            let page = try await browser.get(browser.link(.receipt))
            #expect(page.text.contains("You may also like") && page.text.contains("<li>Cup &lt;i&gt;large&lt;/i&gt;</li>"))
            #expect(!page.text.contains("<li>Title of SKU-2</li>"), "the order's own products are not recommended")
        }
    }
}
