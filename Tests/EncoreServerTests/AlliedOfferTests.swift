import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// Two brands of one organisation: spending at `a` earns a reward at `b` (which has a loyalty
/// program), funded by the partner "acme".
struct AlliedShop {
    let storage: any EncoreStorage
    let a: Store
    let b: Store
    let partner: AlliedPartner
    let offer: AlliedOffer

    static let day: Int64 = 86_400
    static let starts = ISO8601.parse("2026-01-01")!
    static let ends = ISO8601.parse("2027-01-01")!

    static func run(
        _ backend: Backend, reward: AlliedReward = .points(250), _ body: (AlliedShop) async throws -> Void
    ) async throws {
        try await withStorage(backend) { storage, _ in
            let a = try await storage.createStore(
                name: "brand-a", organisation: "group", currency: .usd, timeZone: "UTC", webhookSecret: nil, now: Fixtures.t0)
            let b = try await storage.createStore(
                name: "brand-b", organisation: "group", currency: .usd, timeZone: "UTC", webhookSecret: nil, now: Fixtures.t0)
            _ = try await storage.publishLoyaltyProgram(
                storeID: b.id, program: .defaults, source: LoyaltyProgram.defaultsYAML, now: Fixtures.t0.adding(seconds: -day))
            let service = AlliedOfferService(storage: storage, clock: FixedClock(Fixtures.t0))
            let partner = try await service.addPartner(organisationID: a.organisationID, key: "acme", name: "Acme Ltd")
            let offer = AlliedOffer(
                key: "spend-150", sourceStoreID: a.id, targetStoreID: b.id, partnerID: partner.id, threshold: 15_000,
                currency: .usd, windowDays: 30, reward: reward, startsAt: starts, endsAt: ends)
            _ = try await service.addOffer(offer)
            try await body(AlliedShop(storage: storage, a: a, b: b, partner: partner, offer: offer))
        }
    }

    func customer(_ store: Store, _ key: String, email: String?) async throws {
        let customer = Customer(storeID: store.id, key: key, email: email, firstName: "Ada", createdAt: Fixtures.t0)
        _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, customers: [customer]), now: Fixtures.t0)
    }

    /// Stores an order of the customer at `store`, then evaluates it as the loyalty worker would.
    @discardableResult
    func order(_ key: String, _ customer: String, total: Int64, at: Timestamp, store: Store? = nil) async throws
        -> AlliedOfferReport
    {
        let store = store ?? a
        var order = Fixtures.order(store, key: key, customer: customer, total: total, lines: 1)
        order.placedAt = at
        _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, orders: [order]), now: at)
        return try await evaluate(key, customer, at: at, store: store)
    }

    func evaluate(_ key: String, _ customer: String, at: Timestamp, store: Store? = nil) async throws -> AlliedOfferReport {
        try await AlliedOfferService(storage: storage, clock: FixedClock(at)).orderPlaced(
            storeID: (store ?? a).id, orderKey: key, customerKey: customer, at: at)
    }

    func balance(_ customerKey: String, at: Timestamp) async throws -> Int64 {
        try await storage.loyaltyBalance(storeID: b.id, customerKey: customerKey, now: at).balances.available
    }

    func events(_ customerKey: String) async throws -> [Event] {
        let detail = try await storage.customer(storeID: b.id, key: customerKey, eventLimit: 100)
        return (detail?.events ?? []).filter { $0.type == "allied.reward" }
    }

    func day(_ n: Int64) -> Timestamp { Fixtures.t0.adding(seconds: n * Self.day) }
}

@Suite("Allied offers: spend at one brand, a reward at another, funded by a partner")
struct AlliedOfferTests {
    @Test("150 spent at A within 30 days gives 250 points at B once, funded by the partner; a replay gives nothing more", arguments: Backend.enabled)
    func qualifiesOnce(_ backend: Backend) async throws {
        try await AlliedShop.run(backend) { shop in
            try await shop.customer(shop.a, "c1", email: "Ada.Lovelace+shop@Example.com")
            try await shop.customer(shop.b, "b7", email: "ada.lovelace@example.com")
            var report = try await shop.order("1001", "c1", total: 10_000, at: shop.day(0))
            #expect(report.granted == 0 && report.waiting == 0, "100.00 is not 150.00 yet")
            report = try await shop.order("1002", "c1", total: 6_000, at: shop.day(10))
            #expect(report.granted == 1, "\(report.problems)")
            #expect(try await shop.balance("b7", at: shop.day(10)) == 250)

            let again = try await shop.evaluate("1002", "c1", at: shop.day(10))
            #expect(again.granted == 0 && again.waiting == 0, "a replayed order gives nothing")
            try await shop.order("1003", "c1", total: 50_000, at: shop.day(12))
            #expect(try await shop.balance("b7", at: shop.day(12)) == 250, "given once per customer and offer")

            let events = try await shop.events("b7")
            #expect(events.count == 1)
            #expect(events.first?.payload.contains("\"points\":250") == true && events.first?.payload.contains("\"offer\":\"spend-150\"") == true)
            let postings = try await shop.storage.loyaltyPostings(storeID: shop.b.id, customerKey: "b7", limit: 10)
            #expect(postings.map(\.debit) == [.partner("acme")] && postings.map(\.credit) == [.customer("b7")])
            #expect(try await shop.storage.verifyLedger(storeID: shop.b.id).isEmpty, "the partner's account balances the books")
            let reward = try await shop.storage.alliedReward(storeID: shop.b.id, offerKey: "spend-150", sourceCustomerKey: "c1")
            #expect(reward?.status == .granted && reward?.qualifiedAt == shop.day(10) && reward?.sourceOrderKey == "1002")
            #expect(reward?.lotKey != nil && reward?.targetCustomerKey == "b7")
        }
    }

    @Test("spending spread over more than the window, or brought under the threshold by a refund or a cancellation, gives nothing", arguments: Backend.enabled)
    func noQualification(_ backend: Backend) async throws {
        try await AlliedShop.run(backend) { shop in
            try await shop.customer(shop.b, "b1", email: "c2@example.com")
            try await shop.customer(shop.a, "c2", email: "c2@example.com")
            try await shop.order("2001", "c2", total: 10_000, at: shop.day(0))
            let late = try await shop.order("2002", "c2", total: 6_000, at: shop.day(30))
            #expect(late.granted == 0 && late.waiting == 0, "exactly 30 days later is outside the window")

            try await shop.customer(shop.b, "b3", email: "c3@example.com")
            try await shop.customer(shop.a, "c3", email: "c3@example.com")
            try await shop.order("3001", "c3", total: 10_000, at: shop.day(0))
            let refund = Refund(
                storeID: shop.a.id, key: "r1", orderKey: "3001", amount: 5_000, currency: .usd, createdAt: shop.day(1))
            _ = try await shop.storage.ingest(IngestBatch(storeID: shop.a.id, origin: .live, refunds: [refund]), now: shop.day(1))
            let refunded = try await shop.order("3002", "c3", total: 6_000, at: shop.day(5))
            #expect(refunded.granted == 0 && refunded.waiting == 0, "100 - 50 + 60 = 110")
            let enough = try await shop.order("3003", "c3", total: 4_000, at: shop.day(6))
            #expect(enough.granted == 1, "110 + 40 = 150")

            try await shop.customer(shop.a, "c4", email: "c4@example.com")
            var cancelled = Fixtures.order(shop.a, key: "4001", customer: "c4", total: 10_000, lines: 1)
            cancelled.placedAt = shop.day(0)
            cancelled.cancelledAt = shop.day(1)
            _ = try await shop.storage.ingest(IngestBatch(storeID: shop.a.id, origin: .live, orders: [cancelled]), now: shop.day(1))
            let after = try await shop.order("4002", "c4", total: 6_000, at: shop.day(2))
            #expect(after.granted == 0 && after.waiting == 0, "a cancelled order does not count")

            try await shop.customer(shop.a, "c5", email: "c5@example.com")
            let before = try await shop.order("5001", "c5", total: 20_000, at: ISO8601.parse("2025-12-31T23:00:00Z")!)
            #expect(before.granted == 0 && before.waiting == 0, "before the offer's dates")
            #expect(try await shop.storage.verifyLedger(storeID: shop.b.id).isEmpty)
        }
    }

    @Test("a customer unknown at B waits: the reward is given on their first order at B, or when B knows them", arguments: Backend.enabled)
    func waiting(_ backend: Backend) async throws {
        try await AlliedShop.run(backend) { shop in
            try await shop.customer(shop.a, "c1", email: "grace@gmail.com")
            let report = try await shop.order("1001", "c1", total: 15_000, at: shop.day(0))
            #expect(report.waiting == 1 && report.granted == 0)
            #expect(try await shop.evaluate("1001", "c1", at: shop.day(0)).waiting == 0, "recorded once")
            var progress = try await shop.storage.alliedProgress(organisationID: shop.a.organisationID)["spend-150"]
            #expect(progress == AlliedOfferProgress(waiting: 1, waitingAmount: 250))

            // She appears at B with another spelling of her address, and orders.
            try await shop.customer(shop.b, "g1", email: "G.Race+b@googlemail.com")
            let first = try await shop.order("b-1", "g1", total: 1_000, at: shop.day(3), store: shop.b)
            #expect(first.granted == 1, "\(first.problems)")
            #expect(try await shop.balance("g1", at: shop.day(3)) == 250)
            #expect(try await shop.events("g1").count == 1)
            progress = try await shop.storage.alliedProgress(organisationID: shop.a.organisationID)["spend-150"]
            #expect(progress == AlliedOfferProgress(granted: 1, grantedAmount: 250))
            #expect(try await shop.order("b-2", "g1", total: 1_000, at: shop.day(4), store: shop.b).granted == 0)
            #expect(try await shop.balance("g1", at: shop.day(4)) == 250)

            // Another one is created at B with no order: the sweep gives it.
            try await shop.customer(shop.a, "c2", email: "linus@example.com")
            #expect(try await shop.order("1002", "c2", total: 16_000, at: shop.day(5)).waiting == 1)
            try await shop.customer(shop.b, "l1", email: "LINUS@example.com")
            let service = AlliedOfferService(storage: shop.storage, clock: FixedClock(shop.day(6)))
            #expect(try await service.grantWaiting(storeID: shop.b.id).granted == 1)
            #expect(try await service.grantWaiting(storeID: shop.b.id).granted == 0)
            #expect(try await shop.balance("l1", at: shop.day(6)) == 250)
            #expect(try await shop.storage.verifyLedger(storeID: shop.b.id).isEmpty)
        }
    }

    @Test("credit rewards issue a code at B; the settlement adds up per partner and offer in the period given", arguments: Backend.enabled)
    func creditAndSettlement(_ backend: Backend) async throws {
        try await AlliedShop.run(backend, reward: .credit(amount: 2_500, currency: .usd)) { shop in
            var settings = shop.b.settings
            settings.rewardsWebhookURL = "https://b.example/hooks/rewards"
            try await shop.storage.updateSettings(storeID: shop.b.id, settings: settings)
            let points = AlliedOffer(
                key: "points", sourceStoreID: shop.a.id, targetStoreID: shop.b.id, partnerID: shop.partner.id, threshold: 5_000,
                currency: .usd, windowDays: 7, reward: .points(100), startsAt: AlliedShop.starts, endsAt: AlliedShop.ends)
            let service = AlliedOfferService(storage: shop.storage, clock: FixedClock(Fixtures.t0))
            _ = try await service.addOffer(points)
            for (index, day) in [Int64(0), 1, 40].enumerated() {
                let key = "c\(index)"
                try await shop.customer(shop.a, key, email: "\(key)@example.com")
                try await shop.customer(shop.b, "b-\(key)", email: "\(key)@example.com")
                try await shop.order("o\(index)", key, total: 20_000, at: shop.day(day))
            }
            let reward = try await shop.storage.alliedReward(storeID: shop.b.id, offerKey: "spend-150", sourceCustomerKey: "c0")
            #expect(reward?.code?.hasPrefix("ENC-") == true && reward?.status == .granted)
            let event = try await shop.events("b-c0").first
            #expect(event?.payload.contains("\"amount\":\"25.00\"") == true && event?.payload.contains(reward?.code ?? "?") == true)
            #expect(try await shop.storage.outboxCounts(storeID: shop.b.id)[.pending] == 3, "the shop hears of each code")

            let march = try await service.settlement(
                organisationID: shop.a.organisationID, from: ISO8601.parse("2026-03-01")!, to: ISO8601.parse("2026-04-01")!)
            let id = shop.partner.id
            #expect(
                march.partners == [
                    AlliedSettlementLine(partnerID: id, offerKey: nil, unit: .points, count: 2, amount: 200),
                    AlliedSettlementLine(partnerID: id, offerKey: nil, unit: .money(.usd), count: 2, amount: 5_000),
                ])
            #expect(
                march.offers == [
                    AlliedSettlementLine(partnerID: id, offerKey: "points", unit: .points, count: 2, amount: 200),
                    AlliedSettlementLine(partnerID: id, offerKey: "spend-150", unit: .money(.usd), count: 2, amount: 5_000),
                ])
            let all = try await service.settlement(
                organisationID: shop.a.organisationID, from: AlliedShop.starts, to: AlliedShop.ends)
            #expect(all.partners.map(\.count) == [3, 3])
            #expect(try await shop.storage.verifyLedger(storeID: shop.b.id).isEmpty)
        }
    }

    @Test("offers are checked: fields, unknown stores and partners, other organisations, keys taken, points without a program", arguments: Backend.enabled)
    func refusals(_ backend: Backend) async throws {
        try await AlliedShop.run(backend) { shop in
            let service = AlliedOfferService(storage: shop.storage, clock: FixedClock(Fixtures.t0))
            let other = try await shop.storage.createStore(
                name: "elsewhere", organisation: "rival", currency: .usd, timeZone: "UTC", webhookSecret: nil, now: Fixtures.t0)
            var offer = shop.offer
            offer.key = "x"
            offer.targetStoreID = other.id
            await #expect(throws: AlliedOfferRefusal.self) { _ = try await service.addOffer(offer) }
            offer.targetStoreID = shop.a.id
            await #expect(throws: InvalidAlliedOffer.self) { _ = try await service.addOffer(offer) }
            offer = shop.offer
            await #expect(throws: AlliedOfferRefusal.self, "the key is taken") { _ = try await service.addOffer(offer) }
            offer.key = "bad key!"
            await #expect(throws: InvalidAlliedOffer.self) { _ = try await service.addOffer(offer) }
            offer.key = "reverse"
            offer.sourceStoreID = shop.b.id
            offer.targetStoreID = shop.a.id
            await #expect(throws: AlliedOfferRefusal.self, "brand-a has no loyalty program") { _ = try await service.addOffer(offer) }
            offer.reward = .credit(amount: 100, currency: .eur)
            await #expect(throws: AlliedOfferRefusal.self, "brand-a credits in USD") { _ = try await service.addOffer(offer) }
            offer.reward = .credit(amount: 100, currency: .usd)
            offer.partnerID = 99
            await #expect(throws: AlliedOfferRefusal.self, "no such partner") { _ = try await service.addOffer(offer) }
            offer.partnerID = shop.partner.id
            _ = try await service.addOffer(offer)
            await #expect(throws: AlliedOfferRefusal.self) {
                _ = try await service.addPartner(organisationID: shop.a.organisationID, key: "acme", name: "Again")
            }
            await #expect(throws: InvalidAlliedOffer.self) {
                _ = try await service.addPartner(organisationID: shop.a.organisationID, key: "", name: " ")
            }
            #expect(try await shop.storage.alliedOffers(organisationID: shop.a.organisationID).map(\.offer.key) == ["reverse", "spend-150"])
        }
    }
}
