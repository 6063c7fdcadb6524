import EncoreCore
import EncoreLoyalty
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

/// Points for signing up (`customer.created`) and for birthdays (the sweep's daily pass).
@Suite("Loyalty: points for signing up and for birthdays")
struct LoyaltyBirthdayTests {
    static func at(_ text: String) -> Timestamp { ISO8601.parse(text)! }

    /// Stores customers at the clock's time (`origin` live: new ones are announced).
    func customers(_ shop: LoyaltyShop, _ customers: [Customer], origin: EventOrigin = .live) async throws {
        _ = try await shop.storage.ingest(
            IngestBatch(storeID: shop.store.id, origin: origin, customers: customers), now: shop.clock.now())
    }

    func customer(_ shop: LoyaltyShop, _ key: String, birthday: String? = nil) -> Customer {
        Customer(
            storeID: shop.store.id, key: key, email: "\(key)@example.com", createdAt: shop.clock.now(),
            birthday: birthday.map { try! Birthday(parsing: $0) })
    }

    func available(_ shop: LoyaltyShop, _ key: String) async throws -> Int64 {
        try await shop.storage.loyaltyBalance(storeID: shop.store.id, customerKey: key, now: shop.clock.now()).balances.available
    }

    func events(_ shop: LoyaltyShop, _ key: String, _ type: String) async throws -> [Event] {
        (try await shop.storage.customer(storeID: shop.store.id, key: key, eventLimit: 500)?.events ?? []).filter { $0.type == type }
    }

    /// Moves the clock to `text` and runs the sweep.
    func sweep(_ shop: LoyaltyShop, at text: String) async throws -> LoyaltySweepReport {
        let target = Self.at(text)
        shop.clock.advance(seconds: (target.millisecondsSinceEpoch - shop.clock.now().millisecondsSinceEpoch) / 1000)
        return try await shop.processor.sweep()
    }

    @Test("a live new customer earns the sign-up points once; a replay, an import or a known customer earns nothing", arguments: Backend.enabled)
    func signUp(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            try await customers(shop, [customer(shop, "n1")])
            var report = try await shop.processor.runOnce()
            #expect(report.events == 1 && report.pointsEarned == 50)
            #expect(try await available(shop, "n1") == 50)
            let created = try await events(shop, "n1", "customer.created")
            #expect(created.count == 1 && created[0].idempotencyKey == "customer.created:n1" && created[0].origin == .live)
            #expect(try await events(shop, "n1", "points.earned").count == 1)

            // The same customer again, changed or not: nothing is queued, nothing earned.
            try await customers(shop, [customer(shop, "n1")])
            var changed = customer(shop, "n1")
            changed.firstName = "Nia"
            try await customers(shop, [changed])
            report = try await shop.processor.runOnce()
            #expect(report.events == 0)
            #expect(try await available(shop, "n1") == 50)
            // Replaying the event itself (an operator's requeue) finds the ledger key applied.
            try await shop.storage.requeueLoyaltyEvents(storeID: shop.store.id, eventIDs: created.map(\.id), now: shop.clock.now())
            report = try await shop.processor.runOnce()
            #expect(report.events == 1 && report.pointsEarned == 0)
            #expect(try await available(shop, "n1") == 50)

            // An order's new customer signs up too; its customer known from an import does not.
            try await customers(shop, [customer(shop, "old")], origin: .historical)
            try await customers(shop, [customer(shop, "old")])
            try await shop.live(orders: [Fixtures.order(shop.store, key: "2001", customer: "fresh", total: 1_000)])
            #expect(try await events(shop, "old", "customer.created").isEmpty)
            #expect(try await available(shop, "old") == 0)
            #expect(try await events(shop, "fresh", "customer.created").count == 1)
            #expect(try await available(shop, "fresh") == 50)
            // A whole import of new customers announces none.
            try await customers(shop, [customer(shop, "i1"), customer(shop, "i2")], origin: .historical)
            #expect(try await shop.processor.runOnce().events == 0)
            #expect(try await events(shop, "i1", "customer.created").isEmpty)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("a birthday set 40 days before earns 100 on the day, once that year, again the next; one set 10 days before earns nothing", arguments: Backend.enabled)
    func birthday(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            // t0 is 2026-03-01T10:00Z; the store's zone is UTC.
            try await customers(shop, [customer(shop, "b40", birthday: "04-10")], origin: .historical)
            let setAt = try #require(try await shop.storage.customer(storeID: shop.store.id, key: "b40", eventLimit: 0)?.customer)
            #expect(setAt.birthday?.text == "04-10" && setAt.birthdaySetAt == Fixtures.t0)
            // The same birthday again keeps its date; a nil birthday keeps the birthday.
            shop.clock.advance(seconds: 30 * LoyaltyShop.day)  // 2026-03-31: 10 days before the birthday
            try await customers(shop, [customer(shop, "b40", birthday: "04-10"), customer(shop, "b40")], origin: .historical)
            try await customers(shop, [customer(shop, "b10", birthday: "04-10")], origin: .historical)
            let kept = try #require(try await shop.storage.customer(storeID: shop.store.id, key: "b40", eventLimit: 0)?.customer)
            #expect(kept.birthday?.text == "04-10" && kept.birthdaySetAt == Fixtures.t0)

            #expect(try await sweep(shop, at: "2026-04-09T23:59:00Z").birthdays == 0, "not yet")
            var report = try await sweep(shop, at: "2026-04-10T00:01:00Z")
            #expect(report.birthdays == 1)
            #expect(try await available(shop, "b40") == 100)
            #expect(try await available(shop, "b10") == 0)
            let greeted = try await events(shop, "b40", "customer.birthday")
            #expect(greeted.count == 1 && greeted[0].idempotencyKey == "customer.birthday:b40:2026")
            #expect(greeted[0].payload.contains("\"points\":100"))
            #expect(try await events(shop, "b10", "customer.birthday").first?.payload.contains("\"points\":0") == true)
            #expect(try await events(shop, "b40", "points.earned").count == 1)

            // Every minute of the day: nothing more.
            for minute in ["2026-04-10T00:02:00Z", "2026-04-10T12:00:00Z", "2026-04-10T23:59:00Z"] {
                report = try await sweep(shop, at: minute)
                #expect(report.birthdays == 0)
            }
            #expect(try await available(shop, "b40") == 100)
            #expect(try await events(shop, "b40", "customer.birthday").count == 1)

            // Moved to another day of the same year (which restarts the 30 days): still once a year.
            try await customers(shop, [customer(shop, "b40", birthday: "06-01")], origin: .historical)
            let moved = try #require(try await shop.storage.customer(storeID: shop.store.id, key: "b40", eventLimit: 0)?.customer)
            #expect(moved.birthdaySetAt == shop.clock.now())
            #expect(try await sweep(shop, at: "2026-06-01T08:00:00Z").birthdays == 0)
            #expect(try await available(shop, "b40") == 100)

            // The next year, again (spendable at once; the 2026 lot expired after 365 days).
            report = try await sweep(shop, at: "2027-06-01T08:00:00Z")
            #expect(report.birthdays == 1)
            let lots = try await shop.storage.loyaltyLots(
                storeID: shop.store.id, customerKey: "b40", source: "action:birthday", since: Timestamp(millisecondsSinceEpoch: 0))
            #expect(lots.map(\.points) == [100, 100])
            #expect(try await events(shop, "b40", "customer.birthday").map(\.idempotencyKey).sorted() == [
                "customer.birthday:b40:2026", "customer.birthday:b40:2027",
            ])
            // b10 had its birthday in 2026 with too recent a date; in 2027 it earns.
            #expect(try await sweep(shop, at: "2027-04-10T09:00:00Z").birthdays == 1)
            #expect(try await available(shop, "b10") == 100)
            #expect(try await shop.storage.verifyLedger(storeID: shop.store.id).isEmpty)
        }
    }

    @Test("February 29 is celebrated on February 28 in other years, on the 29th in leap years", arguments: Backend.enabled)
    func leapDay(_ backend: Backend) async throws {
        try await LoyaltyShop.run(backend) { shop in
            try await customers(shop, [customer(shop, "leap", birthday: "02-29"), customer(shop, "eve", birthday: "02-28")], origin: .historical)
            var report = try await sweep(shop, at: "2027-02-28T06:00:00Z")
            #expect(report.birthdays == 2)
            #expect(try await available(shop, "leap") == 100)
            #expect(try await sweep(shop, at: "2027-03-01T06:00:00Z").birthdays == 0)
            report = try await sweep(shop, at: "2028-02-28T06:00:00Z")
            #expect(report.birthdays == 1, "only February 28's birthday in a leap year")
            report = try await sweep(shop, at: "2028-02-29T06:00:00Z")
            #expect(report.birthdays == 1)
            #expect(try await events(shop, "leap", "customer.birthday").map(\.idempotencyKey).sorted() == [
                "customer.birthday:leap:2027", "customer.birthday:leap:2028",
            ])
        }
    }

    @Test("the day is the store's: midnight in Auckland is noon in UTC", arguments: Backend.enabled)
    func storeTimeZone(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await storage.createStore(
                name: "kiwi", organisation: nil, currency: .usd, timeZone: "Pacific/Auckland", webhookSecret: nil, now: Fixtures.t0)
            _ = try await storage.publishLoyaltyProgram(
                storeID: store.id, program: .defaults, source: LoyaltyProgram.defaultsYAML, now: Fixtures.t0)
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id, origin: .historical,
                    customers: [Customer(storeID: store.id, key: "k", createdAt: Fixtures.t0, birthday: Birthday(month: 4, day: 10))]),
                now: Fixtures.t0)
            let clock = SteppingClock(Self.at("2026-04-09T11:30:00Z"))  // 23:30 on April 9 in Auckland (UTC+12)
            let processor = LoyaltyProcessor(storage: storage, clock: clock)
            #expect(try await processor.sweep().birthdays == 0)
            clock.advance(seconds: 3_600)  // 00:30 on April 10 there, still April 9 in UTC
            #expect(try await processor.sweep().birthdays == 1)
            #expect(try await storage.loyaltyBalance(storeID: store.id, customerKey: "k", now: clock.now()).balances.available == 100)
        }
    }
}
