import Foundation
import Testing

@testable import EncoreCore

private let placed = Timestamp(millisecondsSinceEpoch: 1_709_296_200_000)  // 2024-03-01T12:30:00Z
private let now = Timestamp(millisecondsSinceEpoch: 1_709_400_000_000)

private func makeOrder() -> Order {
    Order(
        storeID: 9, key: "1001", number: "#1001", customerKey: "cust-1", placedAt: placed, currency: .usd,
        subtotal: 2500, discounts: 300, tax: 200, shipping: 834, total: 3234, channel: .web,
        financialStatus: .paid, fulfilmentStatus: .unfulfilled, cancelledAt: nil, cancelReason: nil,
        lines: [
            LineItem(key: "L1", sku: "SKU-1", title: "Mug", category: "kitchen", quantity: 2, unitPrice: 1000),
            LineItem(key: "L2", sku: nil, title: "Card", quantity: 1, unitPrice: 500),
        ])
}

/// Parses a payload as a JSON object.
private func object(_ payload: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed])
    return try #require(value as? [String: Any])
}

@Suite struct DerivedOrderEventsTests {
    @Test func createdOrderIsPlaced() throws {
        let order = makeOrder()
        let events = DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now)
        #expect(
            events == [
                NewEvent(
                    storeID: 9, type: "order.placed", customerKey: "cust-1", orderKey: "1001", occurredAt: placed,
                    payload: ##"{"order_id":"1001","number":"#1001","total":"32.34","currency":"USD","channel":"web"}"##,
                    idempotencyKey: "order.placed:1001", origin: .live)
            ])
        let payload = try object(events[0].payload)
        #expect(payload["total"] as? String == "32.34")
    }

    @Test func payloadFollowsTheCurrencyAndNullNumber() {
        var order = makeOrder()
        order.number = nil
        order.currency = .jpy
        order.total = 3234
        order.channel = .pos
        let events = DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now)
        #expect(
            events.map(\.payload) == [
                #"{"order_id":"1001","number":null,"total":"3234","currency":"JPY","channel":"pos"}"#
            ])
        order.currency = .kwd
        order.total = -5
        #expect(
            DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now).first?.payload
                == #"{"order_id":"1001","number":null,"total":"-0.005","currency":"KWD","channel":"pos"}"#)
    }

    @Test func updatedOrderIsKeyedByItsContent() throws {
        let order = makeOrder()
        let events = DerivedEvents.forOrder(order, outcome: .updated, wasCancelled: false, origin: .live, now: now)
        let event = try #require(events.first)
        #expect(events.count == 1)
        #expect(event.type == "order.updated")
        #expect(event.occurredAt == now)
        #expect(event.orderKey == "1001")
        #expect(event.customerKey == "cust-1")
        #expect(event.storeID == 9)
        #expect(event.origin == .live)
        #expect(event.idempotencyKey == "order.updated:1001:\(order.contentHash)")
        #expect(event.payload == DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now)[0].payload)

        // The same content gives the same key (a replay is one event), different content a new key.
        let again = DerivedEvents.forOrder(makeOrder(), outcome: .updated, wasCancelled: false, origin: .live, now: placed)
        #expect(again.map(\.idempotencyKey) == [event.idempotencyKey])
        var changed = makeOrder()
        changed.fulfilmentStatus = .fulfilled
        let next = DerivedEvents.forOrder(changed, outcome: .updated, wasCancelled: false, origin: .live, now: now)
        #expect(next.count == 1)
        #expect(next.first?.idempotencyKey != event.idempotencyKey)
        #expect(next.first?.idempotencyKey.hasPrefix("order.updated:1001:") == true)
    }

    @Test func unchangedOrHistoricalOrdersDeriveNothing() {
        var order = makeOrder()
        order.cancelledAt = now
        for wasCancelled in [false, true] {
            #expect(DerivedEvents.forOrder(order, outcome: .unchanged, wasCancelled: wasCancelled, origin: .live, now: now).isEmpty)
            for outcome in [UpsertOutcome.created, .updated, .unchanged] {
                #expect(
                    DerivedEvents.forOrder(order, outcome: outcome, wasCancelled: wasCancelled, origin: .historical, now: now)
                        .isEmpty)
            }
        }
    }

    @Test func cancellationIsDerivedOnce() throws {
        var order = makeOrder()
        let cancelledAt = Timestamp(millisecondsSinceEpoch: 1_709_300_000_000)
        order.cancelledAt = cancelledAt
        order.cancelReason = "customer \"changed\" mind"

        let created = DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now)
        #expect(created.map(\.type) == ["order.placed", "order.cancelled"])
        let cancelled = try #require(created.last)
        #expect(cancelled.idempotencyKey == "order.cancelled:1001")
        #expect(cancelled.occurredAt == cancelledAt)
        #expect(cancelled.customerKey == "cust-1")
        #expect(cancelled.orderKey == "1001")
        #expect(cancelled.payload == #"{"order_id":"1001","reason":"customer \"changed\" mind"}"#)
        #expect(try object(cancelled.payload)["reason"] as? String == "customer \"changed\" mind")

        let updated = DerivedEvents.forOrder(order, outcome: .updated, wasCancelled: false, origin: .live, now: now)
        #expect(updated.map(\.type) == ["order.updated", "order.cancelled"])
        #expect(updated.last == cancelled)

        // Already cancelled before: no second cancellation event.
        let again = DerivedEvents.forOrder(order, outcome: .updated, wasCancelled: true, origin: .live, now: now)
        #expect(again.map(\.type) == ["order.updated"])

        order.cancelReason = nil
        let noReason = DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now)
        #expect(noReason.last?.payload == #"{"order_id":"1001","reason":null}"#)
    }

    @Test func notCancelledMeansNoCancellationEvent() {
        let events = DerivedEvents.forOrder(makeOrder(), outcome: .updated, wasCancelled: true, origin: .live, now: now)
        #expect(events.map(\.type) == ["order.updated"])
    }
}

@Suite struct DerivedShipmentRefundReturnEventsTests {
    @Test func oneEventPerNewCheckpoint() {
        let inTransit = ShipmentCheckpoint(status: .inTransit, at: Timestamp(millisecondsSinceEpoch: 1_000), location: "Montréal")
        let delivered = ShipmentCheckpoint(status: .delivered, at: Timestamp(millisecondsSinceEpoch: 2_000))
        let shipment = Shipment(
            storeID: 9, key: "F1", orderKey: "1001", carrier: "UPS", trackingNumber: "1Z\\999",
            checkpoints: [inTransit, delivered])
        let events = DerivedEvents.forShipment(shipment, newCheckpoints: [inTransit, delivered], customerKey: "cust-1", origin: .live)
        #expect(
            events == [
                NewEvent(
                    storeID: 9, type: "shipment.in_transit", customerKey: "cust-1", orderKey: "1001",
                    occurredAt: Timestamp(millisecondsSinceEpoch: 1_000),
                    payload: #"{"shipment_id":"F1","carrier":"UPS","tracking_number":"1Z\\999","location":"Montréal"}"#,
                    idempotencyKey: "shipment.in_transit:F1:1000"),
                NewEvent(
                    storeID: 9, type: "shipment.delivered", customerKey: "cust-1", orderKey: "1001",
                    occurredAt: Timestamp(millisecondsSinceEpoch: 2_000),
                    payload: #"{"shipment_id":"F1","carrier":"UPS","tracking_number":"1Z\\999","location":null}"#,
                    idempotencyKey: "shipment.delivered:F1:2000"),
            ])
        // Only the checkpoints passed as new derive events.
        let onlyNew = DerivedEvents.forShipment(shipment, newCheckpoints: [delivered], customerKey: nil, origin: .live)
        #expect(onlyNew.map(\.type) == ["shipment.delivered"])
        #expect(onlyNew.first?.customerKey == nil)
        #expect(DerivedEvents.forShipment(shipment, newCheckpoints: [], customerKey: "cust-1", origin: .live).isEmpty)
        #expect(
            DerivedEvents.forShipment(shipment, newCheckpoints: [inTransit, delivered], customerKey: "cust-1", origin: .historical)
                .isEmpty)
    }

    @Test func everyStatusNamesItsEvent() {
        let shipment = Shipment(storeID: 1, key: "S", orderKey: "O")
        for status in ShipmentStatus.allCases {
            let checkpoint = ShipmentCheckpoint(status: status, at: Timestamp(millisecondsSinceEpoch: -5))
            let events = DerivedEvents.forShipment(shipment, newCheckpoints: [checkpoint], customerKey: nil, origin: .live)
            #expect(events.map(\.type) == ["shipment.\(status.rawValue)"])
            #expect(events.map(\.idempotencyKey) == ["shipment.\(status.rawValue):S:-5"])
            #expect(events.first.map { Event.validateType($0.type) == nil } == true)
            #expect(
                events.first?.payload == #"{"shipment_id":"S","carrier":null,"tracking_number":null,"location":null}"#)
        }
    }

    @Test func refundEvent() throws {
        let refund = Refund(
            storeID: 9, key: "R1", orderKey: "1001", amount: 1250, currency: .kwd, reason: "damaged",
            createdAt: now, lines: [RefundLine(lineKey: "L1", quantity: 2, amount: 1000), RefundLine(lineKey: "L2", quantity: 1, amount: 250)])
        let events = DerivedEvents.forRefund(refund, customerKey: "cust-1", origin: .live)
        #expect(
            events == [
                NewEvent(
                    storeID: 9, type: "refund.created", customerKey: "cust-1", orderKey: "1001", occurredAt: now,
                    payload:
                        #"{"refund_id":"R1","amount":"1.250","currency":"KWD","lines":[{"line_id":"L1","quantity":2,"amount":"1.000"},{"line_id":"L2","quantity":1,"amount":"0.250"}]}"#,
                    idempotencyKey: "refund.created:R1")
            ])
        let payload = try object(events[0].payload)
        let lines = try #require(payload["lines"] as? [[String: Any]])
        #expect(lines.count == 2)
        #expect(lines.first?["quantity"] as? Int == 2)

        let yen = Refund(storeID: 9, key: "R2", orderKey: "1001", amount: 500, currency: .jpy, createdAt: now)
        #expect(
            DerivedEvents.forRefund(yen, customerKey: nil, origin: .live).map(\.payload) == [
                #"{"refund_id":"R2","amount":"500","currency":"JPY","lines":[]}"#
            ])
        #expect(DerivedEvents.forRefund(refund, customerKey: "cust-1", origin: .historical).isEmpty)
    }

    @Test func returnEvents() {
        let requested = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        var ret = Return(
            storeID: 9, key: "RT1", orderKey: "1001", status: .requested, reason: "too small", requestedAt: requested,
            lines: [ReturnLine(lineKey: "L1", quantity: 1)])
        let created = DerivedEvents.forReturn(ret, outcome: .created, customerKey: "cust-1", origin: .live, now: now)
        #expect(
            created == [
                NewEvent(
                    storeID: 9, type: "return.requested", customerKey: "cust-1", orderKey: "1001", occurredAt: requested,
                    payload: #"{"return_id":"RT1","reason":"too small"}"#, idempotencyKey: "return.requested:RT1")
            ])
        ret.status = .approved
        ret.reason = nil
        let updated = DerivedEvents.forReturn(ret, outcome: .updated, customerKey: "cust-1", origin: .live, now: now)
        #expect(updated.map(\.type) == ["return.approved"])
        #expect(updated.map(\.occurredAt) == [now])
        #expect(updated.map(\.idempotencyKey) == ["return.approved:RT1"])
        #expect(updated.map(\.payload) == [#"{"return_id":"RT1","reason":null}"#])
        #expect(DerivedEvents.forReturn(ret, outcome: .unchanged, customerKey: "cust-1", origin: .live, now: now).isEmpty)
        #expect(DerivedEvents.forReturn(ret, outcome: .created, customerKey: "cust-1", origin: .historical, now: now).isEmpty)
        #expect(DerivedEvents.forReturn(ret, outcome: .updated, customerKey: "cust-1", origin: .historical, now: now).isEmpty)
        for status in ReturnStatus.allCases {
            ret.status = status
            #expect(
                DerivedEvents.forReturn(ret, outcome: .updated, customerKey: nil, origin: .live, now: now).map(\.type) == [
                    "return.\(status.rawValue)"
                ])
        }
    }

    @Test func allDerivedPayloadsAreJSONObjects() throws {
        var order = makeOrder()
        order.cancelledAt = now
        order.cancelReason = "line\nbreak\u{1}"
        var payloads = DerivedEvents.forOrder(order, outcome: .created, wasCancelled: false, origin: .live, now: now).map(\.payload)
        payloads += DerivedEvents.forShipment(
            Shipment(storeID: 1, key: "\"S\"", orderKey: "O", carrier: "DHL\t"),
            newCheckpoints: [ShipmentCheckpoint(status: .exception, at: now, location: "\\")], customerKey: nil,
            origin: .live
        ).map(\.payload)
        payloads += DerivedEvents.forRefund(
            Refund(storeID: 1, key: "R", orderKey: "O", amount: 1, currency: .usd, createdAt: now), customerKey: nil,
            origin: .live
        ).map(\.payload)
        #expect(payloads.count == 4)
        for payload in payloads {
            let parsed = try object(payload)
            #expect(!parsed.isEmpty, "\(payload)")
        }
        #expect(try object(payloads[1])["reason"] as? String == "line\nbreak\u{1}")
    }
}

@Suite struct FinancialStatusRuleTests {
    @Test func noRefundKeepsTheCurrentStatus() {
        for current in FinancialStatus.allCases {
            #expect(DerivedEvents.financialStatus(total: 1000, refunded: 0, current: current) == current)
            #expect(DerivedEvents.financialStatus(total: 1000, refunded: -1, current: current) == current)
        }
    }

    @Test func partialAndFullRefunds() {
        #expect(DerivedEvents.financialStatus(total: 1000, refunded: 1, current: .paid) == .partiallyRefunded)
        #expect(DerivedEvents.financialStatus(total: 1000, refunded: 999, current: .paid) == .partiallyRefunded)
        #expect(DerivedEvents.financialStatus(total: 1000, refunded: 1000, current: .paid) == .refunded)
        #expect(DerivedEvents.financialStatus(total: 1000, refunded: 1500, current: .partiallyRefunded) == .refunded)
        #expect(DerivedEvents.financialStatus(total: 1000, refunded: 400, current: .refunded) == .partiallyRefunded)
        // A free order refunded anything is refunded.
        #expect(DerivedEvents.financialStatus(total: 0, refunded: 1, current: .paid) == .refunded)
    }
}

@Suite struct ContentHashTests {
    @Test func equalOrdersHaveEqualHashes() {
        #expect(makeOrder().contentHash == makeOrder().contentHash)
        let hash = makeOrder().contentHash
        #expect(hash.count == 32)
        #expect(hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func theStoreIsNotPartOfTheContent() {
        var other = makeOrder()
        other.storeID = 10
        #expect(other.contentHash == makeOrder().contentHash)
    }

    @Test func everySingleFieldChangeChangesTheHash() {
        let orderChanges: [(String, (inout Order) -> Void)] = [
            ("key", { $0.key = "1002" }),
            ("number", { $0.number = "#1002" }),
            ("number nil", { $0.number = nil }),
            ("customerKey", { $0.customerKey = "cust-2" }),
            ("customerKey nil", { $0.customerKey = nil }),
            ("placedAt", { $0.placedAt = $0.placedAt.adding(seconds: 1) }),
            ("placedAt 1 ms", { $0.placedAt = Timestamp(millisecondsSinceEpoch: $0.placedAt.millisecondsSinceEpoch + 1) }),
            ("currency", { $0.currency = .eur }),
            ("subtotal", { $0.subtotal += 1 }),
            ("discounts", { $0.discounts += 1 }),
            ("tax", { $0.tax += 1 }),
            ("shipping", { $0.shipping += 1 }),
            ("total", { $0.total += 1 }),
            ("channel", { $0.channel = .app }),
            ("financialStatus", { $0.financialStatus = .refunded }),
            ("fulfilmentStatus", { $0.fulfilmentStatus = .partial }),
            ("cancelledAt", { $0.cancelledAt = now }),
            ("cancelledAt epoch", { $0.cancelledAt = Timestamp(millisecondsSinceEpoch: 0) }),
            ("cancelReason", { $0.cancelReason = "fraud" }),
            ("line key", { $0.lines[0].key = "L9" }),
            ("line sku", { $0.lines[0].sku = "SKU-2" }),
            ("line sku nil", { $0.lines[0].sku = nil }),
            ("line title", { $0.lines[1].title = "Card!" }),
            ("line category", { $0.lines[0].category = "home" }),
            ("line quantity", { $0.lines[0].quantity += 1 }),
            ("line unitPrice", { $0.lines[0].unitPrice += 1 }),
            ("line discount", { $0.lines[1].discount += 1 }),
            ("line total", { $0.lines[1].total += 1 }),
            ("line removed", { $0.lines.removeLast() }),
            ("line added", { $0.lines.append(LineItem(key: "L3", sku: nil, title: "Extra", quantity: 1, unitPrice: 0)) }),
            ("lines swapped", { $0.lines.swapAt(0, 1) }),
            // Moving text between adjacent fields must not collide.
            ("key/number boundary", { $0.key = "1001#"; $0.number = "1001" }),
            ("title/category boundary", { $0.lines[0].title = "Mugk"; $0.lines[0].category = "itchen" }),
        ]
        let base = makeOrder().contentHash
        var seen: [String: String] = [base: "base"]
        for (name, change) in orderChanges {
            var order = makeOrder()
            change(&order)
            let hash = order.contentHash
            #expect(hash != base, "changing \(name) must change the hash")
            if let other = seen[hash] { Issue.record("\(name) collides with \(other)") }
            seen[hash] = name
            // And it is a pure function of the content.
            var again = makeOrder()
            change(&again)
            #expect(again.contentHash == hash, "\(name)")
        }
    }

    @Test func newEventContentHashIgnoresTimeAndKey() {
        let event = NewEvent(
            storeID: 1, type: "custom.thing", customerKey: "c", orderKey: "o", occurredAt: placed, payload: #"{"a":1}"#,
            idempotencyKey: "k1")
        var retry = event
        retry.occurredAt = now
        retry.idempotencyKey = "k2"
        retry.origin = .historical
        #expect(retry.contentHash == event.contentHash)
        #expect(event.contentHash.count == 32)
        let changes: [(inout NewEvent) -> Void] = [
            { $0.type = "custom.other" }, { $0.customerKey = nil }, { $0.customerKey = "d" }, { $0.orderKey = nil },
            { $0.payload = #"{"a":2}"# },
        ]
        var hashes: Set<String> = [event.contentHash]
        for change in changes {
            var changed = event
            change(&changed)
            hashes.insert(changed.contentHash)
        }
        #expect(hashes.count == changes.count + 1)
    }

    @Test func stableHasherIsDeterministicAndSeparatesFields() {
        func digest(_ build: (inout StableHasher) -> Void) -> String {
            var hasher = StableHasher()
            build(&hasher)
            return hasher.hexDigest
        }
        #expect(digest { $0.combine("abc") } == digest { $0.combine("abc") })
        #expect(digest { $0.combine("ab"); $0.combine("c") } != digest { $0.combine("a"); $0.combine("bc") })
        #expect(digest { $0.combine(Int64(1)) } != digest { $0.combine(Int64(256)) })
        #expect(digest { $0.combine(Int64(-1)) } != digest { $0.combine(Int64(1)) })
        #expect(digest { _ in } != digest { $0.combine("") })
        #expect(digest { _ in }.count == 32)
        #expect(StableHasher().hexDigest == "cbf29ce4842223256c62272e07bb0142")
    }
}
