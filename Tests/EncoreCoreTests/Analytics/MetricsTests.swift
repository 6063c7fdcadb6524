import EncoreCore
import Foundation
import Testing

@Suite("Metrics: each figure with its sample size and, for proportions and means, a 95% interval")
struct MetricsTests {
    @Test func wilsonAndMeanIntervals() throws {
        // Wilson 95% for 8 of 10: 0.4902 to 0.9433 (Newcombe 1998, table I's method 3).
        let p = Estimate.proportion(8, of: 10)
        #expect(p.value == 0.8 && p.sampleSize == 10)
        let lower: Double = p.lower ?? -1
        let upper: Double = p.upper ?? -1
        #expect(abs(lower - 0.4902) < 1e-4)
        #expect(abs(upper - 0.9433) < 1e-4)
        let zero = Estimate.proportion(0, of: 20)
        #expect(zero.value == 0 && zero.lower == 0 && abs(zero.upper! - 0.1611) < 1e-4)
        #expect(Estimate.proportion(0, of: 0).value == nil && Estimate.proportion(0, of: 0).sampleSize == 0)
        let m = Estimate.mean([2, 4, 4, 4, 5, 5, 7, 9])
        // mean 5, sample sd 2.138, half-width 1.96 × 2.138 / √8 = 1.4816.
        let mUpper: Double = m.upper ?? 0
        let mLower: Double = m.lower ?? 0
        #expect(m.value == 5)
        #expect(abs(mUpper - 6.4816) < 1e-3)
        #expect(abs(mLower - 3.5184) < 1e-3)
        #expect(Estimate.mean([3]).lower == nil && Estimate.mean([]).value == nil)
        #expect(Estimate.median([5, 1, 3, 2]).value == 2.5 && Estimate.median([5, 1, 3]).value == 3)
    }

    @Test func npsCsatAndReviews() throws {
        // 5 promoters, 3 passives, 2 detractors: NPS 30; a dismissal (-1) or 11 is not an answer.
        let nps = FeedbackMetrics.nps([10, 9, 9, 10, 9, 7, 8, 7, 3, 6, -1, 11])
        #expect(abs(nps.value! - 30) < 1e-9 && nps.sampleSize == 10)
        #expect(nps.lower! < 30 && nps.upper! > 30 && nps.lower! >= -100 && nps.upper! <= 100)
        #expect(FeedbackMetrics.nps([]).value == nil)
        let csat = FeedbackMetrics.csat([5, 4, 3, 1, 5, 0])
        #expect(csat.value == 0.6 && csat.sampleSize == 5)
        let stars = FeedbackMetrics.averageReview([5, 4, 4, 1, 6])
        #expect(stars.value == 3.5 && stars.sampleSize == 4)
    }

    @Test("purchase figures of a period from a hand-checked history")
    func purchaseFigures() throws {
        // Period: days 100 ..< 130; the period before: 70 ..< 100.
        // c1: days 80, 105, 110 (active before, retained, 2 orders in period, second purchase day 105 → 25 days)
        // c2: day 90 (active before, not retained)
        // c3: days 100, 100, 120 (new in period; second purchase day 120 → 20 days; a return on 120)
        // c4: day 125 (new, referred)
        // c5: day 10, 200 (old, nothing in either window; day 200 is after the period and ignored)
        let r: [PurchaseRecord] = [
            .init(customer: 1, day: 80, amount: 10), .init(customer: 1, day: 105, amount: 20), .init(customer: 1, day: 110, amount: 30),
            .init(customer: 2, day: 90, amount: 40),
            .init(customer: 3, day: 100, amount: 5), .init(customer: 3, day: 100, amount: 5), .init(customer: 3, day: 120, amount: 50, returned: true),
            .init(customer: 4, day: 125, amount: 60),
            .init(customer: 5, day: 10, amount: 70), .init(customer: 5, day: 200, amount: 80),
        ]
        let m = PurchaseMetrics.compute(r, from: 100, to: 130, referred: [4, 2])
        #expect(m.retentionRate.value == 0.5 && m.retentionRate.sampleSize == 2)
        #expect(m.customers == 3 && m.orders == 6 && m.revenue == 170 && m.newCustomers == 2)
        #expect(abs(m.repeatPurchaseRate.value! - 2.0 / 3) < 1e-12 && m.repeatPurchaseRate.sampleSize == 3)
        #expect(m.purchaseFrequency.value == 2 && m.purchaseFrequency.sampleSize == 3)
        #expect(abs(m.averageOrderValue.value! - 170.0 / 6) < 1e-12 && m.averageOrderValue.sampleSize == 6)
        #expect(m.daysToSecondPurchase.value == 22.5 && m.daysToSecondPurchase.sampleSize == 2)
        #expect(m.medianDaysToSecondPurchase.value == 22.5)
        // Revenue to day 130 per customer who had ordered by then: 60, 40, 60, 60, 70.
        #expect(m.historicalCLTV.value == 58 && m.historicalCLTV.sampleSize == 5)
        #expect(abs(m.returnRate.value! - 1.0 / 6) < 1e-12)
        #expect(m.referralRate.value == 0.5 && m.referralRate.sampleSize == 2)
        let empty = PurchaseMetrics.compute([], from: 0, to: 10)
        #expect(empty.averageOrderValue.value == nil && empty.retentionRate.sampleSize == 0)
    }

    @Test("cohort matrix: monthly cohorts, the share ordering in each later calendar month")
    func cohorts() throws {
        func day(_ iso: String) -> Int32 { Int32(ISO8601.parse(iso)!.millisecondsSinceEpoch / 86_400_000) }
        let jan = CivilDate.month(ofDay: day("2026-01-15"))
        #expect(CivilDate.label(month: jan) == "2026-01" && CivilDate.month(ofDay: day("2026-12-31")) == jan + 11)
        #expect(CivilDate.label(month: CivilDate.month(ofDay: day("1969-12-31"))) == "1969-12")
        #expect(CivilDate.label(month: CivilDate.month(ofDay: day("2024-02-29"))) == "2024-02")
        let r: [PurchaseRecord] = [
            // January cohort: a, b, c. a comes back in February and March; b in March; c never.
            .init(customer: 1, day: day("2026-01-03"), amount: 1), .init(customer: 1, day: day("2026-02-10"), amount: 1),
            .init(customer: 1, day: day("2026-03-01"), amount: 1),
            .init(customer: 2, day: day("2026-01-31"), amount: 1), .init(customer: 2, day: day("2026-03-31"), amount: 1),
            .init(customer: 3, day: day("2026-01-20"), amount: 1), .init(customer: 3, day: day("2026-01-25"), amount: 1),
            // February cohort: d, back in March.
            .init(customer: 4, day: day("2026-02-28"), amount: 1), .init(customer: 4, day: day("2026-03-02"), amount: 1),
            // December 2025: outside the range asked.
            .init(customer: 5, day: day("2025-12-31"), amount: 1), .init(customer: 5, day: day("2026-02-01"), amount: 1),
        ]
        let matrix = CohortMatrix.compute(r, fromMonth: jan, toMonth: jan + 2)
        #expect(matrix.rows.map(\.month) == ["2026-01", "2026-02"] && matrix.rows.map(\.customers) == [3, 1])
        let january: [Double] = matrix.rows[0].later.compactMap(\.value)
        let february: [Double] = matrix.rows[1].later.compactMap(\.value)
        #expect(january == [1.0 / 3, 2.0 / 3])
        #expect(february == [1.0])
        #expect(matrix.rows[1].later[0].sampleSize == 1)
    }
}
