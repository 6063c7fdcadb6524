import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

/// `encore metrics [--store S] [--from DATE] [--to DATE] [--json]`: the store's figures of a
/// period, each with its sample size and 95% interval, and the monthly cohort matrix.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Retention, repeat rate, frequency, AOV, CLTV, returns, referrals, NPS, CSAT, reviews, support and cohorts.",
        discussion: """
            The period is [--from, --to) in the store's time zone (default: the 365 days up to and including
            today). Every figure has its sample size, and a 95% interval when it is a proportion or a mean;
            the formulas are in docs/METRICS.md. The cohort matrix covers the customers whose first order
            falls in the period.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The store (when the database has several).") var store: String?
    @Option(help: "First day of the period, YYYY-MM-DD.") var from: String?
    @Option(help: "Day after the period's last, YYYY-MM-DD (exclusive).") var to: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let from, CLVDay.parse(from) == nil { throw ValidationError("--from '\(from)' is not a YYYY-MM-DD date") }
        if let to, CLVDay.parse(to) == nil { throw ValidationError("--to '\(to)' is not a YYYY-MM-DD date") }
        if let from, let to, let start = CLVDay.parse(from), let end = CLVDay.parse(to), end <= start {
            throw ValidationError("--to must be after --from")
        }
    }

    func run() async throws {
        let storage = try await db.open()
        do {
            let target = try await resolveStore(storage, store)
            let zone = TimeZone(identifier: target.timeZone) ?? TimeZone(identifier: "UTC")!
            let toDay = to.flatMap(CLVDay.parse) ?? CLVDay.today(in: zone) + 1
            let fromDay = from.flatMap(CLVDay.parse) ?? toDay - 365
            guard toDay > fromDay else { throw CLVFailure("--to must be after --from") }
            let end = LocalDay.endOfDay(toDay - 1, in: zone)
            let start = LocalDay.start(of: fromDay, in: zone)
            let fold = try await storage.foldPurchases(
                PurchaseScan(
                    storeID: target.id, currency: target.currency, before: LocalDay.start(of: toDay, in: zone),
                    from: Int32(fromDay), to: Int32(toDay), days: LocalDays(zone: zone),
                    referred: try await storage.referredCustomers(storeID: target.id)))
            let care = try await storage.careFigures(
                storeID: target.id, from: start, to: LocalDay.start(of: toDay, in: zone))
            try await storage.close()

            let figures = fold.metrics
            let cohorts = fold.matrix
            let report = MetricsReport(
                store: target.name, currency: target.currency.code, from: CLVDay.format(fromDay), to: CLVDay.format(toDay),
                purchases: figures, cohorts: cohorts, care: care,
                sla: SLAAttainment(tickets: care.tickets, policy: SLAPolicy(businessHours: .of(target)), now: end))
            print(json ? report.json() : report.text())
        } catch {
            try? await storage.close()
            throw error
        }
    }
}

/// What `encore metrics` prints.
struct MetricsReport {
    var store: String
    var currency: String
    var from: String
    var to: String
    var purchases: PurchaseMetrics
    var cohorts: CohortMatrix
    var care: CareFigures
    /// The period's tickets judged against the store's first-response targets at its end.
    var sla: SLAAttainment

    /// The figures in print order: JSON name, label, unit.
    var figures: [(String, String, Estimate, Unit)] {
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

    enum Unit { case share, number, money }

    static func json(_ e: Estimate) -> JSONText {
        func n(_ v: Double?) -> JSONText { v.map(JSONText.number) ?? .null }
        return .object([("value", n(e.value)), ("sample_size", .int(Int64(e.sampleSize))), ("lower", n(e.lower)), ("upper", n(e.upper))])
    }

    func json() -> String {
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

    func text() -> String {
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
