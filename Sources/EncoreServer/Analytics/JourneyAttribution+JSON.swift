import EncoreCore

extension JourneyAttribution {
    /// Every row as JSON: counts, the holdout's, rates, the uplift and its interval as
    /// proportions, the incremental revenue as money text, and `significant`.
    public func json() -> JSONText {
        func money(_ minor: Double) -> JSONText {
            .string(Money(minorUnits: Int64(minor.rounded()), currency: currency).decimalString)
        }
        func counts(_ c: Counts) -> JSONText {
            .object([
                ("entered", .int(Int64(c.entered))), ("sent", .int(Int64(c.sent))), ("delivered", .int(Int64(c.delivered))),
                ("opened", .int(Int64(c.opened))), ("clicked", .int(Int64(c.clicked))), ("converted", .int(Int64(c.converted))),
                ("conversion_rate", c.entered > 0 ? .number(Double(c.converted) / Double(c.entered)) : .null),
                ("revenue", money(Double(c.revenue))),
            ])
        }
        return .object([
            ("currency", .string(currency.code)),
            (
                "rows",
                .array(
                    rows.map { row in
                        .object([
                            ("journey", .string(row.journeyID)), ("name", .string(row.name)), ("version", .int(Int64(row.version))),
                            ("step", row.stepID.map(JSONText.string) ?? .null), ("treated", counts(row.treated)),
                            ("holdout", row.holdout.map(counts) ?? .null),
                            (
                                "uplift",
                                row.uplift.map { u in
                                    .object([
                                        ("difference", .number(u.difference)), ("lower", .number(u.lower)), ("upper", .number(u.upper)),
                                        ("significant", .bool(u.isSignificant)), ("summary", .string(u.summary)),
                                    ])
                                } ?? .null
                            ),
                            (
                                "incremental_revenue",
                                row.incrementalRevenue.map { r in
                                    .object([
                                        ("value", money(r.value)), ("lower", money(r.lower)), ("upper", money(r.upper)),
                                        ("significant", .bool(r.isSignificant)),
                                    ])
                                } ?? .null
                            ),
                            ("verdict", .string(row.verdict)),
                        ])
                    })
            ),
        ])
    }
}

extension JourneyAttribution.Row {
    /// Plain words: "no holdout", "no holdout yet", "not significant yet", or the uplift's sign.
    public var verdict: String {
        guard let holdout else { return "no holdout" }
        guard holdout.entered > 0, treated.entered > 0, let uplift else { return "no holdout yet" }
        guard uplift.isSignificant else { return "not significant yet" }
        return uplift.difference > 0 ? "lifts conversion" : "lowers conversion"
    }
}
