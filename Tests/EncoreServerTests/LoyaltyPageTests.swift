import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Loyalty for customers: the receipt's points and the /l/{token} page with its rewards")
struct LoyaltyPageTests {
    /// The care shop with a program (a pool reward whose name holds markup, and a dear one), the
    /// order's 50 points (spendable: its window closed) and 600 more as a welcome, and two codes.
    static func prepare(_ browser: CareBrowser) async throws {
        let store = browser.store
        var program = LoyaltyProgram.defaults
        program.rewards = [
            Reward(key: "tote", name: "A <b>tote</b> bag", kind: .freeProduct(sku: "TOTE"), cost: 500, fulfilment: .codePool),
            Reward(key: "trip", name: "A trip", kind: .fixedDiscount(amount: 100_000), cost: 90_000, fulfilment: .codePool),
        ]
        _ = try await browser.storage.publishLoyaltyProgram(storeID: store.id, program: program, source: "test", now: Fixtures.t0)
        _ = try await browser.storage.importRewardCodes(storeID: store.id, rewardKey: "tote", codes: ["TOTE-1"], now: Fixtures.t0)
        _ = try await browser.storage.importRewardCodes(storeID: store.id, rewardKey: "trip", codes: ["TRIP-1"], now: Fixtures.t0)
        let order = try PostingKey(store: store.id, source: "order", sourceID: "1001", ruleVersion: 1)
        let welcome = try PostingKey(store: store.id, source: "grant", sourceID: "c1")
        _ = try await browser.storage.applyLedger(storeID: store.id, requests: [
            LedgerRequest(customerKey: "c1", eventKey: order) { book in
                try book.earn(order, points: 50, at: Fixtures.t0, source: "order:1001", availableAt: Fixtures.t0, expiresAt: nil)
            },
            LedgerRequest(customerKey: "c1", eventKey: welcome) { book in
                try book.grant(welcome, points: 600, at: Fixtures.t0, source: "welcome", availableAt: Fixtures.t0,
                    expiresAt: CareBrowser.now.adding(seconds: 10 * 86_400))
            },
        ], now: Fixtures.t0)
    }

    @Test("the receipt shows the order's points and links to the loyalty page", arguments: Backend.enabled)
    func receipt(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            #expect(!(try await browser.get(browser.link(.receipt)).text.contains("Your points")), "no program, no slot")
            try await Self.prepare(browser)
            let page = try await browser.get(browser.link(.receipt))
            #expect(page.text.contains("This order earned you <strong>50 points</strong>."))
            #expect(page.text.contains("650 points to spend") && page.text.contains("Bronze member"))
            let link = try #require(page.text.range(of: "href=\"/l/").map { range in
                String(page.text[range.upperBound...].prefix { $0 != "\"" })
            })
            #expect(try await browser.get("/l/" + link).status == .ok)
        }
    }

    @Test("the page: points, tier progress, what expires soon, rewards escaped; redeeming shows the code once", arguments: Backend.enabled)
    func redeem(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            try await Self.prepare(browser)
            let link = browser.link(.loyalty)
            let page = try await browser.get(link)
            #expect(page.status == .ok)
            #expect(page.text.contains("<strong class=\"big\">650</strong> points to spend"))
            #expect(page.text.contains("Bronze member") && page.text.contains("more to Silver") && page.text.contains("<progress"))
            #expect(page.text.contains("Expiring soon") && page.text.contains("600 points on"))
            #expect(page.text.contains("A &lt;b&gt;tote&lt;/b&gt; bag") && !page.text.contains("<b>tote</b>"))
            #expect(page.text.contains("Redeem for 500 points") && page.text.contains("89350 more points needed"))
            #expect(page.text.utf8.count < 50 * 1024)

            let form = try #require(page.text.range(of: "name=\"request\" value=\"").map { range in
                String(page.text[range.upperBound...].prefix { $0 != "\"" })
            })
            let fields = [("csrf", page.csrf ?? ""), ("reward", "tote"), ("request", form)]
            let redeemed = try await browser.request(.post, link + "/redeem", form: fields)
            #expect(redeemed.status == .seeOther)
            let after = try await browser.get(redeemed.location ?? "")
            #expect(after.text.contains("<code>TOTE-1</code>") && after.text.contains("<strong class=\"big\">150</strong>"))
            let twice = try await browser.request(.post, link + "/redeem", form: fields)
            #expect(twice.status == .seeOther, "the same form posted again redeems nothing more")
            #expect(try await browser.storage.redemptions(storeID: browser.store.id, customerKey: "c1").count == 1)

            let dear = try await browser.request(
                .post, link + "/redeem", form: [("csrf", page.csrf ?? ""), ("reward", "trip"), ("request", "x")])
            #expect(dear.status == .conflict && dear.text.contains("This reward costs 90000 points and you have 150"))
            let unknown = try await browser.request(
                .post, link + "/redeem", form: [("csrf", page.csrf ?? ""), ("reward", "<script>"), ("request", "y")])
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("&lt;script&gt;") && !unknown.text.contains("<script>"))
        }
    }

    @Test("no CSRF token is 403; a tampered token, another link's token or another store's customer is 404", arguments: Backend.enabled)
    func badInput(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            try await Self.prepare(browser)
            let link = browser.link(.loyalty)
            let forged = try await browser.request(.post, link + "/redeem", form: [("reward", "tote"), ("request", "z")])
            #expect(forged.status == .forbidden)
            #expect(try await browser.storage.redemptions(storeID: browser.store.id, customerKey: "c1").isEmpty)
            var tampered = link
            tampered.removeLast()
            tampered.append(link.hasSuffix("A") ? "B" : "A")
            #expect(try await browser.get(tampered).status == .notFound)
            let receiptToken = browser.link(.receipt).dropFirst("/r/".count)
            #expect(try await browser.get("/l/\(receiptToken)").status == .notFound)
            let other = try await Fixtures.store(browser.storage, "other")
            let stranger = CareBrowser.links.url(
                LinkRequest(purpose: .loyalty, storeID: other.id, customerKey: "c1", orderKey: nil, messageID: nil, issuedAt: CareBrowser.now))
            let page = try await browser.get(String(stranger.dropFirst("http://encore.test".count)))
            #expect(page.status == .notFound && !page.text.contains("650"))
        }
    }
}

extension LoyaltyPageTests {
    @Test("a published review earns the review action's points (review.submitted in the log); one held for moderation earns when the merchant publishes it, once", arguments: Backend.enabled)
    func reviewPoints(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            _ = try await browser.storage.publishLoyaltyProgram(
                storeID: browser.store.id, program: .defaults, source: "d", now: Fixtures.t0)
            let receipt = browser.link(.receipt)
            let csrf = try await browser.get(receipt).csrf ?? ""
            let good = try await browser.request(
                .post, receipt + "/review", form: [("csrf", csrf), ("sku", "SKU-1"), ("stars", "5"), ("title", "Lovely"), ("body", "Would buy again.")])
            #expect(good.status == .seeOther)
            let linked = try await browser.request(
                .post, receipt + "/review",
                form: [("csrf", csrf), ("sku", "SKU-2"), ("stars", "5"), ("title", "Great"), ("body", "Cheaper at www.rival.example")])
            #expect(linked.status == .seeOther)
            let report = try await LoyaltyProcessor(storage: browser.storage, clock: FixedClock(CareBrowser.now)).runOnce()
            #expect(report.events == 2 && report.pointsEarned == 25, "the default program: 25 points a review, published ones only")
            let events = try await browser.storage.customer(storeID: browser.store.id, key: "c1", eventLimit: 50)?.events ?? []
            #expect(events.filter { $0.type == "review.submitted" }.count == 2)

            // The held review, published by the merchant later, earns then; moderating it again earns nothing more.
            let held = try #require(try await browser.storage.reviews(storeID: browser.store.id, status: "pending", limit: 10).first)
            let processor = LoyaltyProcessor(storage: browser.storage, clock: FixedClock(CareBrowser.now))
            #expect(try await browser.storage.moderateReview(storeID: browser.store.id, key: held.key, status: "published", now: CareBrowser.now))
            #expect(try await processor.runOnce().pointsEarned == 25)
            _ = try await browser.storage.moderateReview(storeID: browser.store.id, key: held.key, status: "pending", now: CareBrowser.now)
            _ = try await browser.storage.moderateReview(storeID: browser.store.id, key: held.key, status: "published", now: CareBrowser.now)
            #expect(try await processor.runOnce().events == 0, "published once: one review.published")
            let published = try await browser.storage.reviews(storeID: browser.store.id, orderKey: "1001").filter { $0.status == "published" }
            #expect(published.count == 2)
            let balance = try await browser.storage.loyaltyBalance(storeID: browser.store.id, customerKey: "c1", now: CareBrowser.now)
            #expect(balance.openLots.filter { $0.source == "action:review" }.map(\.points) == [25, 25])
        }
    }
}
