import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@Suite("Rewards: redemption locks the points and issues the code")
struct RewardRedemptionTests {
    static let pool = Reward(
        key: "ten-off", name: "10.00 off", kind: .fixedDiscount(amount: 1_000), cost: 100, fulfilment: .codePool)
    static let hook = Reward(
        key: "free-ship", name: "Free shipping", kind: .freeShipping, cost: 30, fulfilment: .webhook)
    static let scarce = Reward(
        key: "mug", name: "A mug", kind: .freeProduct(sku: "MUG"), cost: 10, stock: 2, perCustomerLimit: 1,
        fulfilment: .webhook)

    /// A store whose program has the three rewards, a webhook URL, and customers c1 and c2 with
    /// `points` spendable each.
    static func run(_ backend: Backend, points: Int64, _ body: (any EncoreStorage, Store) async throws -> Void) async throws {
        try await withStorage(backend) { storage, _ in
            var store = try await Fixtures.store(storage)
            store.settings.rewardsWebhookURL = "https://shop.example/encore/rewards"
            try await storage.updateSettings(storeID: store.id, settings: store.settings)
            var program = LoyaltyProgram.defaults
            program.rewards = [pool, hook, scarce]
            _ = try await storage.publishLoyaltyProgram(storeID: store.id, program: program, source: "test", now: Fixtures.t0)
            for customer in ["c1", "c2"] {
                let key = try PostingKey(store: store.id, source: "grant", sourceID: customer)
                _ = try await storage.applyLedger(storeID: store.id, customerKey: customer, eventKey: key, lotKeys: [], now: Fixtures.t0) {
                    book in
                    try book.grant(key, points: points, at: Fixtures.t0, source: "welcome", availableAt: Fixtures.t0, expiresAt: nil)
                }
            }
            try await body(storage, store)
        }
    }

    static func redeemer(_ storage: any EncoreStorage) -> RewardRedeemer {
        RewardRedeemer(storage: storage, clock: FixedClock(Fixtures.t0.adding(seconds: 60)))
    }

    static func spendable(_ storage: any EncoreStorage, _ store: Store, _ customer: String = "c1") async throws -> Int64 {
        try await storage.loyaltyBalance(storeID: store.id, customerKey: customer, now: Fixtures.t0.adding(seconds: 60)).balances.spendable
    }

    @Test("a code from the pool, once per request; the pool running dry is out of stock and takes nothing", arguments: Backend.enabled)
    func codePool(_ backend: Backend) async throws {
        try await Self.run(backend, points: 350) { storage, store in
            let imported = try await storage.importRewardCodes(storeID: store.id, rewardKey: "ten-off", codes: ["B-2", "A-1", "A-1"], now: Fixtures.t0)
            #expect(imported.added == 2 && imported.existing == 1)
            let redeemer = Self.redeemer(storage)
            let first = try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "ten-off", requestKey: "r1")
            guard case .redeemed(let redemption, let replay) = first else { Issue.record("refused: \(first)"); return }
            #expect(redemption.code == "A-1" && !replay && redemption.points == 100)
            #expect(try await Self.spendable(storage, store) == 250)
            let again = try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "ten-off", requestKey: "r1")
            #expect(again == .redeemed(redemption, replay: true), "the same request returns the same code")
            #expect(try await Self.spendable(storage, store) == 250)
            guard case .redeemed(let second, _) = try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "ten-off", requestKey: "r2")
            else { Issue.record("second refused"); return }
            #expect(second.code == "B-2")
            #expect(try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "ten-off", requestKey: "r3") == .refused(.outOfStock))
            #expect(try await Self.spendable(storage, store) == 150)
            #expect(try await storage.rewardUsage(storeID: store.id)["ten-off"] == RewardUsage(redeemed: 2, codesLeft: 0))
            #expect(try await storage.redemptions(storeID: store.id, customerKey: "c1").map(\.code).sorted() == ["A-1", "B-2"])
            #expect(try await storage.verifyLedger(storeID: store.id).isEmpty)
        }
    }

    @Test("stock and the per-customer limit hold; too few points are refused with what is missing", arguments: Backend.enabled)
    func limits(_ backend: Backend) async throws {
        try await Self.run(backend, points: 25) { storage, store in
            let redeemer = Self.redeemer(storage)
            #expect(try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "free-ship", requestKey: "x")
                == .refused(.insufficientPoints(needed: 30, available: 25)))
            guard case .redeemed = try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "mug", requestKey: "m1") else {
                Issue.record("first mug refused"); return
            }
            #expect(try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "mug", requestKey: "m2") == .refused(.limitReached(limit: 1)))
            guard case .redeemed = try await redeemer.redeem(store: store, customerKey: "c2", rewardKey: "mug", requestKey: "m1") else {
                Issue.record("c2's mug refused"); return
            }
            // A third customer would find the stock of 2 gone.
            let key = try PostingKey(store: store.id, source: "grant", sourceID: "c3")
            _ = try await storage.applyLedger(storeID: store.id, customerKey: "c3", eventKey: key, lotKeys: [], now: Fixtures.t0) { book in
                try book.grant(key, points: 50, at: Fixtures.t0, source: "welcome", availableAt: Fixtures.t0, expiresAt: nil)
            }
            #expect(try await redeemer.redeem(store: store, customerKey: "c3", rewardKey: "mug", requestKey: "m1") == .refused(.outOfStock))
            #expect(try await Self.spendable(storage, store, "c3") == 50)
            await #expect(throws: RedeemError.unknownReward("nope")) {
                try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "nope", requestKey: "n")
            }
            await #expect(throws: RedeemError.self) {
                try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "mug", requestKey: "a|b")
            }
        }
    }

    @Test("100 concurrent redemptions on one account never overspend; the shop hears of each code once", arguments: Backend.enabled)
    func concurrent(_ backend: Backend) async throws {
        try await Self.run(backend, points: 1_000) { storage, store in
            let redeemer = Self.redeemer(storage)
            let outcomes = try await withThrowingTaskGroup(of: RedemptionOutcome.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await redeemer.redeem(store: store, customerKey: "c1", rewardKey: "free-ship", requestKey: "k\(index)")
                    }
                }
                return try await group.reduce(into: [RedemptionOutcome]()) { $0.append($1) }
            }
            let codes = outcomes.compactMap { outcome -> String? in
                if case .redeemed(let redemption, _) = outcome { return redemption.code }
                return nil
            }
            #expect(codes.count == 33 && Set(codes).count == 33, "1000 points buy 33 at 30")
            #expect(outcomes.filter { $0 == .refused(.insufficientPoints(needed: 30, available: 10)) }.count == 67)
            #expect(try await Self.spendable(storage, store) == 10)
            let hooks = try await storage.outbox(storeID: store.id, status: .pending, limit: 500)
            #expect(hooks.count == 33 && hooks.allSatisfy { $0.channel == .webhook && $0.recipient == "https://shop.example/encore/rewards" })
            #expect(Set(hooks.compactMap { hook in codes.first { hook.text.contains("\"code\":\"\($0)\"") } }).count == 33)
            #expect(hooks.first?.text.contains("\"type\":\"reward.redeemed\"") == true)
            #expect(try await storage.verifyLedger(storeID: store.id).isEmpty)
        }
    }

    @Test("a webhook reward without the store's webhook URL is refused before anything moves", arguments: Backend.enabled)
    func noWebhook(_ backend: Backend) async throws {
        try await Self.run(backend, points: 100) { storage, store in
            var plain = store
            plain.settings.rewardsWebhookURL = nil
            let redeemer = Self.redeemer(storage)
            let unannounced = plain
            await #expect(throws: RedeemError.noWebhook("free-ship")) {
                try await redeemer.redeem(store: unannounced, customerKey: "c1", rewardKey: "free-ship", requestKey: "k")
            }
            let left = try await Self.spendable(storage, store)
            #expect(left == 100)
        }
    }
}
