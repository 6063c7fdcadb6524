extension PurchaseMetrics {
    /// The purchase figures of `[from, to)` folded customer by customer: give each customer's
    /// orders in time order to `add`, close the customer with `endCustomer`, and read `metrics`.
    ///
    /// It keeps one number per customer and one per order of the period (the samples the means
    /// and the median need), never a customer's history. Folds over consecutive runs of customers
    /// joined with `append` give exactly the figures of one fold over all of them, to the last bit:
    /// every sum is taken in the order of the customers and their orders.
    public struct Accumulator: Sendable {
        public let from: Int32
        public let to: Int32
        let previousFrom: Int32
        var activeBefore = 0
        var retained = 0
        var inPeriod = 0
        var repeaters = 0
        var returns = 0
        var newCustomers = 0
        var newReferred = 0
        var counts: [Double] = []
        var amounts: [Double] = []
        var toSecond: [Double] = []
        var lifetime: [Double] = []
        // The customer being folded.
        var first: Int32 = .min
        var second: Int32 = .min
        var before = false
        var count = 0
        var total = 0.0

        /// An empty fold of the period `[from, to)` (local day numbers).
        public init(from: Int32, to: Int32) {
            self.from = from
            self.to = to
            previousFrom = from - (to - from)
        }

        /// The current customer's next order, in time order: its local day, its amount (total
        /// less refunds, major units) and whether a return of it was requested. Orders on or
        /// after `to` are ignored.
        public mutating func add(day: Int32, amount: Double, returned: Bool) {
            guard day < to else { return }
            total += amount
            if first == .min {
                first = day
            } else if second == .min, day > first {
                second = day
            }
            if day >= previousFrom && day < from { before = true }
            if day >= from {
                count += 1
                amounts.append(amount)
                if returned { returns += 1 }
            }
        }

        /// Closes the current customer. `isReferred` is asked only for a customer whose first
        /// order is in the period (whether they came through a referral).
        public mutating func endCustomer(isReferred: () -> Bool) {
            defer {
                first = .min
                second = .min
                before = false
                count = 0
                total = 0
            }
            guard first != .min else { return }
            lifetime.append(total)
            if before {
                activeBefore += 1
                if count > 0 { retained += 1 }
            }
            if count > 0 {
                inPeriod += 1
                counts.append(Double(count))
                if count >= 2 { repeaters += 1 }
            }
            if second != .min, second >= from { toSecond.append(Double(second - first)) }
            if first >= from {
                newCustomers += 1
                if isReferred() { newReferred += 1 }
            }
        }

        /// Adds the fold of the customers that come after this fold's (same period), as if
        /// they had been folded here.
        public mutating func append(_ later: Accumulator) {
            precondition(later.from == from && later.to == to, "folds of different periods")
            activeBefore += later.activeBefore
            retained += later.retained
            inPeriod += later.inPeriod
            repeaters += later.repeaters
            returns += later.returns
            newCustomers += later.newCustomers
            newReferred += later.newReferred
            counts += later.counts
            amounts += later.amounts
            toSecond += later.toSecond
            lifetime += later.lifetime
        }

        /// The figures of the customers folded so far (a customer not yet closed is left out).
        public var metrics: PurchaseMetrics {
            PurchaseMetrics(
                retentionRate: .proportion(retained, of: activeBefore), repeatPurchaseRate: .proportion(repeaters, of: inPeriod),
                purchaseFrequency: .mean(counts), averageOrderValue: .mean(amounts), daysToSecondPurchase: .mean(toSecond),
                medianDaysToSecondPurchase: .median(toSecond), historicalCLTV: .mean(lifetime),
                returnRate: .proportion(returns, of: amounts.count), referralRate: .proportion(newReferred, of: newCustomers),
                orders: amounts.count, customers: inPeriod, newCustomers: newCustomers, revenue: amounts.reduce(0, +))
        }
    }
}
