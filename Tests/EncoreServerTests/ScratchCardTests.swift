import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Scratch cards: decided when the order qualifies, reproducible from the seed, scratched on the receipt")
struct ScratchCardTests {
    /// Always a prize by the weights (no "no prize" weight), two prizes in points, a budget of 150.
    static let campaign = ScratchCampaign(
        key: "spring",
        prizes: [
            ScratchPrize(key: "big", label: "100 <b>bonus</b> points", weight: 1, cost: 100),
            ScratchPrize(key: "small", label: "10 points", weight: 3, cost: 10),
        ],
        noPrizeWeight: 0, budgetUnit: .points, budget: 150)

    @Test("orders reaching the minimum get one card each from the worker; the budget holds; every card audits against the seed", arguments: Backend.enabled)
    func issue(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let service = ScratchService(storage: shop.storage, clock: shop.clock)
            let record = try await service.create(storeID: shop.store.id, campaign: Self.campaign, minimumOrder: 2_000)
            // 16 winning cards cost at least 160 (all small prizes), so the budget of 150 runs out whatever the seed draws.
            var orders = (1...16).map { Fixtures.order(shop.store, key: "\(2000 + $0)", total: 5_000) }
            orders.append(Fixtures.order(shop.store, key: "small-order", total: 1_000))
            try await shop.live(orders: orders)
            var cards: [ScratchCard] = []
            for order in orders { cards += try await shop.storage.scratchCards(storeID: shop.store.id, orderKey: order.key) }
            #expect(cards.count == 16, "one per qualifying order, none under the minimum")
            let spent = cards.reduce(0) { $0 + $1.cost }
            #expect(spent <= 150 && cards.contains { $0.reason == .budgetExhausted }, "the budget holds: \(spent)")
            #expect(cards.allSatisfy { ScratchService.audit($0, record: record) }, "reproducible from the seed")
            var forged = cards[0]
            forged.roll &+= 1
            #expect(!ScratchService.audit(forged, record: record))
            // Issued again (a replayed event): the same cards.
            let again = try await service.issue(storeID: shop.store.id, order: orders[0], campaigns: [record])
            #expect(again == [cards[0]])
            let totals = try await shop.storage.scratchTotals(storeID: shop.store.id)["spring"]
            #expect(totals?.cards == 16 && totals?.budgetSpent == spent)
            await #expect(throws: InvalidScratchCampaign.self) {
                _ = try await service.create(
                    storeID: shop.store.id, campaign: ScratchCampaign(key: "", prizes: [], noPrizeWeight: 0, budgetUnit: .points, budget: 1),
                    minimumOrder: 0)
            }
            await #expect(throws: StorageError.self, "the key is taken") {
                _ = try await service.create(storeID: shop.store.id, campaign: Self.campaign, minimumOrder: 0)
            }
        }
    }

    @Test("the receipt prints the odds, scratching shows the prize and grants its points once; a second scratch changes nothing", arguments: Backend.enabled)
    func scratch(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let store = browser.store
            _ = try await browser.storage.publishLoyaltyProgram(storeID: store.id, program: .defaults, source: "d", now: Fixtures.t0)
            let service = ScratchService(storage: browser.storage, clock: FixedClock(CareBrowser.now))
            let winning = ScratchCampaign(
                key: "spring", prizes: [ScratchPrize(key: "big", label: "100 <b>bonus</b> points", weight: 1, cost: 100)],
                noPrizeWeight: 0, budgetUnit: .points, budget: 1_000)
            let record = try await service.create(storeID: store.id, campaign: winning, minimumOrder: 0)
            _ = try await service.issue(storeID: store.id, order: Fixtures.order(store), campaigns: [record])

            let link = browser.link(.receipt)
            let page = try await browser.get(link)
            #expect(page.text.contains("Scratch your card") && page.text.contains("Odds are per card"))
            #expect(!page.text.contains("You won"), "nothing shown before the scratch")
            let scratched = try await browser.submit(from: link, to: link + "/scratch", [("campaign", "spring")])
            #expect(scratched.status == .seeOther)
            let after = try await browser.get(scratched.location ?? "")
            #expect(after.text.contains("You won: 100 &lt;b&gt;bonus&lt;/b&gt; points!"))
            let balance = { try await browser.storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: CareBrowser.now).balances.available }
            #expect(try await balance() == 100)
            _ = try await browser.submit(from: link, to: link + "/scratch", [("campaign", "spring")])
            #expect(try await balance() == 100, "scratched twice: granted once")
            let missing = try await browser.submit(from: link, to: link + "/scratch", [("campaign", "other")])
            #expect(missing.status == .unprocessableContent)
            #expect(try await browser.storage.verifyLedger(storeID: store.id).isEmpty)
        }
    }
}
