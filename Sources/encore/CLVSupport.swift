import EncoreCore
import EncoreStore
import Foundation

/// Calendar days for `encore clv`: day numbers (days since 1970-01-01) in a store's time zone.
enum CLVDay {
    /// The day number of a YYYY-MM-DD date; nil when it is not one.
    static func parse(_ text: String) -> Int? { LocalDate(text).map { Int($0.daysSinceEpoch) } }

    static func format(_ day: Int) -> String {
        String(Timestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000).iso8601.prefix(10))
    }

    static func today(in zone: TimeZone) -> Int { LocalDay.of(Timestamp(Date()), in: zone) }

    /// Each customer whose first purchase is on or before `calibrationEnd`, summarised over the
    /// calibration period, with their purchase days after it up to `holdoutEnd` (0 without one).
    /// Amounts become major units (`exponent` digits).
    static func summaries(
        _ purchases: [StorePurchase], zone: TimeZone, calibrationEnd: Int, holdoutEnd: Int?, exponent: Int
    ) -> [(summary: CustomerSummary, holdoutPurchases: Int)] {
        let scale = pow(10, Double(exponent))
        var out: [(summary: CustomerSummary, holdoutPurchases: Int)] = []
        var index = purchases.startIndex
        while index < purchases.endIndex {
            let key = purchases[index].customerKey
            var days: [(day: Int, amount: Double)] = []
            var later: Set<Int> = []
            while index < purchases.endIndex, purchases[index].customerKey == key {
                let day = LocalDay.of(purchases[index].at, in: zone)
                if day <= calibrationEnd {
                    days.append((day, Double(purchases[index].amount) / scale))
                } else if let holdoutEnd, day <= holdoutEnd {
                    later.insert(day)
                }
                index += 1
            }
            if let summary = CustomerSummary.from(id: key, purchases: days, calibrationEnd: calibrationEnd) {
                out.append((summary, later.count))
            }
        }
        return out
    }
}

/// What `encore clv fit` prints.
struct CLVReport {
    var source: [(String, JSONText)]
    var customers: Int
    var purchases: BGNBDFit
    var spend: GammaGammaFit?
    var validation: HoldoutValidation?
    var currency: Currency?
    var months: Int
    var monthlyDiscount: Double
    var seconds: Double

    /// The customers' lifetime values over `months` (nil without a spend model).
    var values: [Double]? {
        guard let spend else { return nil }
        let model = LifetimeValue(purchases: purchases.model, spend: spend.model)
        return summaries.compactMap { model.value($0, months: months, monthlyDiscount: monthlyDiscount) }
    }
    var summaries: [CustomerSummary]

    func json() -> String {
        let m = purchases.model
        var members = source + [("customers", .int(Int64(customers)))]
        members.append(
            (
                "bgnbd",
                .object([
                    ("r", .number(m.r)), ("alpha", .number(m.alpha)), ("a", .number(m.a)),
                    ("b", .number(m.b)), ("log_likelihood", .number(purchases.logLikelihood)),
                    ("customers", .int(Int64(purchases.customers))), ("evaluations", .int(Int64(purchases.evaluations))),
                ])
            ))
        if let spend {
            members.append(
                (
                    "gamma_gamma",
                    .object([
                        ("p", .number(spend.model.p)), ("q", .number(spend.model.q)),
                        ("gamma", .number(spend.model.gamma)), ("log_likelihood", .number(spend.logLikelihood)),
                        ("customers", .int(Int64(spend.customers))),
                    ])
                ))
        } else {
            members.append(("gamma_gamma", .null))
        }
        if let v = validation {
            members.append(
                (
                    "validation",
                    .object([
                        ("holdout_weeks", .number(v.weeks)), ("customers", .int(Int64(v.customers))),
                        ("actual", .number(v.actual)), ("predicted", .number(v.predicted)),
                        (
                            "groups",
                            .array(
                                v.groups.map { g in
                                    .object([
                                        ("frequency", .string(g.frequency == HoldoutValidation.groupCap ? "\(g.frequency)+" : "\(g.frequency)")),
                                        ("customers", .int(Int64(g.customers))), ("actual", .number(g.actual)),
                                        ("predicted", .number(g.predicted)),
                                    ])
                                })
                        ),
                    ])
                ))
        } else {
            members.append(("validation", .null))
        }
        if let values = values, !values.isEmpty {
            let sorted = values.sorted()
            members.append(
                (
                    "clv",
                    .object([
                        ("months", .int(Int64(months))), ("monthly_discount", .number(monthlyDiscount)),
                        ("currency", currency.map { .string($0.code) } ?? .null), ("customers", .int(Int64(sorted.count))),
                        ("total", .number(sorted.reduce(0, +))), ("mean", .number(sorted.reduce(0, +) / Double(sorted.count))),
                        ("median", .number(sorted[sorted.count / 2])),
                        ("deciles", .array((1...9).map { .number(sorted[min(sorted.count - 1, sorted.count * $0 / 10)]) })),
                    ])
                ))
        } else {
            members.append(("clv", .null))
        }
        members.append(("seconds", .number(seconds)))
        return JSONText.render(members)
    }

    func text() -> String {
        let m = purchases.model
        var lines = [
            "\(customers) customers",
            String(format: "BG/NBD: r %.4f, alpha %.4f, a %.4f, b %.4f; log-likelihood %.2f", m.r, m.alpha, m.a, m.b, purchases.logLikelihood),
        ]
        if let spend {
            lines.append(
                String(
                    format: "Gamma-Gamma (%d repeat customers): p %.4f, q %.4f, gamma %.4f; log-likelihood %.2f", spend.customers,
                    spend.model.p, spend.model.q, spend.model.gamma, spend.logLikelihood))
        } else {
            lines.append("Gamma-Gamma: not fitted (too few repeat customers with amounts)")
        }
        if let v = validation {
            lines.append(String(format: "Holdout (%.1f weeks): %.0f repeat purchases, %.1f predicted", v.weeks, v.actual, v.predicted))
            for g in v.groups {
                let label = g.frequency == HoldoutValidation.groupCap ? "\(g.frequency)+" : " \(g.frequency)"
                lines.append(
                    "  \(label) repeat purchases in calibration: "
                        + String(format: "%5d customers, actual %7.0f, predicted %9.1f", g.customers, g.actual, g.predicted))
            }
        }
        if let values = values, !values.isEmpty {
            let sorted = values.sorted()
            lines.append(
                String(
                    format: "Lifetime value over %d months at %.1f%% a month: total %.2f, mean %.2f, median %.2f", months,
                    monthlyDiscount * 100, sorted.reduce(0, +), sorted.reduce(0, +) / Double(sorted.count), sorted[sorted.count / 2])
                    + (currency.map { " \($0.code)" } ?? ""))
        }
        lines.append(String(format: "Fitted in %.2f s", seconds))
        return lines.joined(separator: "\n")
    }
}
