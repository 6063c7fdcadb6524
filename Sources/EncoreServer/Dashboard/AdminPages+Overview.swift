import EncoreCore
import EncoreStore
import Foundation
import Hummingbird

extension AdminPages {
    /// GET /admin/stores/:store/overview[?from=DATE&to=DATE&table=ID&format=csv]: the store's key
    /// figures of the period (default: the last 90 days) with sparklines and the change on the
    /// previous period, every figure with its sample and interval, the cohort heatmap, NPS and
    /// CSAT trends and the journeys' performance against their holdouts; each table as CSV.
    func overview(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let store = try await store(context)
        let query = request.uri.queryParameters
        let filters = try await DashboardFilters.read(
            from: query["from"].map(String.init), to: query["to"].map(String.init), store: store, page: .overview, storage: storage,
            clock: clock, session: session)
        guard case .success(let period) = filters.period else {
            return filters.problemPage(title: "Overview", session: session, store: store)
        }
        let overview = try await StoreOverview.read(storage: storage, store: store, period: period)
        let attribution = try await JourneyAttribution.read(storage: storage, store: store, steps: false).rows
        let format = OverviewFormat(currency: store.currency)
        let tables = overviewTables(overview, attribution: attribution, format: format, store: store)
        if query["format"] == "csv" {
            guard let table = tables.first(where: { $0.id == query["table"].map(String.init) }) else { throw AdminPageError.notFound }
            return table.csv(filePrefix: "\(store.name)-\(period.fromText)-\(period.toText)")
        }
        let base = "/admin/stores/\(store.id)/overview?\(filters.query)"
        let cards: [HTML] = overview.kpis.map { kpi in
            let value = kpi.value.value.map { format.value($0, kpi) } ?? "no data"
            return """
                <li class="kpi"><span class="label">\(kpi.label)</span><span class="value">\(value)</span>
                \(SparklineSVG.render(title: "\(kpi.label) over the period, \(overview.buckets.count) steps", values: kpi.series))
                \(format.change(kpi, previousDays: period.days))<span class="muted">n = \(kpi.value.sampleSize)</span></li>
                """
        }
        let trendPoints = zip(overview.buckets, zip(overview.npsTrend, overview.csatTrend)).map { bucket, trend in
            (label: Self.shortDate(bucket.fromDay), nps: trend.0, csat: trend.1)
        }
        let npsChart = LineChartSVG.render(
            id: "nps-trend", title: "NPS by period step (−100 to 100)",
            description: "One point per step of the period, oldest on the left; a step without answers leaves a gap. The table below holds the figures.",
            points: trendPoints.map { .init(label: $0.label, value: $0.nps.value, text: format.score($0.nps)) }, low: -100, high: 100,
            axis: { String(format: "%.0f", $0) })
        let csatChart = LineChartSVG.render(
            id: "csat-trend", title: "CSAT by period step (share of 4-5 answers)",
            description: "One point per step of the period, oldest on the left; a step without answers leaves a gap. The table below holds the figures.",
            points: trendPoints.map { .init(label: $0.label, value: $0.csat.value, text: format.share($0.csat)) }, low: 0, high: 1,
            axis: { String(format: "%.0f%%", $0 * 100) })
        func table(_ id: String) -> HTML { tables.first { $0.id == id }?.html(csvBase: base) ?? .empty }
        let cohorts: HTML =
            overview.report.cohorts.rows.isEmpty ? .empty : CohortHeatmapSVG.render(id: "cohort-heatmap", matrix: overview.report.cohorts)
        let body: HTML = """
            \(filters.form)
            <p class="muted">\(period.fromText) to \(period.lastDayText) (\(period.days) days, \(store.timeZone)), each figure beside
            the \(period.days) days before (\(period.previous.fromText) to \(LocalDate(daysSinceEpoch: Int64(period.fromDay - 1)).description)).
            A change inside the figure's 95% interval is marked as one the sample cannot tell from noise.</p>
            <h2 id="kpis">Key figures</h2>
            <ul class="kpis">\(cards)</ul>
            \(table("kpis"))
            <h2 id="cohorts">Cohort retention</h2>
            \(cohorts)\(table("cohorts"))
            <h2 id="trends">NPS and CSAT</h2>
            <div class="charts"><div>\(npsChart)</div><div>\(csatChart)</div></div>
            \(table("trends"))
            <h2 id="journeys">Journey performance</h2>
            \(table("journeys"))
            <h2 id="figures">Every figure of the period</h2>
            \(table("figures"))
            <p><a href="/admin/stores/\(store.id)/journey-map?\(filters.query)">The journey map of this period</a> ·
            <a href="/admin/stores/\(store.id)/customers">Customers and the CLV distribution</a></p>
            """
        return AdminLayout.response(
            .ok, AdminLayout.page(title: "Overview", session: session, store: store, section: .dashboard, body: body))
    }

    /// The overview's tables, as shown and as exported.
    func overviewTables(
        _ overview: StoreOverview, attribution: [JourneyAttribution.Row], format: OverviewFormat, store: Store
    ) -> [DashboardTable] {
        let report = overview.report
        let steps = overview.buckets.map { "\(Self.shortDate($0.fromDay))–\(Self.shortDate($0.toDay - 1))" }
        let kpis = DashboardTable(
            id: "kpis", caption: "Key figures: the period, the previous period, the change and each step of the period",
            header: ["Figure", "Value", "Sample", "95% interval", "Previous period", "Change"] + steps,
            rows: overview.kpis.map { kpi in
                [
                    kpi.label, kpi.value.value.map { format.value($0, kpi) } ?? "", String(kpi.value.sampleSize),
                    format.interval(kpi.value, kpi), kpi.previous.value.map { format.value($0, kpi) } ?? "",
                    kpi.change.map { format.changeText($0, kpi) } ?? "",
                ] + kpi.series.map { $0.map { format.value($0, kpi) } ?? "" }
            })
        let width = report.cohorts.rows.map(\.later.count).max() ?? 0
        let cohorts = DashboardTable(
            id: "cohorts", caption: "Cohort retention: share of each month's new customers ordering again N months later",
            header: ["First-order month", "New customers"] + (0..<width).map { "+\($0 + 1)" },
            rows: report.cohorts.rows.map { row in
                [row.month, String(row.customers)] + row.later.map { $0.value.map { String(format: "%.1f%%", $0 * 100) } ?? "" }
            }, empty: "No new customers in this period.")
        let trends = DashboardTable(
            id: "trends", caption: "NPS and CSAT per step of the period",
            header: ["From", "To (last day)", "NPS", "NPS answers", "CSAT", "CSAT answers"],
            rows: zip(overview.buckets, zip(overview.npsTrend, overview.csatTrend)).map { bucket, trend in
                [
                    bucket.fromText, bucket.lastDayText, trend.0.value.map { String(format: "%.1f", $0) } ?? "",
                    String(trend.0.sampleSize), trend.1.value.map { String(format: "%.1f%%", $0 * 100) } ?? "", String(trend.1.sampleSize),
                ]
            })
        var journeys = DashboardTable(
            id: "journeys", caption: "Journeys against their holdouts, per version (every instance since the version was published)",
            header: [
                "Journey", "Version", "Entered", "Converted", "Conversion", "Holdout entered", "Holdout converted", "Uplift",
                "Incremental revenue", "Verdict",
            ],
            rows: attribution.map { row in
                let t = row.treated
                return [
                    row.name, "v\(row.version)", String(t.entered), String(t.converted), HTML.percent(t.converted, of: t.entered),
                    row.holdout.map { String($0.entered) } ?? "", row.holdout.map { String($0.converted) } ?? "",
                    row.uplift?.summary ?? "", row.incrementalRevenue.map { format.minorInterval($0.value, $0.lower, $0.upper) } ?? "",
                    row.verdict,
                ]
            }, empty: "No customer has entered a journey yet.")
        for (index, row) in attribution.enumerated() {
            journeys.links[index] = (0, "/admin/stores/\(store.id)/journeys/\(HTML.segment(row.journeyID))")
        }
        let figures = DashboardTable(
            id: "figures", caption: "Every figure of the period with its sample and 95% interval (formulas: docs/METRICS.md)",
            header: ["Figure", "Value", "Sample", "95% interval"],
            rows: report.figures.map { _, label, estimate, unit in
                [
                    label, estimate.value.map { format.plain($0, unit) } ?? "no data", String(estimate.sampleSize),
                    format.interval(estimate, unit),
                ]
            })
        return [kpis, cohorts, trends, journeys, figures]
    }

    /// "Nov 3" style label of a day.
    static func shortDate(_ day: Int) -> String {
        let text = LocalDate(daysSinceEpoch: Int64(day)).description
        return String(text.dropFirst(5))
    }
}

/// How the overview writes its figures.
struct OverviewFormat {
    var currency: Currency

    /// A KPI's value: counts whole, scores to a tenth, money in the store's currency, shares
    /// as percentages.
    func value(_ v: Double, _ kpi: StoreOverview.KPI) -> String {
        guard kpi.unit == .number else { return plain(v, kpi.unit) }
        return kpi.relative ? String(Int(v.rounded())) : String(format: "%.1f", v)
    }

    func plain(_ v: Double, _ unit: MetricsReport.Unit) -> String {
        switch unit {
        case .share: String(format: "%.1f%%", v * 100)
        case .number: String(format: "%.2f", v)
        case .money: Money(rounding: v, currency: currency).description
        }
    }

    func interval(_ e: Estimate, _ kpi: StoreOverview.KPI) -> String { interval(e, kpi.unit) }

    func interval(_ e: Estimate, _ unit: MetricsReport.Unit) -> String {
        guard let lower = e.lower, let upper = e.upper else { return "" }
        return "\(plain(lower, unit)) to \(plain(upper, unit))"
    }

    /// A change as text: "+12.0%" for counts and sums, points for shares, the unit otherwise.
    func changeText(_ change: Double, _ kpi: StoreOverview.KPI) -> String {
        let sign = change > 0 ? "+" : (change < 0 ? "−" : "±")
        let size = abs(change)
        if kpi.relative { return sign + String(format: "%.1f%%", size * 100) }
        switch kpi.unit {
        case .share: return sign + String(format: "%.1f points", size * 100)
        case .number: return sign + String(format: "%.1f", size)
        case .money: return sign + Money(rounding: size, currency: currency).description
        }
    }

    /// The card's line on the change: arrow, text and whether the sample can tell it from noise.
    func change(_ kpi: StoreOverview.KPI, previousDays: Int) -> HTML {
        guard let change = kpi.change else {
            if kpi.relative, kpi.value.value != nil, kpi.previous.value == 0 {
                return "<span class=\"change muted\">none in the previous \(previousDays) days</span>"
            }
            return "<span class=\"change muted\">no previous figure to compare</span>"
        }
        let text = changeText(change, kpi)
        let noise: HTML = kpi.withinInterval == true ? " <span class=\"muted\">(within the 95% interval)</span>" : .empty
        let (arrow, style, word): (String, String, String) =
            change > 0 ? ("▲", "good", "up") : (change < 0 ? ("▼", "bad", "down") : ("■", "muted", "unchanged"))
        return """
            <span class="change \(style)"><span aria-hidden="true">\(arrow)</span> \(word) \(text) on the previous \(previousDays) days\(noise)</span>
            """
    }

    /// NPS of a step with its sample.
    func score(_ e: Estimate) -> String { e.value.map { String(format: "%.0f (n = %d)", $0, e.sampleSize) } ?? "no answers" }
    /// A share with its sample.
    func share(_ e: Estimate) -> String { e.value.map { String(format: "%.1f%% (n = %d)", $0 * 100, e.sampleSize) } ?? "no answers" }

    /// An amount in minor units with its interval.
    func minorInterval(_ value: Double, _ lower: Double, _ upper: Double) -> String {
        func money(_ minor: Double) -> String { Money(minorUnits: Int64(minor.rounded()), currency: currency).description }
        return "\(money(value)) (95% CI \(money(lower)) to \(money(upper)))"
    }
}
