/// The monthly acquisition-cohort retention matrix: customers grouped by the calendar month of
/// their first order; for each later calendar month, the share of the cohort who ordered in it.
public struct CohortMatrix: Sendable, Hashable {
    /// One cohort: its month ("2026-03"), its size, and for month offsets 1, 2, ... up to the last
    /// month of the data, the share who ordered then (each with its Wilson interval).
    public struct Row: Sendable, Hashable {
        public var month: String
        public var customers: Int
        public var later: [Estimate]
    }

    public var rows: [Row]

    /// The matrix of `records` (sorted by customer then day) whose first order falls in
    /// `[fromMonth, toMonth]` (month numbers: year × 12 + month − 1), with later months counted
    /// up to `toMonth`.
    public static func compute(_ records: [PurchaseRecord], fromMonth: Int, toMonth: Int) -> CohortMatrix {
        guard toMonth >= fromMonth else { return CohortMatrix(rows: []) }
        let width = toMonth - fromMonth + 1
        var sizes = [Int](repeating: 0, count: width)
        // active[c * width + k]: customers of cohort c who ordered k months after their first.
        var active = [Int](repeating: 0, count: width * width)
        var index = records.startIndex
        var months: Set<Int> = []
        while index < records.endIndex {
            let customer = records[index].customer
            let cohort = CivilDate.month(ofDay: records[index].day)
            months.removeAll(keepingCapacity: true)
            while index < records.endIndex, records[index].customer == customer {
                months.insert(CivilDate.month(ofDay: records[index].day))
                index += 1
            }
            guard cohort >= fromMonth, cohort <= toMonth else { continue }
            let c = cohort - fromMonth
            sizes[c] += 1
            for month in months where month > cohort && month <= toMonth { active[c * width + (month - cohort)] += 1 }
        }
        var rows: [Row] = []
        for c in 0..<width where sizes[c] > 0 {
            let offsets = toMonth - (fromMonth + c)
            let later = offsets > 0 ? (1...offsets).map { Estimate.proportion(active[c * width + $0], of: sizes[c]) } : []
            rows.append(Row(month: CivilDate.label(month: fromMonth + c), customers: sizes[c], later: later))
        }
        return CohortMatrix(rows: rows)
    }
}

/// Calendar arithmetic on day numbers (days since 1970-01-01), proleptic Gregorian, no time zones
/// (the caller's days are already local).
public enum CivilDate {
    /// The month number (year × 12 + month − 1) of a day.
    public static func month(ofDay day: Int32) -> Int {
        let date = ISO8601.civilFromDays(Int(day))
        return date.year * 12 + date.month - 1
    }

    /// "YYYY-MM" of a month number.
    public static func label(month: Int) -> String {
        let year = month / 12
        let m = month % 12 + 1
        return "\(year)-\(m < 10 ? "0" : "")\(m)"
    }
}
