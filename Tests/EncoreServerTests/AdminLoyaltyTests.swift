import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Admin: the loyalty program, the liability report and a customer's ledger")
struct AdminLoyaltyTests {
    @Test("program, tiers with members, rewards with what is gone, liability, and a ledger with reasons; escaped; another organisation's store is 404", arguments: Backend.enabled)
    func pages(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let store = browser.store
            try await browser.login()
            #expect(try await browser.get("/admin/stores/\(store.id)/loyalty").text.contains("No loyalty program yet"))

            var program = LoyaltyProgram.defaults
            program.rewards[0].name = "Five <i>off</i>"
            _ = try await browser.storage.publishLoyaltyProgram(storeID: store.id, program: program, source: "currency: USD # <script>", now: Fixtures.t0)
            var customer = Fixtures.customer(store)
            customer.key = "c<1>"
            customer.email = "ada@example.com"
            _ = try await browser.storage.ingest(IngestBatch(storeID: store.id, origin: .live, customers: [customer]), now: Fixtures.t0)
            let key = try PostingKey(store: store.id, source: "grant", sourceID: "welcome")
            _ = try await browser.storage.applyLedger(storeID: store.id, customerKey: "c<1>", eventKey: key, lotKeys: [], now: Fixtures.t0) { book in
                try book.grant(key, points: 1_200, at: Fixtures.t0, source: "welcome", availableAt: Fixtures.t0, expiresAt: nil,
                    reason: "welcome <b>gift</b>")
            }
            try await LoyaltyProcessor(storage: browser.storage, clock: FixedClock(Fixtures.t0)).setFloor(
                storeID: store.id, customerKey: "c<1>", floor: "silver")

            _ = try await ScratchService(storage: browser.storage, clock: FixedClock(Fixtures.t0)).create(
                storeID: store.id,
                campaign: ScratchCampaign(
                    key: "spring", prizes: [ScratchPrize(key: "mug", label: "A <mug>", weight: 1, cost: 10)], noPrizeWeight: 9,
                    budgetUnit: .points, budget: 500),
                minimumOrder: 2_500)
            let page = try await browser.get("/admin/stores/\(store.id)/loyalty")
            #expect(page.text.contains("<td>spring</td>") && page.text.contains("A &lt;mug&gt;: 1 in 10 (10%)"), "odds")
            #expect(page.text.contains("0 of 500 points") && page.text.contains("25.00 USD"))
            #expect(page.status == .ok)
            #expect(page.text.contains("Version 1") && page.text.contains("<strong>1200</strong> points outstanding, held by 1 customers"))
            #expect(page.text.contains("Worth at most <strong>12.00 USD</strong>"), "500 points buy 5.00 off: a cent a point")
            #expect(page.text.contains("<td>Silver</td><td>500.00 USD</td><td>×1.25</td><td>1</td>"))
            #expect(page.text.contains("Five &lt;i&gt;off&lt;/i&gt;") && !page.text.contains("<i>off</i>"))
            #expect(page.text.contains("# &lt;script&gt;") && !page.text.contains("<script"))

            let found = try await browser.get("/admin/stores/\(store.id)/loyalty?customer=ADA@example.com")
            #expect(found.status == .seeOther)
            let ledger = try await browser.get(found.location ?? "")
            #expect(ledger.status == .ok && ledger.text.contains("Balance <strong>1200</strong>"))
            #expect(ledger.text.contains("welcome &lt;b&gt;gift&lt;/b&gt;") && ledger.text.contains("+1200"))
            #expect(ledger.text.contains("Tier <strong>Silver</strong> (floor silver)") && ledger.text.contains("c&lt;1&gt;"))
            #expect(try await browser.get("/admin/stores/\(store.id)/loyalty?customer=nobody").status == .notFound)
            #expect(try await browser.get("/admin/stores/\(browser.rival.id)/loyalty").status == .notFound)
            #expect(try await browser.get("/admin/stores/\(store.id)/loyalty/customers/ghost").status == .notFound)
        }
    }
}
