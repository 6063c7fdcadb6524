import EncoreCore
import EncoreStore
import Foundation

/// The dashboard's overview of a store over a period: the period's full report, each key figure
/// beside its value in the previous period of the same length and its value in each bucket of
/// the period (the sparkline), and the NPS and CSAT of each bucket (the trends).
public struct StoreOverview: Sendable {
    /// A key figure of the overview.
    public struct KPI: Sendable {
        /// The figure's name in JSON and CSV.
        public var id: String
        public var label: String
        public var unit: MetricsReport.Unit
        /// Whether a change is read as a relative one (counts and sums: "+12%") rather than a
        /// difference of values (rates, means and scores: "+3.1 points").
        public var relative: Bool
        public var value: Estimate
        public var previous: Estimate
        /// The figure in each bucket of the period, oldest first (nil: no data in that bucket).
        public var series: [Double?]

        /// The change on the previous period: `value / previous - 1` when `relative` (nil
        /// when the previous value is 0), otherwise `value - previous`; nil without both values.
        public var change: Double? {
            guard let now = value.value, let before = previous.value else { return nil }
            if relative { return before == 0 ? nil : now / before - 1 }
            return now - before
        }

        /// Whether the previous value lies inside this period's 95% interval: a change the
        /// sample cannot tell from noise. Nil for a figure without an interval.
        public var withinInterval: Bool? {
            guard let lower = value.lower, let upper = value.upper, let before = previous.value else { return nil }
            return before >= lower && before <= upper
        }
    }

    public var period: ReportPeriod
    public var buckets: [ReportPeriod]
    public var report: MetricsReport
    public var kpis: [KPI]
    /// NPS of the answers given in each bucket.
    public var npsTrend: [Estimate]
    /// CSAT of the answers given in each bucket.
    public var csatTrend: [Estimate]

    /// Reads the overview: one pass over the orders for the period, the previous period and the
    /// buckets (at most `most`), and the feedback of each.
    public static func read(
        storage: any EncoreStorage, store: Store, period: ReportPeriod, most: Int = 12
    ) async throws -> StoreOverview {
        let buckets = period.buckets(most: most)
        // The previous period ends where this one starts, so the pass over this one covers it.
        let (report, others) = try await MetricsReport.read(
            storage: storage, store: store, period: period, others: [period.previous] + buckets)
        let previous = others[0]
        let perBucket = Array(others.dropFirst())
        let previousCare = try await storage.careFigures(storeID: store.id, from: period.previous.start, to: period.previous.end)
        var careByBucket: [CareFigures] = []
        for bucket in buckets {
            careByBucket.append(try await storage.careFigures(storeID: store.id, from: bucket.start, to: bucket.end))
        }
        let npsTrend = careByBucket.map { FeedbackMetrics.nps($0.nps) }
        let csatTrend = careByBucket.map { FeedbackMetrics.csat($0.csat) }
        func count(_ n: Int) -> Estimate { Estimate(value: Double(n), sampleSize: n) }
        func purchase(
            _ id: String, _ label: String, _ unit: MetricsReport.Unit, relative: Bool, _ figure: (PurchaseMetrics) -> Estimate
        ) -> KPI {
            KPI(
                id: id, label: label, unit: unit, relative: relative, value: figure(report.purchases), previous: figure(previous),
                series: perBucket.map { figure($0).value })
        }
        let kpis = [
            purchase("revenue", "Revenue", .money, relative: true) { Estimate(value: $0.revenue, sampleSize: $0.orders) },
            purchase("orders", "Orders", .number, relative: true) { count($0.orders) },
            purchase("customers", "Customers who ordered", .number, relative: true) { count($0.customers) },
            purchase("new_customers", "New customers", .number, relative: true) { count($0.newCustomers) },
            purchase("average_order_value", "Average order value", .money, relative: false) { $0.averageOrderValue },
            purchase("repeat_purchase_rate", "Repeat purchase rate", .share, relative: false) { $0.repeatPurchaseRate },
            purchase("customer_retention_rate", "Customer retention rate", .share, relative: false) { $0.retentionRate },
            KPI(
                id: "nps", label: "NPS", unit: .number, relative: false, value: FeedbackMetrics.nps(report.care.nps),
                previous: FeedbackMetrics.nps(previousCare.nps), series: npsTrend.map(\.value)),
            KPI(
                id: "csat", label: "CSAT (share of 4-5)", unit: .share, relative: false, value: FeedbackMetrics.csat(report.care.csat),
                previous: FeedbackMetrics.csat(previousCare.csat), series: csatTrend.map(\.value)),
            KPI(
                id: "average_review", label: "Average review (stars)", unit: .number, relative: false,
                value: FeedbackMetrics.averageReview(report.care.reviewStars),
                previous: FeedbackMetrics.averageReview(previousCare.reviewStars),
                series: careByBucket.map { FeedbackMetrics.averageReview($0.reviewStars).value }),
        ]
        return StoreOverview(
            period: period, buckets: buckets, report: report, kpis: kpis, npsTrend: npsTrend, csatTrend: csatTrend)
    }
}
