@testable import EncoreCore
import Foundation
import Testing

@Suite("Metrics folded customer by customer: the same figures as the whole history, to the last bit")
struct MetricsFoldTests {
    /// The purchase figures as `PurchaseMetrics.compute` computed them before the fold existed
    /// (kept verbatim as the reference).
    static func reference(_ records: [PurchaseRecord], from: Int32, to: Int32, referred: Set<Int32>) -> PurchaseMetrics {
        let length = to - from
        let previousFrom = from - length
        var activeBefore = 0
        var retained = 0
        var inPeriod = 0
        var repeaters = 0
        var counts: [Double] = []
        var amounts: [Double] = []
        var toSecond: [Double] = []
        var lifetime: [Double] = []
        var returns = 0
        var newCustomers = 0
        var newReferred = 0
        var revenue = 0.0
        var index = records.startIndex
        while index < records.endIndex {
            let customer = records[index].customer
            var first: Int32?
            var second: Int32?
            var before = false
            var count = 0
            var total = 0.0
            while index < records.endIndex, records[index].customer == customer {
                let r = records[index]
                index += 1
                guard r.day < to else { continue }
                total += r.amount
                if first == nil { first = r.day } else if second == nil, r.day > first! { second = r.day }
                if r.day >= previousFrom && r.day < from { before = true }
                if r.day >= from {
                    count += 1
                    amounts.append(r.amount)
                    revenue += r.amount
                    if r.returned { returns += 1 }
                }
            }
            guard let firstDay = first else { continue }
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
            if let second, second >= from { toSecond.append(Double(second - firstDay)) }
            if firstDay >= from {
                newCustomers += 1
                if referred.contains(customer) { newReferred += 1 }
            }
        }
        return PurchaseMetrics(
            retentionRate: .proportion(retained, of: activeBefore), repeatPurchaseRate: .proportion(repeaters, of: inPeriod),
            purchaseFrequency: .mean(counts), averageOrderValue: .mean(amounts), daysToSecondPurchase: .mean(toSecond),
            medianDaysToSecondPurchase: .median(toSecond), historicalCLTV: .mean(lifetime),
            returnRate: .proportion(returns, of: amounts.count), referralRate: .proportion(newReferred, of: newCustomers),
            orders: amounts.count, customers: inPeriod, newCustomers: newCustomers, revenue: revenue)
    }

    /// The cohort matrix as `CohortMatrix.compute` computed it before the fold existed (verbatim).
    static func reference(_ records: [PurchaseRecord], fromMonth: Int, toMonth: Int) -> CohortMatrix {
        guard toMonth >= fromMonth else { return CohortMatrix(rows: []) }
        let width = toMonth - fromMonth + 1
        var sizes = [Int](repeating: 0, count: width)
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
        var rows: [CohortMatrix.Row] = []
        for c in 0..<width where sizes[c] > 0 {
            let offsets = toMonth - (fromMonth + c)
            let later = offsets > 0 ? (1...offsets).map { Estimate.proportion(active[c * width + $0], of: sizes[c]) } : []
            rows.append(CohortMatrix.Row(month: CivilDate.label(month: fromMonth + c), customers: sizes[c], later: later))
        }
        return CohortMatrix(rows: rows)
    }

    /// Customers with 1-12 orders over ~3 years of days, amounts in cents, ties on a day, returns.
    static func history(seed: UInt64, customers: Int) -> [PurchaseRecord] {
        var random = DemoRandom(seed: seed)
        var records: [PurchaseRecord] = []
        for customer in 0..<customers {
            var day = Int32.random(in: 19_700...20_800, using: &random)
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                records.append(
                    PurchaseRecord(
                        customer: Int32(customer), day: day, amount: Double(Int.random(in: 1...40_000, using: &random)) / 100,
                        returned: Int.random(in: 0..<10, using: &random) == 0))
                day += Int32.random(in: 0...90, using: &random)
            }
        }
        return records
    }

    @Test("compute equals the pre-fold reference on a random history, every period and cohort range")
    func equalsReference() throws {
        let records = Self.history(seed: 7, customers: 600)
        let referred = Set((0..<600).filter { $0 % 7 == 0 }.map(Int32.init))
        for (from, to) in [(20_200, 20_300), (20_000, 20_365), (19_600, 19_700), (20_900, 21_000), (20_450, 20_451)] as [(Int32, Int32)] {
            #expect(
                PurchaseMetrics.compute(records, from: from, to: to, referred: referred)
                    == Self.reference(records, from: from, to: to, referred: referred))
            let months = (CivilDate.month(ofDay: from), CivilDate.month(ofDay: to - 1))
            #expect(
                CohortMatrix.compute(records, fromMonth: months.0, toMonth: months.1)
                    == Self.reference(records, fromMonth: months.0, toMonth: months.1))
        }
        #expect(CohortMatrix.compute(records, fromMonth: 3, toMonth: 2).rows.isEmpty)
    }

    @Test("folds of consecutive runs of customers, appended, equal one fold over all of them")
    func appendedRuns() throws {
        let records = Self.history(seed: 11, customers: 300)
        let (from, to): (Int32, Int32) = (20_100, 20_465)
        func fold(_ customers: Range<Int32>) -> PurchaseFold {
            var fold = PurchaseFold(from: from, to: to)
            var current: Int32?
            for r in records where customers.contains(r.customer) {
                if let c = current, c != r.customer { fold.endCustomer { c % 3 == 0 } }
                current = r.customer
                fold.add(day: r.day, amount: r.amount, returned: r.returned)
            }
            if let c = current { fold.endCustomer { c % 3 == 0 } }
            return fold
        }
        let whole = fold(0..<300)
        var joined = fold(0..<1)
        for cut in [(1, 97), (97, 98), (98, 250), (250, 300)] as [(Int32, Int32)] { joined.append(fold(cut.0..<cut.1)) }
        #expect(joined.metrics == whole.metrics && joined.matrix == whole.matrix)
        let referred = Set((0..<300).filter { $0 % 3 == 0 }.map(Int32.init))
        #expect(whole.metrics == Self.reference(records, from: from, to: to, referred: referred))
        #expect(whole.metrics.orders > 0 && !whole.matrix.rows.isEmpty)
    }

    @Test("local days from the table equal the zone's offset read per instant, across DST, midnight changes and skipped days")
    func localDays() throws {
        var random = DemoRandom(seed: 3)
        for name in ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "America/Sao_Paulo", "Europe/Dublin", "UTC"] {
            let zone = try #require(TimeZone(identifier: name))
            var days = LocalDays(zone: zone)
            var instants: [Int64] = (0..<3_000).map { _ in Int64.random(in: 0...2_300_000_000_000, using: &random) }
            // Every 15 minutes of 2011-12-28 to 2012-01-02 (Apia skipped 2011-12-30) and around DST changes.
            for start in [1_324_857_600_000, 1_710_043_200_000, 1_730_505_600_000, 1_541_203_200_000] as [Int64] {
                instants += stride(from: start, to: start + 5 * 86_400_000, by: 900_000).map { $0 }
            }
            instants.append(-86_400_001)
            for t in instants {
                let offset = LocalDays.offset(of: zone, at: t)
                let expected = Int32(((t + offset) - (((t + offset) % 86_400_000) + 86_400_000) % 86_400_000) / 86_400_000)
                #expect(days.day(of: t) == expected, "\(name) at \(t)")
            }
        }
    }
}
