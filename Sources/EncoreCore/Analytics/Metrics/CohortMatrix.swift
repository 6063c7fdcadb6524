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
        var fold = Accumulator(fromMonth: fromMonth, toMonth: toMonth)
        var index = records.startIndex
        while index < records.endIndex {
            let customer = records[index].customer
            while index < records.endIndex, records[index].customer == customer {
                fold.add(day: records[index].day)
                index += 1
            }
            fold.endCustomer()
        }
        return fold.matrix
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

    /// The first day (day number) of a month number.
    public static func firstDay(ofMonth month: Int) -> Int32 {
        let year = month >= 0 ? month / 12 : (month - 11) / 12
        return Int32(ISO8601.daysFromCivil(year: year, month: month - year * 12 + 1, day: 1))
    }

    /// "YYYY-MM" of a month number.
    public static func label(month: Int) -> String {
        let year = month / 12
        let m = month % 12 + 1
        return "\(year)-\(m < 10 ? "0" : "")\(m)"
    }
}
