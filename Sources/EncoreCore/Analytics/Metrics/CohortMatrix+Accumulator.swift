extension CohortMatrix {
    /// The cohort matrix folded customer by customer: give each customer's order days in time
    /// order to `add`, close the customer with `endCustomer`, and read `matrix`.
    ///
    /// It keeps the counts of the matrix only (cohorts × month offsets), whatever the number of
    /// customers or orders; folds over consecutive runs of customers joined with `append` give
    /// the matrix of one fold over all of them.
    public struct Accumulator: Sendable {
        public let fromMonth: Int
        public let toMonth: Int
        let width: Int
        var sizes: [Int]
        // active[c * width + k]: customers of cohort c who ordered k months after their first.
        var active: [Int]
        // The customer being folded: the cohort's index (-1 before the first order, -2 when the
        // cohort is outside the range), the month of the last order and the first day after it.
        var cohort = -1
        var month = 0
        var monthEnd: Int32 = .min

        /// An empty fold counting the cohorts of `[fromMonth, toMonth]` (month numbers: year × 12
        /// + month − 1), with later months up to `toMonth`.
        public init(fromMonth: Int, toMonth: Int) {
            self.fromMonth = fromMonth
            self.toMonth = toMonth
            width = max(0, toMonth - fromMonth + 1)
            sizes = [Int](repeating: 0, count: width)
            active = [Int](repeating: 0, count: width * width)
        }

        /// The current customer's next order day (local day number), in time order.
        public mutating func add(day: Int32) {
            guard cohort != -2, day >= monthEnd else { return }
            // A new calendar month for this customer (days only grow).
            let next = CivilDate.month(ofDay: day)
            monthEnd = CivilDate.firstDay(ofMonth: next + 1)
            if cohort == -1 {
                guard next >= fromMonth, next <= toMonth else {
                    cohort = -2
                    return
                }
                cohort = next - fromMonth
                month = next
                sizes[cohort] += 1
            } else if next <= toMonth {
                active[cohort * width + (next - month)] += 1
            }
        }

        /// Closes the current customer.
        public mutating func endCustomer() {
            cohort = -1
            monthEnd = .min
        }

        /// Adds the fold of another run of customers (same months).
        public mutating func append(_ other: Accumulator) {
            precondition(other.fromMonth == fromMonth && other.toMonth == toMonth, "folds of different months")
            for i in sizes.indices { sizes[i] += other.sizes[i] }
            for i in active.indices { active[i] += other.active[i] }
        }

        /// The matrix of the customers folded so far.
        public var matrix: CohortMatrix {
            var rows: [Row] = []
            for c in 0..<width where sizes[c] > 0 {
                let offsets = toMonth - (fromMonth + c)
                let later = offsets > 0 ? (1...offsets).map { Estimate.proportion(active[c * width + $0], of: sizes[c]) } : []
                rows.append(Row(month: CivilDate.label(month: fromMonth + c), customers: sizes[c], later: later))
            }
            return CohortMatrix(rows: rows)
        }
    }
}
