import EncoreCore
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

/// `customers.birthday` and `birthday_set_at` (schema v7) on both backends.
@Suite("Storage: customer birthdays")
struct BirthdayStorageTests {
    static func customer(_ store: Store, _ key: String = "c1", birthday: String?) -> Customer {
        Customer(storeID: store.id, key: key, createdAt: Fixtures.t0, birthday: birthday.map { try! Birthday(parsing: $0) })
    }

    func stored(_ storage: any EncoreStorage, _ store: Store, _ key: String = "c1") async throws -> Customer? {
        try await storage.customer(storeID: store.id, key: key, eventLimit: 0)?.customer
    }

    @Test("the upsert keeps the birthday when none is given, moves its date only when it changes; the caller's date is ignored", arguments: Backend.enabled)
    func upsert(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let t1 = Fixtures.t0.adding(seconds: 60)
            var first = Self.customer(store, birthday: "03-05")
            first.birthdaySetAt = Fixtures.t0.adding(seconds: -99_999)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, customers: [first]), now: t1)
            var customer = try #require(try await stored(storage, store))
            #expect(customer.birthday?.text == "03-05" && customer.birthdaySetAt == t1)

            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Self.customer(store, birthday: nil)]), now: t1.adding(seconds: 60))
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Self.customer(store, birthday: "03-05")]), now: t1.adding(seconds: 120))
            customer = try #require(try await stored(storage, store))
            #expect(customer.birthday?.text == "03-05" && customer.birthdaySetAt == t1)

            let t2 = t1.adding(seconds: 180)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Self.customer(store, birthday: "12-24")]), now: t2)
            customer = try #require(try await stored(storage, store))
            #expect(customer.birthday?.text == "12-24" && customer.birthdaySetAt == t2)

            // Without a birthday there is no date; the page's form sets one only when none is on file.
            _ = try await storage.ingest(IngestBatch(storeID: store.id, customers: [Self.customer(store, "c2", birthday: nil)]), now: t2)
            #expect(try await stored(storage, store, "c2")?.birthdaySetAt == nil)
            #expect(try await storage.setBirthdayIfMissing(storeID: store.id, customerKey: "c2", birthday: Birthday(month: 2, day: 29)!, now: t2))
            #expect(try await storage.setBirthdayIfMissing(storeID: store.id, customerKey: "c2", birthday: Birthday(month: 1, day: 1)!, now: t2) == false)
            #expect(try await storage.setBirthdayIfMissing(storeID: store.id, customerKey: "nobody", birthday: Birthday(month: 1, day: 1)!, now: t2) == false)
            let c2 = try #require(try await stored(storage, store, "c2"))
            #expect(c2.birthday?.text == "02-29" && c2.birthdaySetAt == t2)
        }
    }

    @Test("today's birthdays of a store are those without this year's customer.birthday event", arguments: Backend.enabled)
    func due(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let other = try await Fixtures.store(storage, "other")
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id, origin: .historical,
                    customers: [
                        Self.customer(store, "a", birthday: "02-28"), Self.customer(store, "b", birthday: "02-29"),
                        Self.customer(store, "c", birthday: "03-01"), Self.customer(store, "d", birthday: nil),
                    ]), now: Fixtures.t0)
            _ = try await storage.ingest(
                IngestBatch(storeID: other.id, origin: .historical, customers: [Self.customer(other, "x", birthday: "02-28")]),
                now: Fixtures.t0)
            let days = Birthday.celebrated(onYear: 2027, month: 2, day: 28)
            var due = try await storage.birthdayCustomers(storeID: store.id, birthdays: days, year: 2027, limit: 10)
            #expect(due.map(\.customerKey) == ["a", "b"] && due[0].setAt == Fixtures.t0)
            #expect(try await storage.birthdayCustomers(storeID: store.id, birthdays: days, year: 2027, limit: 1).count == 1)
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id,
                    events: [
                        NewEvent(
                            storeID: store.id, type: "customer.birthday", customerKey: "a", occurredAt: Fixtures.t0, payload: "{}",
                            idempotencyKey: Birthday.eventKey(customerKey: "a", year: 2027))
                    ]), now: Fixtures.t0)
            due = try await storage.birthdayCustomers(storeID: store.id, birthdays: days, year: 2027, limit: 10)
            #expect(due.map(\.customerKey) == ["b"])
            #expect(try await storage.birthdayCustomers(storeID: store.id, birthdays: days, year: 2028, limit: 10).count == 2)
        }
    }

    @Test("the export holds the birthday; erasure clears it", arguments: Backend.enabled)
    func privacy(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, customers: [Self.customer(store, birthday: "07-14")]), now: Fixtures.t0)
            let json = try #require(try await storage.exportCustomer(storeID: store.id, customerKey: "c1"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let customer = try #require(document["customer"] as? [String: Any])
            #expect(customer["birthday"] as? String == "07-14")
            #expect(customer["birthday_set_at"] as? String == Fixtures.t0.iso8601)
            try await storage.eraseCustomer(storeID: store.id, customerKey: "c1", now: Fixtures.t0)
            let erased = try #require(try await stored(storage, store))
            #expect(erased.birthday == nil && erased.birthdaySetAt == nil)
        }
    }
}
