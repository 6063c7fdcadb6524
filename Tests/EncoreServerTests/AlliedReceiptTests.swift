import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Smart receipt: the partner-brand slot shows the allied offer, the way toward it, and the reward once earned")
struct AlliedReceiptTests {
    /// The receipt of `order` at `store` for `customer`, as the page is served at `at`.
    static func receipt(_ shop: AlliedShop, store: Store, customer: String, order: String, at: Timestamp) async throws -> String {
        let app = Application(
            router: buildRouter(storage: shop.storage, clock: FixedClock(at), links: CareBrowser.signer, baseURL: "http://encore.test"))
        let url = CareBrowser.links.url(
            LinkRequest(purpose: .receipt, storeID: store.id, customerKey: customer, orderKey: order, messageID: nil, issuedAt: at))
        return try await app.test(.router) { client in
            try await client.execute(uri: String(url.dropFirst("http://encore.test".count)), method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
    }

    @Test("progress toward the threshold, then the reward earned; the partner's name escaped; nothing at a store without offers or once the offer ended", arguments: Backend.enabled)
    func slot(_ backend: Backend) async throws {
        try await AlliedShop.run(backend) { shop in
            var settings = shop.b.settings
            settings.displayName = "Beans <&> Co"
            try await shop.storage.updateSettings(storeID: shop.b.id, settings: settings)
            try await shop.customer(shop.a, "c1", email: "ada@example.com")
            try await shop.order("1", "c1", total: 10_000, at: shop.day(1))
            let first = try await Self.receipt(shop, store: shop.a, customer: "c1", order: "1", at: shop.day(2))
            #expect(first.contains("<h2 id=\"allied-h\">From a partner brand</h2>"))
            #expect(first.contains("Spend $150.00 here within 30 days and get <strong>250 points</strong> at Beans &lt;&amp;&gt; Co."))
            #expect(first.contains("So far: $100.00 of $150.00") && first.contains("max=\"1000\" value=\"666\""))

            try await shop.order("2", "c1", total: 6_000, at: shop.day(3))
            let second = try await Self.receipt(shop, store: shop.a, customer: "c1", order: "2", at: shop.day(4))
            #expect(second.contains("You earned 250 points at Beans &lt;&amp;&gt; Co!"))
            #expect(!second.contains("So far:"))

            // The customer at the partner brand: no offer runs from there, the slot stays empty.
            try await shop.customer(shop.b, "b1", email: "ada@example.com")
            try await shop.order("9", "b1", total: 2_000, at: shop.day(5), store: shop.b)
            let atB = try await Self.receipt(shop, store: shop.b, customer: "b1", order: "9", at: shop.day(6))
            #expect(atB.contains("<aside class=\"slot no-print\" aria-label=\"An offer from a partner brand\"></aside>"))
            #expect(!atB.contains("From a partner brand</h2>"))

            // After the offer's end date it is not shown any more.
            try await shop.customer(shop.a, "c2", email: "bob@example.com")
            try await shop.order("3", "c2", total: 1_000, at: shop.day(7))
            let late = try await Self.receipt(shop, store: shop.a, customer: "c2", order: "3", at: AlliedShop.ends.adding(seconds: 1))
            #expect(!late.contains("From a partner brand</h2>"))
        }
    }
}
