import EncoreCore
import EncoreTestSupport
import Testing
@testable import EncoreStore

/// The shared storage suite: every test runs on SQLite and on PostgreSQL.
@Suite("Storage: ingest")
struct StorageIngestTests {
    let now = Fixtures.t0.adding(seconds: 60)

    @Test("an order is created once; a replay changes nothing", arguments: Backend.enabled)
    func orderReplay(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let batch = IngestBatch(
                storeID: store.id, customers: [Fixtures.customer(store)], orders: [Fixtures.order(store)])
            let first = try await storage.ingest(batch, now: now)
            #expect(first.orders["1001"] == .created)
            #expect(first.eventsAppended == 2, "order.placed, and customer.created for the new customer")
            for _ in 0..<3 {
                let again = try await storage.ingest(batch, now: now.adding(seconds: 5))
                #expect(again.orders["1001"] == .unchanged)
                #expect(again.eventsAppended == 0)
            }
            let stats = try #require(try await storage.stats(storeID: store.id).first)
            #expect(stats.orders == 1)
            #expect(stats.lineItems == 2)
            #expect(stats.customers == 1)
            #expect(stats.events == 2)
            #expect(stats.revenue == ["USD": 5000])
            let detail = try #require(try await storage.customer(storeID: store.id, key: "c1", eventLimit: 10))
            #expect(detail.customer.email == "c1@example.com")
            #expect(detail.orders.map(\.key) == ["1001"])
            #expect(detail.events.map(\.type) == ["order.placed", "customer.created"], "newest first")
            #expect(detail.events.last?.idempotencyKey == "customer.created:c1")
        }
    }

    @Test("an update replaces lines and appends order.updated; cancelling appends order.cancelled", arguments: Backend.enabled)
    func orderUpdate(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [Fixtures.order(store, lines: 3)]), now: now)
            var changed = Fixtures.order(store, total: 3000, lines: 1)
            changed.cancelledAt = now
            changed.cancelReason = "customer"
            let result = try await storage.ingest(IngestBatch(storeID: store.id, orders: [changed]), now: now)
            #expect(result.orders["1001"] == .updated)
            #expect(result.eventsAppended == 2)
            let detail = try #require(try await storage.order(storeID: store.id, key: "1001"))
            #expect(detail.order.lines.count == 1)
            #expect(detail.order.total == 3000)
            #expect(detail.order.cancelReason == "customer")
            let events = try #require(try await storage.customer(storeID: store.id, key: "c1", eventLimit: 10)).events
            #expect(Set(events.map(\.type)) == ["customer.created", "order.placed", "order.updated", "order.cancelled"])
            let stats = try #require(try await storage.stats(storeID: store.id).first)
            #expect(stats.revenue.isEmpty, "a cancelled order is not revenue")
        }
    }

    @Test("historical data derives no events", arguments: Backend.enabled)
    func historical(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let result = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .historical, orders: [Fixtures.order(store)]), now: now)
            #expect(result.orders["1001"] == .created)
            #expect(result.eventsAppended == 0)
            #expect(try await storage.stats(storeID: store.id).first?.events == 0)
        }
    }

    @Test("text with quotes, backslashes, braces, commas, 'NULL' and Unicode round-trips exactly", arguments: Backend.enabled)
    func awkwardText(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let names = [#"O"Brien"#, #"back\slash\"#, "{braces},commas", "NULL", "", "Zoë ☕ 日本", "tab\tand\nnewline", " "]
            var customers: [Customer] = []
            var orders: [Order] = []
            for (index, name) in names.enumerated() {
                var customer = Fixtures.customer(store, key: "k\(index) \(name)")
                customer.firstName = name
                customers.append(customer)
                var order = Fixtures.order(store, key: "o\(index)\(name)", customer: customer.key)
                order.lines[0].title = name
                orders.append(order)
            }
            _ = try await storage.ingest(IngestBatch(storeID: store.id, customers: customers, orders: orders), now: now)
            for (index, name) in names.enumerated() {
                let detail = try #require(try await storage.customer(storeID: store.id, key: "k\(index) \(name)", eventLimit: 0))
                #expect(detail.customer.firstName == name)
                #expect(detail.orders.first?.lines.first?.title == name)
                #expect(detail.orders.first?.key == "o\(index)\(name)")
            }
        }
    }

    @Test("Shopify-sized ids and customers keep their exact values", arguments: Backend.enabled)
    func bigIDs(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let id = "18446744073709551615"
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, orders: [Fixtures.order(store, key: id, customer: "9007199254740993")]),
                now: now)
            let detail = try #require(try await storage.order(storeID: store.id, key: id))
            #expect(detail.order.key == id)
            #expect(detail.order.customerKey == "9007199254740993")
        }
    }

    @Test("a shipment's timeline merges; each new checkpoint is one event", arguments: Backend.enabled)
    func shipments(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [Fixtures.order(store)]), now: now)
            let label = ShipmentCheckpoint(status: .labelCreated, at: now)
            let transit = ShipmentCheckpoint(status: .inTransit, at: now.adding(seconds: 3600), location: "Memphis, TN")
            var shipment = Shipment(
                storeID: store.id, key: "s1", orderKey: "1001", carrier: "UPS", trackingNumber: "1Z999",
                checkpoints: [label])
            let first = try await storage.ingest(IngestBatch(storeID: store.id, shipments: [shipment]), now: now)
            #expect(first.shipments["s1"] == .created)
            #expect(first.eventsAppended == 1)
            shipment.checkpoints = [label, transit]
            shipment.carrier = nil
            let second = try await storage.ingest(IngestBatch(storeID: store.id, shipments: [shipment]), now: now)
            #expect(second.shipments["s1"] == .updated)
            #expect(second.eventsAppended == 1)
            let replay = try await storage.ingest(IngestBatch(storeID: store.id, shipments: [shipment]), now: now)
            #expect(replay.shipments["s1"] == .unchanged)
            #expect(replay.eventsAppended == 0)
            let detail = try #require(try await storage.order(storeID: store.id, key: "1001"))
            let stored = try #require(detail.shipments.first)
            #expect(stored.carrier == "UPS", "a missing field keeps the stored value")
            #expect(stored.checkpoints.map(\.status) == [.labelCreated, .inTransit])
            #expect(stored.status == .inTransit)
            #expect(stored.checkpoints.last?.location == "Memphis, TN")
        }
    }

    @Test("a shipment of an unknown order is refused and nothing is written", arguments: Backend.enabled)
    func shipmentUnknownOrder(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let shipment = Shipment(storeID: store.id, key: "s1", orderKey: "nope", checkpoints: [])
            await #expect(throws: IngestError.unknownOrder(key: "nope")) {
                _ = try await storage.ingest(
                    IngestBatch(storeID: store.id, customers: [Fixtures.customer(store)], shipments: [shipment]),
                    now: now)
            }
            let stats = try #require(try await storage.stats(storeID: store.id).first)
            #expect(stats.customers == 0, "the failed batch left nothing behind")
            #expect(stats.shipments == 0)
        }
    }

    @Test("refunds: partial, then full; over-refunds and unknown lines are refused", arguments: Backend.enabled)
    func refunds(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [Fixtures.order(store)]), now: now)
            let partial = Refund(
                storeID: store.id, key: "r1", orderKey: "1001", amount: 2500, currency: .usd, createdAt: now,
                lines: [RefundLine(lineKey: "1", quantity: 1, amount: 2500)])
            let first = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [partial]), now: now)
            #expect(first.refunds["r1"] == .created)
            #expect(try await storage.order(storeID: store.id, key: "1001")?.order.financialStatus == .partiallyRefunded)
            let replay = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [partial]), now: now)
            #expect(replay.refunds["r1"] == .unchanged)
            #expect(replay.eventsAppended == 0)
            let tooMuch = Refund(storeID: store.id, key: "r2", orderKey: "1001", amount: 2501, currency: .usd, createdAt: now)
            await #expect(throws: IngestError.refundExceedsTotal(orderKey: "1001", remaining: 2500)) {
                _ = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [tooMuch]), now: now)
            }
            let badLine = Refund(
                storeID: store.id, key: "r3", orderKey: "1001", amount: 10, currency: .usd, createdAt: now,
                lines: [RefundLine(lineKey: "9", quantity: 1, amount: 10)])
            await #expect(throws: IngestError.unknownLine(orderKey: "1001", lineKey: "9")) {
                _ = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [badLine]), now: now)
            }
            let wrongCurrency = Refund(storeID: store.id, key: "r4", orderKey: "1001", amount: 10, currency: .eur, createdAt: now)
            await #expect(throws: IngestError.currencyMismatch(orderKey: "1001", expected: "USD", got: "EUR")) {
                _ = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [wrongCurrency]), now: now)
            }
            let rest = Refund(storeID: store.id, key: "r5", orderKey: "1001", amount: 2500, currency: .usd, createdAt: now)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, refunds: [rest]), now: now)
            let detail = try #require(try await storage.order(storeID: store.id, key: "1001"))
            #expect(detail.order.financialStatus == .refunded)
            #expect(detail.refunds.map(\.key) == ["r1", "r5"])
            #expect(try await storage.stats(storeID: store.id).first?.refunds == ["USD": 5000])
        }
    }

    @Test("returns move through statuses, one event per status", arguments: Backend.enabled)
    func returns(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [Fixtures.order(store)]), now: now)
            var ret = Return(
                storeID: store.id, key: "ret1", orderKey: "1001", status: .requested, reason: "too small",
                requestedAt: now, lines: [ReturnLine(lineKey: "2", quantity: 1, reason: "too small")])
            #expect(try await storage.ingest(IngestBatch(storeID: store.id, returns: [ret]), now: now).returns["ret1"] == .created)
            #expect(try await storage.ingest(IngestBatch(storeID: store.id, returns: [ret]), now: now).returns["ret1"] == .unchanged)
            ret.status = .approved
            let approved = try await storage.ingest(IngestBatch(storeID: store.id, returns: [ret]), now: now)
            #expect(approved.returns["ret1"] == .updated)
            #expect(approved.eventsAppended == 1)
            let detail = try #require(try await storage.order(storeID: store.id, key: "1001"))
            #expect(detail.returns.first?.status == .approved)
            #expect(detail.returns.first?.lines.first?.lineKey == "2")
        }
    }

    @Test("events: a repeated key keeps its id; a reused key with other content fails the whole batch", arguments: Backend.enabled)
    func events(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let event = NewEvent(
                storeID: store.id, type: "page.viewed", customerKey: "c1", occurredAt: now, payload: #"{"page":"/a"}"#,
                idempotencyKey: "k1")
            let first = try await storage.ingest(IngestBatch(storeID: store.id, events: [event, event]), now: now)
            #expect(first.eventIDs.count == 2)
            #expect(first.eventIDs[0] == first.eventIDs[1])
            #expect(first.eventsAppended == 1)
            let again = try await storage.ingest(IngestBatch(storeID: store.id, events: [event]), now: now)
            #expect(again.eventIDs == [first.eventIDs[0]])
            var other = event
            other.payload = #"{"page":"/b"}"#
            await #expect(throws: IngestError.idempotencyKeyReused(key: "k1")) {
                _ = try await storage.ingest(
                    IngestBatch(storeID: store.id, orders: [Fixtures.order(store, key: "2002")], events: [other]), now: now)
            }
            #expect(try await storage.order(storeID: store.id, key: "2002") == nil, "nothing of a failed batch is stored")
            #expect(try await storage.stats(storeID: store.id).first?.events == 1)
        }
    }

    @Test("a currency change of a stored order is refused", arguments: Backend.enabled)
    func currencyMismatch(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await storage.ingest(IngestBatch(storeID: store.id, orders: [Fixtures.order(store)]), now: now)
            await #expect(throws: IngestError.currencyMismatch(orderKey: "1001", expected: "USD", got: "EUR")) {
                _ = try await storage.ingest(
                    IngestBatch(storeID: store.id, orders: [Fixtures.order(store, currency: .eur)]), now: now)
            }
        }
    }

    @Test("concurrent deliveries of one order, through two instances, store it once", arguments: Backend.enabled)
    func concurrentUpserts(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, url in
            let second = try await openStorage(url: url)
            defer { Task { try? await second.close() } }
            let store = try await Fixtures.store(storage)
            let batch = IngestBatch(storeID: store.id, customers: [Fixtures.customer(store)], orders: [Fixtures.order(store)])
            let outcomes = try await withThrowingTaskGroup(of: UpsertOutcome?.self) { group in
                for i in 0..<16 {
                    let instance = i % 2 == 0 ? storage : second
                    group.addTask { try await instance.ingest(batch, now: now).orders["1001"] }
                }
                var all: [UpsertOutcome?] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == .created }.count == 1)
            #expect(outcomes.filter { $0 == .unchanged }.count == 15)
            let stats = try #require(try await storage.stats(storeID: store.id).first)
            #expect(stats.orders == 1)
            #expect(stats.lineItems == 2)
            #expect(stats.events == 2, "order.placed and customer.created, once each")
        }
    }
}
