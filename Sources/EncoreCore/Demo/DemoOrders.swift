/// Tax rate applied to taxable lines (after discounts), in basis points: 8%.
let demoTaxBasisPoints: Int64 = 800

extension DemoGenerator.Iterator {
    /// Builds the shopper's next order, its fulfilment and after-sales, into `batch`.
    ///
    /// Lines: one to four (a Poisson number of extra lines that grows with the customer's
    /// spending level); repeat customers often reorder their favourite coffee; quantities are
    /// mostly 1. Discounts: a 10% welcome code on some first orders, 20% during the Black
    /// Friday week, an occasional 15% code. Tax 8% of taxable lines after discounts; shipping
    /// free above $50 in the US ($100 abroad), none in the café or for gift cards alone.
    mutating func makeOrder(_ shopper: inout DemoShopper, into batch: inout IngestBatch) {
        orderCount += 1
        let channel = shopper.nextChannel
        let isFirst = shopper.orders == 0
        let picks = pickItems(&shopper, channel: channel, isFirst: isFirst)
        let percent = discountPercent(&shopper, channel: channel, isFirst: isFirst)

        var lines: [LineItem] = []
        lines.reserveCapacity(picks.count)
        var subtotal: Int64 = 0
        var discounts: Int64 = 0
        var taxable: Int64 = 0
        var physical = false
        for (item, quantity) in picks {
            lineCount += 1
            let product = DemoCatalogue.items[item]
            let gross = quantity * prices[item]
            let discount = product.category.isPhysical ? (gross * percent + 50) / 100 : 0
            lines.append(
                LineItem(
                    key: DemoKeys.make("demo-l", lineCount, width: 7), sku: product.sku, title: product.title,
                    category: product.category.rawValue, quantity: quantity, unitPrice: prices[item],
                    discount: discount))
            subtotal += gross
            discounts += discount
            if product.category.isPhysical {
                taxable += gross - discount
                physical = true
            }
        }
        let tax = (taxable * demoTaxBasisPoints + 5000) / 10000
        let region = DemoRegion.all[shopper.region]
        var shipping: Int64 = 0
        if physical && channel != .pos {
            let (threshold, fee): (Int64, Int64) = region.domestic ? (5000, 695) : (10000, 1495)
            if subtotal - discounts < DemoPricing.convert(threshold, to: configuration.currency) {
                shipping = DemoPricing.convert(fee, to: configuration.currency)
            }
        }
        var order = Order(
            storeID: storeID, key: DemoKeys.make("demo-o", orderCount, width: 6),
            number: "#" + String(1000 + orderCount), customerKey: shopper.key,
            placedAt: Timestamp(millisecondsSinceEpoch: shopper.nextAt), currency: configuration.currency,
            subtotal: subtotal, discounts: discounts, tax: tax, shipping: shipping,
            total: subtotal - discounts + tax + shipping, channel: channel, financialStatus: .paid,
            fulfilmentStatus: .unfulfilled, lines: lines)
        var after = DemoAftersales()
        fulfil(&order, shopper: &shopper, physical: physical, into: &after)
        batch.orders.append(order)
        if let shipment = after.shipment { batch.shipments.append(shipment) }
        batch.refunds.append(contentsOf: after.refunds)
        if let ret = after.returned { batch.returns.append(ret) }
    }

    /// The items and quantities of an order, without repeating a SKU.
    func pickItems(_ shopper: inout DemoShopper, channel: SalesChannel, isFirst: Bool) -> [(Int, Int64)] {
        let wanted = 1 + Swift.min(3, shopper.random.poisson(mean: 0.5 * shopper.spend))
        var picks: [(Int, Int64)] = []
        picks.reserveCapacity(wanted)
        if !isFirst && shopper.random.chance(0.55) {
            picks.append((shopper.favourite, quantity(of: shopper.favourite, &shopper.random)))
        }
        let categories =
            channel == .pos
            ? DemoCatalogue.storeCategories
            : isFirst ? DemoCatalogue.firstOrderCategories : DemoCatalogue.repeatOrderCategories
        var attempts = 0
        while picks.count < wanted && attempts < wanted + 4 {
            attempts += 1
            let category = shopper.random.pick(categories)
            let item = pickItem(in: category, &shopper, isFirst: isFirst)
            if picks.contains(where: { $0.0 == item }) { continue }
            picks.append((item, quantity(of: item, &shopper.random)))
        }
        return picks
    }

    /// An item of a category by popularity; consumables weigh more on repeat orders, and items
    /// over $100 weigh in proportion to the customer's spending level.
    func pickItem(in category: Int, _ shopper: inout DemoShopper, isFirst: Bool) -> Int {
        let indices = DemoCatalogue.byCategory[category]
        var total = 0.0
        for index in indices { total += weight(of: index, shopper.spend, isFirst: isFirst) }
        var target = shopper.random.uniform() * total
        for index in indices {
            target -= weight(of: index, shopper.spend, isFirst: isFirst)
            if target < 0 { return index }
        }
        return indices[indices.count - 1]
    }

    private func weight(of index: Int, _ spend: Double, isFirst: Bool) -> Double {
        let item = DemoCatalogue.items[index]
        var weight = item.popularity
        if !isFirst && item.consumable { weight *= 2.5 }
        if item.usdCents > 10000 { weight *= spend }
        return weight
    }

    func quantity(of item: Int, _ random: inout DemoRandom) -> Int64 {
        let product = DemoCatalogue.items[item]
        let u = random.uniform()
        switch product.category {
        case .coffee: return u < 0.78 ? 1 : u < 0.95 ? 2 : 3
        case .accessories where product.consumable: return u < 0.8 ? 1 : 2
        case .giftCards: return u < 0.85 ? 1 : 2
        case .apparel: return u < 0.92 ? 1 : 2
        default: return u < 0.97 ? 1 : 2
        }
    }

    /// The percentage off of the order's discount code, or 0.
    func discountPercent(_ shopper: inout DemoShopper, channel: SalesChannel, isFirst: Bool) -> Int64 {
        guard channel != .pos else { return 0 }
        let date = ISO8601.civilFromDays(Int(DemoTimeZone.floorDay(shopper.nextAt)))
        let blackFriday = (date.month == 11 && date.day >= 24) || (date.month == 12 && date.day <= 2)
        if blackFriday && shopper.random.chance(0.35) { return 20 }
        if isFirst && shopper.random.chance(0.14) { return 10 }
        if shopper.random.chance(0.05) { return 15 }
        return 0
    }
}
