/// What happened to an order after it was placed, as of `end`.
struct DemoAftersales {
    var shipment: Shipment?
    var refunds: [Refund] = []
    var returned: Return?
    var refunded: Int64 = 0
}

extension DemoGenerator.Iterator {
    /// Decides the order's fate and fills in its statuses: café and gift-card orders are
    /// fulfilled at once; about 1.5% of online orders are cancelled before a label is printed;
    /// the others ship (see `ship`), may be returned (see `returnItems`) or refunded.
    mutating func fulfil(
        _ order: inout Order, shopper: inout DemoShopper, physical: Bool, into after: inout DemoAftersales
    ) {
        let placed = order.placedAt.millisecondsSinceEpoch
        if order.channel == .pos || !physical {
            order.fulfilmentStatus = .fulfilled
            return
        }
        let label = labelTime(after: placed, &shopper.random) / 1000 * 1000
        if shopper.random.chance(0.015) {
            let delay = Int64(shopper.random.exponential(rate: 1 / (3 * Self.msPerHour)))
            let cancelledAt = placed + Swift.min(Swift.max(120_000, delay), (label - placed) * 9 / 10)
            if cancelledAt <= endMs {
                cancel(&order, at: cancelledAt, &shopper.random, into: &after)
                return
            }
        }
        guard label <= endMs else { return }  // still waiting to be picked and packed
        order.fulfilmentStatus = .fulfilled
        let delivery = ship(order, label: label, shopper: &shopper)
        after.shipment = delivery.shipment
        let total = order.total
        if let returnedAt = delivery.returnedToSenderAt {
            let refundAt = returnedAt + Int64(shopper.random.uniform(1...3) * Self.msPerDay)
            if refundAt <= endMs {
                let lines = order.lines.filter { $0.category != DemoCategory.giftCards.rawValue }
                let giftCards = order.lines.reduce(Int64(0)) {
                    $0 + ($1.category == DemoCategory.giftCards.rawValue ? $1.total : 0)
                }
                addRefund(
                    order, amount: total - giftCards, reason: "returned to sender", at: refundAt,
                    lines: lines.map { RefundLine(lineKey: $0.key, quantity: $0.quantity, amount: $0.total) },
                    into: &after)
            }
        }
        if let deliveredAt = delivery.deliveredAt {
            if delivery.late && shopper.random.chance(0.2) {
                // A goodwill credit for a late parcel: the shipping fee back, or $5.
                let at = deliveredAt + Int64(shopper.random.uniform(2...26) * Self.msPerHour)
                let amount = order.shipping > 0 ? order.shipping : DemoPricing.convert(500, to: order.currency)
                if at <= endMs {
                    addRefund(order, amount: amount, reason: "shipping delay", at: at, lines: [], into: &after)
                }
            }
            returnItems(order, deliveredAt: deliveredAt, &shopper.random, into: &after)
        }
        order.financialStatus = DerivedEvents.financialStatus(
            total: total, refunded: after.refunded, current: .paid)
    }

    /// When the roastery prints the label: one to five hours after the order during business
    /// hours in Portland (Monday to Friday, 8 am to 5 pm), else the next business morning.
    func labelTime(after placed: Int64, _ random: inout DemoRandom) -> Int64 {
        let zone = DemoRegion.warehouse
        let candidate = placed + Int64(random.uniform(1...5) * Self.msPerHour)
        let midnight = zone.localMidnight(containing: candidate)
        let local = candidate + zone.offset(atUTC: candidate)
        let hour = (local - midnight) / 3_600_000
        var day = DemoTimeZone.floorDay(midnight)
        var weekday = DemoTimeZone.weekday(ofDay: day)
        if (1...5).contains(weekday) && hour >= 8 && hour < 17 { return candidate }
        if hour >= 8 || !(1...5).contains(weekday) { day += 1 }
        weekday = DemoTimeZone.weekday(ofDay: day)
        while weekday == 0 || weekday == 6 {
            day += 1
            weekday = DemoTimeZone.weekday(ofDay: day)
        }
        let morning = day * 86_400_000 + Int64(random.uniform(8.5...12) * Self.msPerHour)
        return zone.utc(fromLocal: morning)
    }

    /// Cancels an order before fulfilment: declined payments are voided, most others refunded.
    mutating func cancel(_ order: inout Order, at cancelledAt: Int64, _ random: inout DemoRandom,
                         into after: inout DemoAftersales) {
        let reasons = ["customer", "customer", "customer", "customer", "customer", "inventory", "inventory",
                       "fraud", "declined", "other"]
        let reason = reasons[random.int(below: reasons.count)]
        order.cancelledAt = Self.stamp(cancelledAt)
        order.cancelReason = reason
        order.fulfilmentStatus = .unfulfilled
        if reason == "declined" || random.chance(0.4) {
            order.financialStatus = .voided
            return
        }
        addRefund(
            order, amount: order.total, reason: "order cancelled", at: cancelledAt,
            lines: order.lines.map { RefundLine(lineKey: $0.key, quantity: $0.quantity, amount: $0.total) },
            into: &after)
        order.financialStatus = DerivedEvents.financialStatus(
            total: order.total, refunded: after.refunded, current: .paid)
    }

    /// Records a refund, never taking the order's refunds past its total: the amount is capped
    /// at what remains, and line amounts are trimmed from the last line to fit the amount.
    mutating func addRefund(
        _ order: Order, amount: Int64, reason: String, at: Int64, lines: [RefundLine],
        into after: inout DemoAftersales
    ) {
        let capped = Swift.min(amount, order.total - after.refunded)
        guard capped > 0 else { return }
        var lines = lines
        var excess = lines.reduce(Int64(0)) { $0 + $1.amount } - capped
        var index = lines.count - 1
        while excess > 0 && index >= 0 {
            let cut = Swift.min(excess, lines[index].amount)
            lines[index].amount -= cut
            excess -= cut
            index -= 1
        }
        refundCount += 1
        after.refunds.append(
            Refund(
                storeID: storeID, key: DemoKeys.make("demo-r", refundCount, width: 6), orderKey: order.key,
                amount: capped, currency: order.currency, reason: reason,
                createdAt: Self.stamp(at), lines: lines))
        after.refunded += capped
    }
}
