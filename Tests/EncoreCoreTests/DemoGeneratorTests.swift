import Testing

@testable import EncoreCore

@Suite struct DemoGeneratorTests {
    static let end = ISO8601.parse("2025-11-01T12:00:00Z")!
    /// The default store, generated once for the tests that only read it.
    static let defaultStore = Array(DemoGenerator(configuration: DemoConfiguration(end: end), storeID: 7))

    private func generate(_ configuration: DemoConfiguration, store: StoreID = 7) -> [IngestBatch] {
        Array(DemoGenerator(configuration: configuration, storeID: store))
    }

    private func sameContent(_ a: [IngestBatch], _ b: [IngestBatch]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard x.storeID == y.storeID, x.origin == y.origin, x.customers == y.customers,
                x.products == y.products, x.orders == y.orders, x.shipments == y.shipments,
                x.refunds == y.refunds, x.returns == y.returns
            else { return false }
        }
        return true
    }

    @Test func theSameSeedGivesTheSameStore() {
        let configuration = DemoConfiguration(seed: 11, customers: 800, end: Self.end)
        let first = generate(configuration)
        #expect(sameContent(first, generate(configuration)))
        #expect(sameContent(Self.defaultStore, generate(DemoConfiguration(end: Self.end))))
    }

    @Test func anotherSeedGivesAnotherStore() {
        let a = generate(DemoConfiguration(seed: 11, customers: 800, end: Self.end))
        let b = generate(DemoConfiguration(seed: 12, customers: 800, end: Self.end))
        #expect(!sameContent(a, b))
        #expect(a.flatMap(\.orders).map(\.placedAt) != b.flatMap(\.orders).map(\.placedAt))
        #expect(a.flatMap(\.customers).map(\.email) != b.flatMap(\.customers).map(\.email))
    }

    @Test func theDefaultStoreHasPlausibleCounts() {
        var summary = DemoSummary()
        for batch in Self.defaultStore { summary.add(batch) }
        #expect(summary.customers == 5000)
        #expect(Set(Self.defaultStore.flatMap(\.customers).map(\.key)).count == 5000)
        #expect((8000...20000).contains(summary.orders))
        #expect(summary.repeatRate > 0.2 && summary.repeatRate < 0.6)
        #expect(summary.ordersPerCustomer > 1.8 && summary.ordersPerCustomer < 3.2)
        #expect((40...60).contains(summary.products))
        let delivered = Double(summary.deliveredShipments)
        #expect(Double(summary.returns) / delivered > 0.04 && Double(summary.returns) / delivered < 0.08)
        #expect(summary.cancelledOrders > 0 && Double(summary.cancelledOrders) / Double(summary.orders) < 0.03)
        let web = Double(summary.ordersByChannel[.web, default: 0]) / Double(summary.orders)
        #expect(web > 0.7 && web < 0.9)
        #expect(summary.ordersByChannel[.pos, default: 0] > 0 && summary.ordersByChannel[.app, default: 0] > 0)
        // Consents: about 60% e-mail marketing, about 20% SMS marketing.
        let customers = Self.defaultStore.flatMap(\.customers)
        func granted(_ customer: Customer, _ channel: Channel) -> Bool {
            customer.consents.contains { $0.channel == channel && $0.purpose == .marketing && $0.granted }
        }
        let email = customers.filter { granted($0, .email) }
        let sms = customers.filter { granted($0, .sms) }
        #expect(abs(Double(email.count) / 5000 - 0.6) < 0.05)
        #expect(abs(Double(sms.count) / 5000 - 0.2) < 0.04)
        #expect(customers.allSatisfy {
            $0.consents.contains { $0.channel == .email && $0.purpose == .transactional && $0.granted }
        })
    }

    @Test func nothingHappensAfterTheEnd() {
        let end = Self.end
        for batch in Self.defaultStore {
            for customer in batch.customers {
                #expect(customer.createdAt <= end)
                #expect(customer.consents.allSatisfy { $0.updatedAt <= end && $0.updatedAt >= customer.createdAt })
            }
            for order in batch.orders {
                #expect(order.placedAt <= end)
                if let cancelledAt = order.cancelledAt { #expect(cancelledAt <= end && cancelledAt >= order.placedAt) }
            }
            for shipment in batch.shipments { #expect(shipment.checkpoints.allSatisfy { $0.at <= end }) }
            for refund in batch.refunds { #expect(refund.createdAt <= end) }
            for ret in batch.returns { #expect(ret.requestedAt <= end) }
        }
        // Some parcels are still on their way at the end.
        let last = Self.defaultStore.last!.shipments
        #expect(last.contains { $0.status != .delivered && $0.status != .returnedToSender })
    }

    @Test func everyReferencePointsToTheSameOrAnEarlierBatch() {
        let skus = Set(Self.defaultStore[0].products.map(\.sku))
        var customers = Set<String>()
        var orders: [String: Order] = [:]
        var shippedOrders = Set<String>()
        for batch in Self.defaultStore {
            #expect(batch.storeID == 7)
            #expect(batch.origin == .historical)
            #expect(batch.events.isEmpty)
            for customer in batch.customers { #expect(customers.insert(customer.key).inserted) }
            for order in batch.orders {
                #expect(orders[order.key] == nil)
                orders[order.key] = order
                #expect(order.customerKey.map(customers.contains) == true)
                #expect(order.lines.allSatisfy { $0.sku.map(skus.contains) == true })
            }
            for shipment in batch.shipments {
                #expect(orders[shipment.orderKey] != nil)
                #expect(shippedOrders.insert(shipment.orderKey).inserted)
            }
            for refund in batch.refunds {
                guard let order = orders[refund.orderKey] else {
                    Issue.record("refund \(refund.key) of unknown order \(refund.orderKey)")
                    continue
                }
                for line in refund.lines {
                    let ordered = order.lines.first { $0.key == line.lineKey }
                    #expect(ordered != nil)
                    #expect(line.quantity <= ordered?.quantity ?? 0)
                }
            }
            for ret in batch.returns {
                guard let order = orders[ret.orderKey] else {
                    Issue.record("return \(ret.key) of unknown order \(ret.orderKey)")
                    continue
                }
                #expect(!ret.lines.isEmpty)
                for line in ret.lines {
                    let ordered = order.lines.first { $0.key == line.lineKey }
                    #expect(ordered != nil)
                    #expect(line.quantity >= 1 && line.quantity <= ordered?.quantity ?? 0)
                }
            }
        }
    }

    @Test func amountsAddUp() {
        var refunded: [String: Int64] = [:]
        var orders: [String: Order] = [:]
        for batch in Self.defaultStore {
            for order in batch.orders {
                orders[order.key] = order
                #expect(order.currency == .usd)
                #expect(order.total == order.subtotal - order.discounts + order.tax + order.shipping)
                #expect(order.subtotal == order.lines.reduce(0) { $0 + $1.quantity * $1.unitPrice })
                #expect(order.discounts == order.lines.reduce(0) { $0 + $1.discount })
                #expect(order.lines.allSatisfy { $0.total == $0.quantity * $0.unitPrice - $0.discount })
                #expect(order.lines.allSatisfy { $0.total >= 0 && $0.discount >= 0 })
                #expect((1...4).contains(order.lines.count))
                #expect(order.tax >= 0 && order.shipping >= 0 && order.total > 0)
            }
            for refund in batch.refunds {
                #expect(refund.amount > 0)
                #expect(refund.currency == .usd)
                #expect(refund.lines.reduce(0) { $0 + $1.amount } <= refund.amount)
                refunded[refund.orderKey, default: 0] += refund.amount
            }
        }
        for (key, amount) in refunded { #expect(amount <= orders[key]!.total) }
        // Financial statuses follow the refunds.
        for order in orders.values {
            let amount = refunded[order.key, default: 0]
            switch order.financialStatus {
            case .refunded: #expect(amount >= order.total)
            case .partiallyRefunded: #expect(amount > 0 && amount < order.total)
            case .voided: #expect(order.cancelledAt != nil && amount == 0)
            case .paid: #expect(amount == 0)
            default: Issue.record("unexpected status \(order.financialStatus) of \(order.key)")
            }
        }
    }

    @Test func fulfilmentIsConsistent() {
        var orders: [String: Order] = [:]
        var shipments: [String: Shipment] = [:]
        var returns: [Return] = []
        for batch in Self.defaultStore {
            for order in batch.orders { orders[order.key] = order }
            for shipment in batch.shipments { shipments[shipment.orderKey] = shipment }
            returns += batch.returns
        }
        for order in orders.values {
            let shipment = shipments[order.key]
            if order.cancelledAt != nil {
                #expect(shipment == nil)
                #expect(order.cancelReason != nil)
                #expect(order.fulfilmentStatus == .unfulfilled)
            }
            if order.channel == .pos {
                #expect(shipment == nil)
                #expect(order.fulfilmentStatus == .fulfilled)
                #expect(order.shipping == 0)
            }
            if shipment != nil { #expect(order.fulfilmentStatus == .fulfilled) }
        }
        for shipment in shipments.values {
            let points = shipment.checkpoints
            #expect(!points.isEmpty)
            #expect(points.first?.status == .labelCreated)
            #expect(zip(points, points.dropFirst()).allSatisfy { $0.at < $1.at })
            #expect(points.first!.at > orders[shipment.orderKey]!.placedAt)
            #expect(shipment.estimatedDelivery != nil && shipment.trackingNumber != nil)
            #expect(["UPS", "USPS", "FedEx", "DHL"].contains(shipment.carrier ?? ""))
            if shipment.status == .delivered {
                let days = Double(points.last!.at.millisecondsSinceEpoch - points.first!.at.millisecondsSinceEpoch)
                    / 86_400_000
                #expect(days >= 1 && days <= 12)
            }
        }
        let delivered = shipments.values.filter { $0.status == .delivered }
        let late = delivered.filter { $0.checkpoints.last!.at > $0.estimatedDelivery! }
        let lateShare = Double(late.count) / Double(delivered.count)
        #expect(lateShare > 0.04 && lateShare < 0.12)
        #expect(shipments.values.contains { $0.checkpoints.contains { $0.status == .exception } })
        #expect(shipments.values.contains { $0.status == .returnedToSender })
        #expect(shipments.values.contains { $0.checkpoints.contains { $0.status == .failedAttempt } })
        for ret in returns {
            let deliveredAt = shipments[ret.orderKey]?.checkpoints.last { $0.status == .delivered }?.at
            #expect(deliveredAt != nil)
            if let deliveredAt {
                #expect(ret.requestedAt > deliveredAt)
                #expect(ret.requestedAt.millisecondsSinceEpoch - deliveredAt.millisecondsSinceEpoch <= 30 * 86_400_000)
            }
        }
        #expect(Set(returns.map(\.status)).count >= 3)
    }

    @Test func ordersComeOutInPlacementOrder() {
        let orders = Self.defaultStore.flatMap(\.orders)
        #expect(zip(orders, orders.dropFirst()).allSatisfy { $0.placedAt <= $1.placedAt })
        #expect(orders.first?.number == "#1001")
        #expect(orders.first?.key == "demo-o000001")
        #expect(orders.enumerated().allSatisfy { $0.element.number == "#\(1001 + $0.offset)" })
        let lineKeys = orders.flatMap(\.lines).map(\.key)
        #expect(Set(lineKeys).count == lineKeys.count)
        let start = Self.end.millisecondsSinceEpoch - 18 * 30 * 86_400_000 - 10 * 86_400_000
        #expect(orders.first!.placedAt.millisecondsSinceEpoch > start)
        // All keys are unique within their kind.
        for keys in [
            Self.defaultStore.flatMap(\.shipments).map(\.key), Self.defaultStore.flatMap(\.refunds).map(\.key),
            Self.defaultStore.flatMap(\.returns).map(\.key),
            Self.defaultStore.flatMap(\.shipments).compactMap(\.trackingNumber),
        ] {
            #expect(Set(keys).count == keys.count)
        }
    }

    @Test func customersLookReal() {
        let customers = Self.defaultStore.flatMap(\.customers)
        let emails = customers.compactMap(\.email)
        #expect(emails.count == customers.count)
        #expect(Set(emails).count == emails.count)
        #expect(emails.allSatisfy { $0.hasSuffix("@example.com") && $0 == $0.lowercased() && $0.allSatisfy(\.isASCII) })
        #expect(customers.first { $0.key == "demo-c00001" } != nil)
        #expect(customers.allSatisfy { $0.firstName != nil && $0.lastName != nil && $0.locale != nil })
        let zones = Set(customers.compactMap(\.timeZone))
        let expected = ["America/New_York", "Europe/London", "Europe/Paris", "America/Los_Angeles", "Asia/Tokyo"]
        #expect(zones.isSuperset(of: expected))
        let phones = customers.compactMap(\.phone)
        #expect(phones.count > 1000 && phones.count < customers.count)
        #expect(phones.allSatisfy { $0.hasPrefix("+") && $0.dropFirst().allSatisfy(\.isNumber) })
    }

    @Test func batchesAreBounded() {
        #expect(Self.defaultStore.allSatisfy { $0.orders.count <= 500 && $0.customers.count <= 500 })
        #expect(Self.defaultStore.dropLast().allSatisfy { $0.orders.count == 500 })
        #expect(Self.defaultStore.dropFirst().allSatisfy { $0.products.isEmpty })
        let small = generate(DemoConfiguration(seed: 3, customers: 300, months: 6, end: Self.end, ordersPerBatch: 37))
        #expect(small.allSatisfy { $0.orders.count <= 37 && !$0.orders.isEmpty })
        #expect(small.flatMap(\.customers).count == 300)
        #expect(small.count > 10)
    }

    @Test func edgeCases() {
        let empty = generate(DemoConfiguration(customers: 0, end: Self.end))
        #expect(empty.count == 1)
        #expect(empty[0].products.count == DemoCatalogue.items.count)
        #expect(empty[0].orders.isEmpty)
        let one = generate(DemoConfiguration(customers: 1, months: 1, end: Self.end))
        #expect(one.flatMap(\.customers).count == 1)
        #expect(one.flatMap(\.orders).count >= 1)
        var iterator = DemoGenerator(configuration: DemoConfiguration(customers: 5, end: Self.end), storeID: 1)
            .makeIterator()
        while iterator.next() != nil {}
        #expect(iterator.next() == nil)
    }

    @Test func otherCurrenciesUseTheirMinorUnits() {
        let batches = generate(DemoConfiguration(customers: 200, end: Self.end, currency: .jpy))
        #expect(batches[0].products.allSatisfy { $0.price?.currency == .jpy && $0.price!.minorUnits % 10 == 0 })
        for order in batches.flatMap(\.orders) {
            #expect(order.currency == .jpy)
            #expect(order.total == order.subtotal - order.discounts + order.tax + order.shipping)
        }
        #expect(batches.flatMap(\.refunds).allSatisfy { $0.currency == .jpy })
    }
}
