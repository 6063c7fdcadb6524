import EncoreCore
import EncoreStore
import Foundation

/// A store's figures of a period (what `encore metrics` prints and the dashboard shows): the
/// purchase figures and cohort matrix folded from the orders, feedback and support figures, and
/// the SLA attainment of the period's tickets.
public struct MetricsReport: Sendable {
    public var store: String
    public var currency: String
    public var from: String
    public var to: String
    public var purchases: PurchaseMetrics
    public var cohorts: CohortMatrix
    public var care: CareFigures
    /// The period's tickets judged against the store's first-response targets at its end.
    public var sla: SLAAttainment

    /// Reads the report of `period` from the store's orders (one pass, `PurchaseFold`), feedback
    /// and tickets; the purchase figures of each of `others` come from the same pass (in
    /// `PurchaseFold.others` order, returned beside the report). Each of `others` must end by
    /// the end of `period`.
    public static func read(
        storage: any EncoreStorage, store: Store, period: ReportPeriod, others: [ReportPeriod] = []
    ) async throws -> (report: MetricsReport, others: [PurchaseMetrics]) {
        var scan = PurchaseScan(
            storeID: store.id, currency: store.currency, before: period.end, from: Int32(period.fromDay), to: Int32(period.toDay),
            days: LocalDays(zone: period.zone), referred: try await storage.referredCustomers(storeID: store.id))
        scan.others = others.map(\.dayRange)
        let fold = try await storage.foldPurchases(scan)
        let care = try await storage.careFigures(storeID: store.id, from: period.start, to: period.end)
        let report = MetricsReport(
            store: store.name, currency: store.currency.code, from: period.fromText, to: period.toText,
            purchases: fold.metrics, cohorts: fold.matrix, care: care,
            sla: SLAAttainment(
                tickets: care.tickets, policy: SLAPolicy(businessHours: .of(store)),
                now: Timestamp(millisecondsSinceEpoch: period.end.millisecondsSinceEpoch - 1)))
        return (report, fold.otherMetrics)
    }

    /// The figures in print order: JSON name, label, unit.
    public var figures: [(String, String, Estimate, Unit)] {
        let p = purchases
        return [
            ("customer_retention_rate", "Customer retention rate", p.retentionRate, .share),
            ("repeat_purchase_rate", "Repeat purchase rate", p.repeatPurchaseRate, .share),
            ("purchase_frequency", "Purchase frequency (orders per customer)", p.purchaseFrequency, .number),
            ("average_order_value", "Average order value", p.averageOrderValue, .money),
            ("days_to_second_purchase", "Time to second purchase (days, mean)", p.daysToSecondPurchase, .number),
            ("median_days_to_second_purchase", "Time to second purchase (days, median)", p.medianDaysToSecondPurchase, .number),
            ("historical_cltv", "Historical CLTV", p.historicalCLTV, .money),
            ("return_rate", "Return rate", p.returnRate, .share),
            ("referral_rate", "Referral rate", p.referralRate, .share),
            ("nps", "NPS", FeedbackMetrics.nps(care.nps), .number),
            ("csat", "CSAT (share of 4-5)", FeedbackMetrics.csat(care.csat), .share),
            ("average_review", "Average review (stars)", FeedbackMetrics.averageReview(care.reviewStars), .number),
            ("first_response_hours", "Ticket first response (hours, mean)", SupportMetrics.firstResponseHours(care.tickets), .number),
            ("sla_attainment", "SLA attainment", SupportMetrics.slaAttainment(sla), .share),
        ]
    }

    /// How a figure reads: a share of 1, a plain number, an amount of the store's currency.
    public enum Unit: Sendable { case share, number, money }

    /// A figure as JSON: value, sample size and interval (null when unknown).
    public static func json(_ e: Estimate) -> JSONText {
        func n(_ v: Double?) -> JSONText { v.map(JSONText.number) ?? .null }
        return .object([("value", n(e.value)), ("sample_size", .int(Int64(e.sampleSize))), ("lower", n(e.lower)), ("upper", n(e.upper))])
    }

    /// The report as JSON (`encore metrics --json`).
    public func json() -> String {
        JSONText.render([
            ("store", .string(store)), ("currency", .string(currency)), ("from", .string(from)), ("to", .string(to)),
            ("customers", .int(Int64(purchases.customers))), ("orders", .int(Int64(purchases.orders))),
            ("new_customers", .int(Int64(purchases.newCustomers))), ("revenue", .number(purchases.revenue)),
            ("metrics", .object(figures.map { ($0.0, Self.json($0.2)) })),
            (
                "cohorts",
                .array(
                    cohorts.rows.map { row in
                        .object([
                            ("month", .string(row.month)), ("customers", .int(Int64(row.customers))),
                            ("later_months", .array(row.later.map(Self.json))),
                        ])
                    })
            ),
        ])
    }

    /// The report as lines of text (`encore metrics`).
    public func text() -> String {
        var lines = [
            "\(store), \(from) to \(to) (exclusive): \(purchases.orders) orders by \(purchases.customers) customers (\(purchases.newCustomers) new), revenue \(String(format: "%.2f", purchases.revenue)) \(currency)"
        ]
        for (_, label, e, unit) in figures {
            guard let value = e.value else {
                lines.append("\(label): no data (sample 0)")
                continue
            }
            func show(_ v: Double) -> String {
                switch unit {
                case .share: String(format: "%.1f%%", v * 100)
                case .number: String(format: "%.2f", v)
                case .money: String(format: "%.2f", v) + " " + currency
                }
            }
            let interval = e.lower.flatMap { lower in e.upper.map { " (95%: \(show(lower)) to \(show($0)))" } } ?? ""
            lines.append("\(label): \(show(value))\(interval), n = \(e.sampleSize)")
        }
        if !cohorts.rows.isEmpty {
            lines.append("Cohorts (share ordering again 1, 2, ... months after the first order's month):")
            for row in cohorts.rows {
                let shares = row.later.map { $0.value.map { String(format: "%5.1f%%", $0 * 100) } ?? "    -" }.joined(separator: " ")
                lines.append("  \(row.month) (\(row.customers) customers): \(shares)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
