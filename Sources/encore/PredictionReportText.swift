import EncoreCore
import EncoreJourneys
import EncoreServer
import EncoreStore
import Foundation

/// What `encore predictions` prints.
enum PredictionReportText {
    static func json(_ report: PredictionRefreshReport, store: Store) -> String {
        var members: [(String, JSONText)] = [
            ("store", .string(store.name)), ("at", .string(report.run.at.iso8601)), ("status", .string(report.run.status.rawValue)),
            ("reason", report.run.reason.map(JSONText.string) ?? .null), ("customers", .int(Int64(report.run.customers))),
        ]
        members.append(("model", report.run.model.map(JSONText.raw) ?? .null))
        members.append(("events", .object(report.events.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })))
        members.append(
            (
                "rfm_segments",
                .object(RFM.Segment.allCases.map { ($0.rawValue, .int(Int64(report.rfmSegments[$0.rawValue] ?? 0))) })
            ))
        members.append(("segments", .object(report.segments.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })))
        members.append(
            (
                "clv_deciles",
                .array(
                    report.deciles.map { d in
                        .object([
                            ("decile", .int(Int64(d.decile))), ("customers", .int(Int64(d.customers))),
                            ("low", .string(Money(rounding: d.low, currency: store.currency).decimalString)),
                            ("high", .string(Money(rounding: d.high, currency: store.currency).decimalString)),
                        ])
                    })
            ))
        members.append(("currency", .string(store.currency.code)))
        members.append(("seconds", .number(report.run.seconds)))
        return JSONText.render(members)
    }

    static func text(_ report: PredictionRefreshReport, store: Store) -> String {
        guard report.run.status == .fitted, let m = report.model else {
            return "\(store.name): \(report.run.customers) customers; the models could not be fitted: \(report.run.reason ?? "unknown")"
        }
        var lines = [
            "\(store.name): \(report.run.customers) customers predicted at \(report.run.at.iso8601)",
            String(format: "BG/NBD r %.4f, alpha %.4f, a %.4f, b %.4f", m.r, m.alpha, m.a, m.b),
        ]
        if let s = report.spend {
            lines.append(String(format: "Gamma-Gamma p %.4f, q %.4f, gamma %.4f", s.p, s.q, s.gamma))
        } else {
            lines.append("Gamma-Gamma: not fitted (too few repeat customers), so no lifetime values")
        }
        let events = report.events.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("Events added: " + (events.isEmpty ? "none" : events.joined(separator: ", ")))
        lines.append(
            "RFM segments: "
                + RFM.Segment.allCases.map { "\($0.rawValue) \(report.rfmSegments[$0.rawValue] ?? 0)" }.joined(separator: ", "))
        if !report.segments.isEmpty {
            lines.append(
                "Custom segments: " + report.segments.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for d in report.deciles {
            lines.append(
                "  CLV decile \(d.decile): \(d.customers) customers, "
                    + "\(Money(rounding: d.low, currency: store.currency)) to \(Money(rounding: d.high, currency: store.currency))")
        }
        lines.append(String(format: "Refreshed in %.2f s", report.run.seconds))
        return lines.joined(separator: "\n")
    }

    static func json(_ p: StoredPrediction, store: Store) -> JSONText {
        .object([
            ("customer", .string(p.customerKey)), ("p_alive", .number(p.pAlive)),
            ("expected_purchases_90d", .number(p.expectedPurchases)),
            ("expected_spend", p.expectedSpend.map { .string(Money(rounding: $0, currency: store.currency).decimalString) } ?? .null),
            ("predicted_clv", p.value.map { .string(Money(rounding: $0, currency: store.currency).decimalString) } ?? .null),
            ("clv_decile", p.valueDecile.map { .int(Int64($0)) } ?? .null), ("currency", .string(store.currency.code)),
            ("expected_next_purchase_on", .string(day(p.nextPurchaseDay))),
            (
                "rfm",
                .object([
                    ("recency", .int(Int64(p.rfmRecency))), ("frequency", .int(Int64(p.rfmFrequency))),
                    ("monetary", .int(Int64(p.rfmMonetary))), ("segment", .string(p.rfmSegment)),
                ])
            ),
            ("segments", .array(p.segments.map(JSONText.string))), ("refreshed_at", .string(p.refreshedAt.iso8601)),
        ])
    }

    static func text(_ p: StoredPrediction, store: Store) -> String {
        [
            "Customer \(p.customerKey) (refreshed \(p.refreshedAt.iso8601))",
            String(format: "P(alive) %.3f; %.2f purchases expected in 90 days", p.pAlive, p.expectedPurchases),
            "Predicted 12-month value: "
                + (p.value.map { "\(Money(rounding: $0, currency: store.currency))" + (p.valueDecile.map { " (decile \($0))" } ?? "") }
                    ?? "none (no spend model)"),
            "Next purchase expected on \(day(p.nextPurchaseDay))",
            "RFM \(p.rfmRecency)\(p.rfmFrequency)\(p.rfmMonetary): \(p.rfmSegment)",
            "Segments: " + (p.segments.isEmpty ? "none" : p.segments.joined(separator: ", ")),
        ].joined(separator: "\n")
    }

    static func line(_ p: StoredPrediction, store: Store) -> String {
        let value = p.value.map { Money(rounding: $0, currency: store.currency).description } ?? "-"
        return String(format: "%@  P(alive) %.3f  CLV %@  %@", p.customerKey, p.pAlive, value, p.rfmSegment)
    }

    static func day(_ day: Int) -> String { CLVDay.format(day) }
}
