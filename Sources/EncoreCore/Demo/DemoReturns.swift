extension DemoGenerator.Iterator {
    /// Returns of delivered orders: about 6% overall (apparel, with sizes, far more often),
    /// requested within 30 days of delivery (typically a week). A return moves requested ->
    /// approved (within 2 days) -> received (4 to 10 days later) -> refunded (1 to 3 days later),
    /// or is rejected (6%); its status is the one reached by `end`. 94% of refunded returns
    /// have a Refund of the returned lines with their tax; the rest were settled in store credit.
    mutating func returnItems(
        _ order: Order, deliveredAt: Int64, _ random: inout DemoRandom, into after: inout DemoAftersales
    ) {
        var returnable: [Int] = []
        var apparel = false
        var equipment = false
        for (index, line) in order.lines.enumerated() {
            guard let category = line.category.flatMap(DemoCategory.init(rawValue:)), category.isReturnable
            else { continue }
            returnable.append(index)
            if category == .apparel { apparel = true }
            if category == .equipment { equipment = true }
        }
        guard !returnable.isEmpty else { return }
        let probability = 0.055 + (apparel ? 0.10 : 0) + (equipment ? 0.02 : 0)
        guard random.chance(probability) else { return }
        let days = Swift.min(29.5, 0.5 + random.exponential(rate: 1.0 / 6))
        let requestedAt = deliveredAt + Int64(days * Self.msPerDay)
        guard requestedAt <= endMs else { return }

        // One line (an apparel one when there is one), or now and then everything returnable.
        var chosen: [Int]
        if returnable.count > 1 && random.chance(0.2) {
            chosen = returnable
        } else if apparel && random.chance(0.7) {
            chosen = [returnable.first { order.lines[$0].category == DemoCategory.apparel.rawValue }!]
        } else {
            chosen = [returnable[random.int(below: returnable.count)]]
        }
        chosen.sort()
        var lines: [ReturnLine] = []
        var refundLines: [RefundLine] = []
        for index in chosen {
            let line = order.lines[index]
            let quantity = line.quantity > 1 && random.chance(0.3) ? 1 : line.quantity
            let category = DemoCategory(rawValue: line.category ?? "") ?? .accessories
            let reasons = Self.returnReasons(category)
            let reason = reasons[random.int(below: reasons.count)]
            lines.append(ReturnLine(lineKey: line.key, quantity: quantity, reason: reason))
            let net = line.total * quantity / line.quantity
            let tax = (net * demoTaxBasisPoints + 5000) / 10000
            refundLines.append(RefundLine(lineKey: line.key, quantity: quantity, amount: net + tax))
        }

        var status = ReturnStatus.requested
        var refundedAt: Int64?
        if random.chance(0.06) {
            if requestedAt + Int64(random.uniform(1...3) * Self.msPerDay) <= endMs { status = .rejected }
        } else {
            let approvedAt = requestedAt + Int64(random.uniform(0.2...2) * Self.msPerDay)
            let receivedAt = approvedAt + Int64(random.uniform(4...10) * Self.msPerDay)
            let refundAt = receivedAt + Int64(random.uniform(0.5...3) * Self.msPerDay)
            if approvedAt <= endMs { status = .approved }
            if receivedAt <= endMs { status = .received }
            if refundAt <= endMs {
                status = .refunded
                refundedAt = refundAt
            }
        }
        returnCount += 1
        after.returned = Return(
            storeID: storeID, key: DemoKeys.make("demo-rt", returnCount, width: 6), orderKey: order.key,
            status: status, reason: lines[0].reason, requestedAt: Self.stamp(requestedAt),
            lines: lines)
        if let refundedAt, random.chance(0.94) {
            let amount = refundLines.reduce(Int64(0)) { $0 + $1.amount }
            addRefund(order, amount: amount, reason: "return", at: refundedAt, lines: refundLines, into: &after)
        }
    }

    static func returnReasons(_ category: DemoCategory) -> [String] {
        switch category {
        case .apparel: return ["too small", "too small", "too large", "not as pictured", "changed my mind"]
        case .equipment: return ["damaged", "defective", "not as described", "changed my mind", "arrived too late"]
        case .coffee: return ["didn't like the taste", "damaged", "wrong item sent", "changed my mind"]
        default: return ["damaged", "wrong item sent", "changed my mind", "no longer needed"]
        }
    }
}
