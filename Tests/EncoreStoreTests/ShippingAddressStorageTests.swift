import EncoreCore
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

/// `orders.shipping_address` (schema v7) on both backends: stored, read back, part of the order's content.
@Suite("Storage: order shipping address")
struct ShippingAddressStorageTests {
    let now = Fixtures.t0.adding(seconds: 60)

    static func order(_ store: Store, address: String?) -> Order {
        var order = Fixtures.order(store)
        order.shippingAddress = address
        return order
    }

    @Test("the address round-trips through every read of an order", arguments: Backend.enabled)
    func roundTrip(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let address = #"12 Rue de la Paix, 75002 Paris, FR — "Bât. B", 2ᵉ étage \ NULL"#
            let withAddress = Self.order(store, address: address)
            var without = Fixtures.order(store, key: "1002")
            without.shippingAddress = nil
            let result = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Fixtures.customer(store)], orders: [withAddress, without]),
                now: now)
            #expect(result.orders == ["1001": .created, "1002": .created])
            let detail = try #require(try await storage.order(storeID: store.id, key: "1001"))
            #expect(detail.order == withAddress)
            #expect(try await storage.order(storeID: store.id, key: "1002")?.order.shippingAddress == nil)
            let customer = try #require(try await storage.customer(storeID: store.id, key: "c1", eventLimit: 0))
            #expect(Set(customer.orders.map(\.shippingAddress)) == [address, nil])
        }
    }

    @Test("the same address again changes nothing; another or none is an update", arguments: Backend.enabled)
    func replayAndUpdate(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            func ingest(_ address: String?) async throws -> IngestResult {
                try await storage.ingest(
                    IngestBatch(storeID: store.id, orders: [Self.order(store, address: address)]), now: now)
            }
            func stored() async throws -> String? {
                try await storage.order(storeID: store.id, key: "1001")?.order.shippingAddress
            }
            // An order first stored without an address (as every order before schema v7).
            #expect(try await ingest(nil).orders["1001"] == .created)
            #expect(try await ingest(nil).orders["1001"] == .unchanged)

            let added = try await ingest("12 Rue de la Paix, 75002 Paris, FR")
            #expect(added.orders["1001"] == .updated)
            #expect(added.eventsAppended == 1, "order.updated")
            #expect(try await stored() == "12 Rue de la Paix, 75002 Paris, FR")

            for _ in 0..<2 {
                let replay = try await ingest("12 Rue de la Paix, 75002 Paris, FR")
                #expect(replay.orders["1001"] == .unchanged)
                #expect(replay.eventsAppended == 0)
            }

            #expect(try await ingest("3 Avenue Foch, 75116 Paris, FR").orders["1001"] == .updated)
            #expect(try await stored() == "3 Avenue Foch, 75116 Paris, FR")
            #expect(try await ingest(nil).orders["1001"] == .updated)
            #expect(try await stored() == nil)
            let stats = try #require(try await storage.stats(storeID: store.id).first)
            #expect(stats.orders == 1)
            #expect(stats.lineItems == 2, "an update rewrites the lines, it does not add to them")
        }
    }

    @Test("a customer's export holds the address; erasure removes it and keeps the order", arguments: Backend.enabled)
    func privacy(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id, customers: [Fixtures.customer(store)],
                    orders: [Self.order(store, address: "12 Rue de la Paix, 75002 Paris, FR")]),
                now: now)
            let json = try #require(try await storage.exportCustomer(storeID: store.id, customerKey: "c1"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let orders = try #require(document["orders"] as? [[String: Any]])
            #expect(orders.first?["shipping_address"] as? String == "12 Rue de la Paix, 75002 Paris, FR")

            try await storage.eraseCustomer(storeID: store.id, customerKey: "c1", now: now)
            let order = try #require(try await storage.order(storeID: store.id, key: "1001")?.order)
            #expect(order.shippingAddress == nil)
            #expect(order.total == 5000)
        }
    }
}
