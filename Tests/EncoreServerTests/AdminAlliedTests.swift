import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Admin: allied partners, offers with their progress, and the settlement")
struct AdminAlliedTests {
    @Test("partners, offers with rewards given and waiting, the settlement for a chosen period; everything escaped", arguments: Backend.enabled)
    func page(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let storage = browser.storage
            let a = browser.store
            let b = try await storage.createStore(
                name: "shop-b", organisation: "acme", currency: .usd, timeZone: "UTC", webhookSecret: nil, now: Fixtures.t0)
            try await browser.login()
            let empty = try await browser.get("/admin/allied")
            #expect(empty.status == .ok && empty.text.contains("No partners") && empty.text.contains("No allied offers"))

            let service = AlliedOfferService(storage: storage, clock: FixedClock(Fixtures.t0))
            let partner = try await service.addPartner(organisationID: a.organisationID, key: "evil", name: "<script>alert(1)</script>")
            _ = try await service.addOffer(
                AlliedOffer(
                    key: "spend-50", sourceStoreID: a.id, targetStoreID: b.id, partnerID: partner.id, threshold: 5_000, currency: .usd,
                    windowDays: 30, reward: .credit(amount: 1_000, currency: .usd), startsAt: ISO8601.parse("2026-01-01")!,
                    endsAt: ISO8601.parse("2027-01-01")!))
            for (key, email) in [("c1", "one@example.com"), ("c2", "two@example.com")] {
                let customer = Customer(storeID: a.id, key: key, email: email, createdAt: Fixtures.t0)
                var order = Fixtures.order(a, key: "o-\(key)", customer: key, total: 6_000)
                order.placedAt = Fixtures.t0
                _ = try await storage.ingest(IngestBatch(storeID: a.id, origin: .live, customers: [customer], orders: [order]), now: Fixtures.t0)
            }
            let known = Customer(storeID: b.id, key: "b1", email: "one@example.com", createdAt: Fixtures.t0)
            _ = try await storage.ingest(IngestBatch(storeID: b.id, origin: .live, customers: [known]), now: Fixtures.t0)
            for key in ["c1", "c2"] {
                _ = try await service.orderPlaced(storeID: a.id, orderKey: "o-\(key)", customerKey: key, at: Fixtures.t0)
            }

            let page = try await browser.get("/admin/allied?from=2026-03-01&to=2026-04-01")
            #expect(page.status == .ok)
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.text.contains("<script"))
            #expect(page.text.contains("<code>partner:evil</code>"))
            #expect(page.text.contains("50.00 USD within 30 days") && page.text.contains("10.00 USD"))
            #expect(page.text.contains("<td class=\"n\">1 (10.00 USD)</td>\n<td class=\"n\">1 (10.00 USD)</td>"), "one given, one waiting")
            #expect(page.text.contains("<strong>Total</strong></td><td class=\"n\">1</td><td class=\"n\">10.00 USD</td>"))
            let april = try await browser.get("/admin/allied?from=2026-04-01&to=2026-05-01")
            #expect(april.text.contains("Nothing given in this period."))
            #expect(try await browser.get("/admin/allied?from=2026-04-01&to=2026-03-01").status == .badRequest)
            #expect(try await browser.get("/admin/allied?from=soon").status == .badRequest)
        }
    }
}
