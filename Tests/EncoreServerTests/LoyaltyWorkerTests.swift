import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// A store with the default program published the day before `Fixtures.t0`, and a worker whose
/// clock the test sets.
struct LoyaltyShop {
    let storage: any EncoreStorage
    let store: Store
    let clock: SteppingClock

    static let day: Int64 = 86_400

    static func run(_ backend: Backend, _ body: (LoyaltyShop) async throws -> Void) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.publishLoyaltyProgram(
                storeID: store.id, program: .defaults, source: LoyaltyProgram.defaultsYAML, now: Fixtures.t0.adding(seconds: -day))
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, customers: [Fixtures.customer(store)]), now: Fixtures.t0)
            try await body(LoyaltyShop(storage: storage, store: store, clock: SteppingClock(Fixtures.t0)))
        }
    }

    var processor: LoyaltyProcessor { LoyaltyProcessor(storage: storage, clock: clock, leaseMilliseconds: 60_000) }

    /// Stores live records at the clock's time (their events queue for the worker), then runs the worker.
    @discardableResult
    func live(
        orders: [Order] = [], shipments: [Shipment] = [], refunds: [Refund] = []
    ) async throws -> LoyaltyBatchReport {
        _ = try await storage.ingest(
            IngestBatch(storeID: store.id, origin: .live, orders: orders, shipments: shipments, refunds: refunds),
            now: clock.now())
        return try await processor.runOnce()
    }

    func balance(at: Timestamp? = nil) async throws -> LoyaltyBalance {
        try await storage.loyaltyBalance(storeID: store.id, customerKey: "c1", now: at ?? clock.now())
    }

    func events(_ type: String) async throws -> [Event] {
        let detail = try await storage.customer(storeID: store.id, key: "c1", eventLimit: 500)
        return (detail?.events ?? []).filter { $0.type == type }
    }

    func delivered(_ orderKey: String, at: Timestamp) -> Shipment {
        Shipment(
            storeID: store.id, key: "s-\(orderKey)", orderKey: orderKey, carrier: "UPS",
            checkpoints: [ShipmentCheckpoint(status: .delivered, at: at)])
    }
}

@Suite("Loyalty worker: the ledger fed from the event log")
struct LoyaltyWorkerTests {
    @Test("an order earns pending points; delivery makes them spendable when the return window closes", arguments: Backend.enabled)
    func earnAndAvailability(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let order = Fixtures.order(shop.store, total: 12_345)
            let report = try await shop.live(orders: [order])
            #expect(report.events == 1 && report.pointsEarned == 123, "1 point per whole dollar")
            var balance = try await shop.balance()
            #expect(balance.balances.pending == 123 && balance.balances.available == 0)
            #expect(balance.openLots.map(\.source) == ["order:1001"] && balance.openLots[0].availableAt == nil)
            #expect(balance.openLots[0].expiresAt == Fixtures.t0.adding(seconds: 365 * LoyaltyShop.day))
            let earned = try await shop.events("points.earned")
            #expect(earned.count == 1 && earned[0].orderKey == "1001" && earned[0].payload.contains("\"points\":123"))

            let deliveredAt = Fixtures.t0.adding(seconds: 2 * LoyaltyShop.day)
            shop.clock.advance(seconds: 2 * LoyaltyShop.day)
            try await shop.live(shipments: [shop.delivered("1001", at: deliveredAt)])
            balance = try await shop.balance()
            #expect(balance.openLots[0].availableAt == deliveredAt.adding(seconds: 30 * LoyaltyShop.day))
            #expect(balance.balances.pending == 123, "still inside the return window")
            let after = try await shop.balance(at: deliveredAt.adding(seconds: 30 * LoyaltyShop.day))
            #expect(after.balances.available == 123 && after.balances.pending == 0)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("refunds take back the refunded line's points, in steps never more than all; a refund larger than the order is refused where it comes in", arguments: Backend.enabled)
    func refunds(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let order = Fixtures.order(shop.store, total: 10_000)  // two lines of 50.00
            try await shop.live(orders: [order])
            #expect(try await shop.balance().balances.pending == 100)
            let half = Refund(
                storeID: shop.store.id, key: "r1", orderKey: "1001", amount: 2_500, currency: .usd,
                createdAt: Fixtures.t0.adding(seconds: 3_600), lines: [RefundLine(lineKey: "1", quantity: 1, amount: 2_500)])
            try await shop.live(refunds: [half])
            #expect(try await shop.balance().balances.pending == 75, "half of line 1's 50 points")
            let huge = Refund(
                storeID: shop.store.id, key: "r2", orderKey: "1001", amount: 1_000_000, currency: .usd,
                createdAt: Fixtures.t0.adding(seconds: 7_200))
            await #expect(throws: (any Error).self, "more than the order is refused where it comes in") {
                try await shop.live(refunds: [huge])
            }
            #expect(try await shop.balance().balances.pending == 75, "and moves no point")
            let rest = Refund(
                storeID: shop.store.id, key: "r3", orderKey: "1001", amount: 7_500, currency: .usd,
                createdAt: Fixtures.t0.adding(seconds: 7_200))
            let report = try await shop.live(refunds: [rest])
            #expect(report.refused == 0)
            let balance = try await shop.balance()
            #expect(balance.balances.pending == 0 && balance.balances.reversed == 100, "all of it, never more")
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("a refund handled before its order.placed (held by a worker that died) still takes its points back, once", arguments: Backend.enabled)
    func refundBeforeItsEarning(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let order = Fixtures.order(shop.store, total: 10_000)  // two lines of 50.00
            _ = try await shop.storage.ingest(
                IngestBatch(storeID: shop.store.id, origin: .live, orders: [order]), now: shop.clock.now())
            // A worker claims order.placed and dies holding it.
            let (_, held) = try await shop.storage.claimLoyaltyEvents(limit: 1, now: shop.clock.now(), leaseMilliseconds: 60_000)
            #expect(held.map(\.type) == ["order.placed"])
            let half = Refund(
                storeID: shop.store.id, key: "r1", orderKey: "1001", amount: 2_500, currency: .usd,
                createdAt: Fixtures.t0.adding(seconds: 10), lines: [RefundLine(lineKey: "1", quantity: 1, amount: 2_500)])
            let other = Refund(
                storeID: shop.store.id, key: "r2", orderKey: "1001", amount: 2_500, currency: .usd,
                createdAt: Fixtures.t0.adding(seconds: 20), lines: [RefundLine(lineKey: "2", quantity: 1, amount: 2_500)])
            shop.clock.advance(seconds: 30)
            // The next worker sees the refunds while order.placed is still leased: no points to take back yet.
            let early = try await shop.live(refunds: [half, other])
            #expect(early.applied == 0 && early.pointsEarned == 0)
            // The lease runs out; order.placed is handled with its refunds stored.
            shop.clock.advance(seconds: 60)
            let late = try await shop.processor.runOnce()
            #expect(late.pointsEarned == 100)
            var balance = try await shop.balance()
            #expect(balance.balances.pending == 50 && balance.balances.reversed == 50, "both quarter-refunds taken back")
            // The refunds' own events again (a replay) take nothing more.
            _ = try await LoyaltyWorkerTests().requeue(shop)
            balance = try await shop.balance()
            #expect(balance.balances.pending == 50 && balance.balances.reversed == 50)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("a cancelled order gives its points back; spent points become a debt under the default policy", arguments: Backend.enabled)
    func cancellation(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            var order = Fixtures.order(shop.store, total: 80_000)
            try await shop.live(orders: [order], shipments: [shop.delivered("1001", at: Fixtures.t0)])
            shop.clock.advance(seconds: 31 * LoyaltyShop.day)
            #expect(try await shop.balance().balances.available == 800)
            let redemption = try PostingKey(store: shop.store.id, source: "redemption", sourceID: "x1")
            let now = shop.clock.now()
            _ = try await shop.storage.applyLedger(
                storeID: shop.store.id, customerKey: "c1", eventKey: redemption, lotKeys: [], now: now
            ) { book in try book.spend(redemption, points: 500, at: now) }
            order.cancelledAt = now
            try await shop.live(orders: [order])
            let balance = try await shop.balance()
            #expect(balance.balances.available == 0 && balance.balances.debt == 500)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("replaying a whole day of events twice changes nothing: a worker that died is taken over", arguments: Backend.enabled)
    func replay(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            let orders = (1...20).map { Fixtures.order(shop.store, key: "\(1000 + $0)", total: Int64($0) * 1_000) }
            let batch = IngestBatch(
                storeID: shop.store.id, origin: .live, orders: orders,
                shipments: orders.prefix(10).map { shop.delivered($0.key, at: Fixtures.t0.adding(seconds: 86_400)) },
                refunds: [Refund(storeID: shop.store.id, key: "r1", orderKey: "1005", amount: 5_000, currency: .usd, createdAt: Fixtures.t0.adding(seconds: 600))])
            _ = try await shop.storage.ingest(batch, now: shop.clock.now())
            // A worker claims the day and dies before finishing it.
            let (_, claimed) = try await shop.storage.claimLoyaltyEvents(limit: 1_000, now: shop.clock.now(), leaseMilliseconds: 60_000)
            #expect(claimed.count == 31)
            #expect(try await shop.processor.runOnce().events == 0, "the claim holds while its lease runs")
            shop.clock.advance(seconds: 61)
            let first = try await shop.processor.runOnce()
            #expect(first.events == 31 && first.refused == 0)
            let once = try await shop.balance()
            // The same day again: the log keeps one copy of each event, so nothing is queued ...
            _ = try await shop.storage.ingest(batch, now: shop.clock.now())
            #expect(try await shop.processor.runOnce().events == 0)
            // ... and the same events handed to the worker again move no point.
            let (claim, again) = try await shop.storage.claimLoyaltyEvents(limit: 10, now: shop.clock.now(), leaseMilliseconds: 60_000)
            #expect(again.isEmpty)
            try await shop.storage.finishLoyaltyEvents(claim: claim)
            let replayed = try await requeue(shop)
            #expect(replayed.events == 31 && replayed.applied == 0 && replayed.pointsEarned == 0)
            #expect(try await shop.balance() == once)
            #expect(try await shop.events("points.earned").count == 20)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    /// Puts every event of the store back in the worker's queue, as a restore or a bug would, and runs it.
    func requeue(_ shop: LoyaltyShop) async throws -> LoyaltyBatchReport {
        let detail = try #require(try await shop.storage.customer(storeID: shop.store.id, key: "c1", eventLimit: 1_000))
        let types: Set = ["order.placed", "order.cancelled", "refund.created", "shipment.delivered"]
        try await shop.storage.requeueLoyaltyEvents(
            storeID: shop.store.id, eventIDs: detail.events.filter { types.contains($0.type) }.map(\.id), now: shop.clock.now())
        return try await shop.processor.runOnce(limit: 1_000)
    }

    @Test("spend lifts the tier (tier.up for journeys); the next order earns at its multiplier", arguments: Backend.enabled)
    func tiers(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            try await shop.live(orders: [Fixtures.order(shop.store, key: "1001", total: 60_000)])
            let tier = try await shop.storage.loyaltyTier(storeID: shop.store.id, customerKey: "c1")
            #expect(tier?.current?.key == "silver")
            let ups = try await shop.events("tier.up")
            #expect(ups.count == 1 && ups[0].payload.contains("\"tier\":\"silver\""))
            shop.clock.advance(seconds: 3_600)
            var second = Fixtures.order(shop.store, key: "1002", total: 10_000)
            second.placedAt = shop.clock.now()
            let report = try await shop.live(orders: [second])
            #expect(report.pointsEarned == 125, "100 points at silver's ×1.25")
            #expect(try await shop.balance().balances.pending == 725)
        }
    }

    @Test("events before the store's first program, and stores without one, earn nothing", arguments: Backend.enabled)
    func noProgram(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage, "plain")
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .live, customers: [Fixtures.customer(store)], orders: [Fixtures.order(store)]),
                now: Fixtures.t0)
            let processor = LoyaltyProcessor(storage: storage, clock: FixedClock(Fixtures.t0))
            #expect(try await processor.runOnce().events == 0, "nothing queued without a program")
            _ = try await storage.publishLoyaltyProgram(
                storeID: store.id, program: .defaults, source: LoyaltyProgram.defaultsYAML, now: Fixtures.t0.adding(seconds: 60))
            let early = Fixtures.order(store, key: "1002")
            _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, orders: [early]), now: Fixtures.t0.adding(seconds: 30))
            let report = try await processor.runOnce()
            #expect(report.events == 1 && report.pointsEarned == 0, "received before the program was published")
        }
    }
}

extension LoyaltyWorkerTests {
    @Test("lots expire after 365 days, announced 30 days before and once; the sweep run again changes nothing", arguments: Backend.enabled)
    func lotExpiry(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            try await shop.live(orders: [Fixtures.order(shop.store, total: 5_000)])
            shop.clock.advance(seconds: 300 * LoyaltyShop.day)
            #expect(try await shop.processor.sweep() == LoyaltySweepReport(), "nothing due yet")
            shop.clock.advance(seconds: 36 * LoyaltyShop.day)
            let announced = try await shop.processor.sweep()
            #expect(announced.warnings == 1 && announced.expiredPoints == 0)
            #expect(try await shop.processor.sweep().warnings == 0, "once")
            let events = try await shop.events("points.expiring")
            #expect(events.count == 1 && events[0].payload.contains("\"points\":50") && events[0].payload.contains("\"cause\":\"lot\""))

            shop.clock.advance(seconds: 30 * LoyaltyShop.day)
            let expired = try await shop.processor.sweep()
            #expect(expired.expiredPoints == 50 && expired.customers == 1)
            let balance = try await shop.balance()
            #expect(balance.balances.expired == 50 && balance.balances.balance == 0 && balance.openLots.isEmpty)
            #expect(try await shop.processor.sweep() == LoyaltySweepReport())
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("after months without a purchase the whole balance expires, announced before; a later purchase starts again", arguments: Backend.enabled)
    func inactivity(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            var program = LoyaltyProgram.defaults
            program.expiry = ExpiryPolicy(inactivityMonths: 6, warningDays: 30)
            _ = try await shop.storage.publishLoyaltyProgram(
                storeID: shop.store.id, program: program, source: "inactivity", now: Fixtures.t0.adding(seconds: -3_600))
            try await shop.live(orders: [Fixtures.order(shop.store, key: "1001", total: 5_000)])
            try await shop.live(orders: [Fixtures.order(shop.store, key: "1002", total: 7_000)])
            // 1 March + 6 months = 1 September; announced from 2 August.
            shop.clock.advance(seconds: 150 * LoyaltyShop.day)  // 29 July
            #expect(try await shop.processor.sweep().warnings == 0)
            shop.clock.advance(seconds: 5 * LoyaltyShop.day)  // 3 August
            #expect(try await shop.processor.sweep().warnings == 1)
            #expect(try await shop.processor.sweep().warnings == 0)
            let events = try await shop.events("points.expiring")
            #expect(events.count == 1 && events[0].payload.contains("\"points\":120") && events[0].payload.contains("\"cause\":\"inactivity\""))
            shop.clock.advance(seconds: 30 * LoyaltyShop.day)  // 2 September
            let expired = try await shop.processor.sweep()
            #expect(expired.expiredPoints == 120 && expired.customers == 1)
            #expect(try await shop.balance().balances.balance == 0)
            #expect(try await shop.processor.sweep() == LoyaltySweepReport())

            var later = Fixtures.order(shop.store, key: "1003", total: 3_000)
            later.placedAt = shop.clock.now()
            try await shop.live(orders: [later])
            #expect(try await shop.balance().balances.pending == 30, "a new purchase earns afresh")
            #expect(try await shop.processor.sweep() == LoyaltySweepReport())
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }
}

extension LoyaltyWorkerTests {
    @Test("a manual floor lifts the tier at once (tier.up) and the next order earns at its multiplier; an unknown tier is refused", arguments: Backend.enabled)
    func floor(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            try await shop.live(orders: [Fixtures.order(shop.store, key: "1001", total: 1_000)])
            #expect(try await shop.storage.loyaltyTier(storeID: shop.store.id, customerKey: "c1")?.current?.key == "bronze")
            try await shop.processor.setFloor(storeID: shop.store.id, customerKey: "c1", floor: "gold")
            let record = try await shop.storage.loyaltyTier(storeID: shop.store.id, customerKey: "c1")
            #expect(record?.current?.key == "gold" && record?.floor == "gold")
            #expect(try await shop.events("tier.up").contains { $0.payload.contains("\"tier\":\"gold\"") })
            var next = Fixtures.order(shop.store, key: "1002", total: 10_000)
            next.placedAt = shop.clock.now()
            #expect(try await shop.live(orders: [next]).pointsEarned == 150)
            await #expect(throws: UnknownTier.self) {
                try await shop.processor.setFloor(storeID: shop.store.id, customerKey: "c1", floor: "platinum")
            }
        }
    }
}

extension LoyaltyWorkerTests {
    @Test("survey answers earn action points under the rule's caps (counting those in the same batch); a replay earns nothing", arguments: Backend.enabled)
    func actionPoints(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            var program = LoyaltyProgram.defaults
            program.actions = [ActionRule(action: .npsAnswer, points: 10, caps: [Cap(period: .day, maxCount: 2)])]
            _ = try await shop.storage.publishLoyaltyProgram(
                storeID: shop.store.id, program: program, source: "capped", now: Fixtures.t0.adding(seconds: -60))
            func answer(_ n: Int, at: Timestamp) -> NewEvent {
                NewEvent(
                    storeID: shop.store.id, type: "feedback.nps", customerKey: "c1", orderKey: "o\(n)", occurredAt: at,
                    payload: "{\"score\":9}", idempotencyKey: "nps-\(n)")
            }
            let day = Fixtures.t0
            _ = try await shop.storage.ingest(
                IngestBatch(storeID: shop.store.id, events: [answer(1, at: day), answer(2, at: day.adding(seconds: 60)), answer(3, at: day.adding(seconds: 120))]),
                now: shop.clock.now())
            let first = try await shop.processor.runOnce()
            #expect(first.events == 3 && first.pointsEarned == 20, "two a day")
            var balance = try await shop.balance()
            #expect(balance.balances.balance == 20 && balance.openLots.allSatisfy { $0.source == "action:nps_answer" })
            shop.clock.advance(seconds: LoyaltyShop.day)
            _ = try await shop.storage.ingest(
                IngestBatch(storeID: shop.store.id, events: [answer(4, at: day.adding(seconds: LoyaltyShop.day))]), now: shop.clock.now())
            #expect(try await shop.processor.runOnce().pointsEarned == 10, "a new day")
            let earned = try await shop.events("points.earned")
            #expect(earned.count == 3 && earned.allSatisfy { $0.payload.contains("\"source\":\"action:nps_answer\"") })

            let detail = try #require(try await shop.storage.customer(storeID: shop.store.id, key: "c1", eventLimit: 100))
            try await shop.storage.requeueLoyaltyEvents(
                storeID: shop.store.id, eventIDs: detail.events.filter { $0.type == "feedback.nps" }.map(\.id), now: shop.clock.now())
            let replay = try await shop.processor.runOnce()
            #expect(replay.events == 4 && replay.pointsEarned == 0)
            balance = try await shop.balance()
            #expect(balance.balances.available == 30)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }
}
