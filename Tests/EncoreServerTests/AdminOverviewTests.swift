import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import EncoreServer

@Suite("Admin dashboard: the overview's key figures, cohorts, trends and journeys, and the filters")
struct AdminOverviewTests {
    /// 2026-09-15: the period is its 30 days, the previous period the 30 days before.
    static let day = Int(LocalDate("2026-09-15")!.daysSinceEpoch)
    static let range = "from=2026-09-15&to=2026-10-15"

    static func at(_ day: Int) -> Timestamp { Timestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000 + 12 * 3_600_000) }

    /// Ten customers order 20 USD in the previous period (day −20); six of them 30 USD again on
    /// day 5; nine new customers order 10 USD on day 10 (September), three of them again on
    /// day 25 (October). NPS answers 10, 10, 9, 3 in the period and 10, 2 before it; CSAT 5, 4, 2.
    static func seed(_ storage: any EncoreStorage, _ store: Store) async throws {
        var customers: [Customer] = []
        var orders: [Order] = []
        func order(_ customer: String, _ n: Int, day: Int, total: Int64) {
            var o = Fixtures.order(store, key: "\(customer)-\(n)", customer: customer, total: total)
            o.placedAt = at(Self.day + day)
            orders.append(o)
        }
        for i in 0..<10 {
            customers.append(Fixtures.customer(store, key: "p\(i)"))
            order("p\(i)", 0, day: -20, total: 2_000)
            if i < 6 { order("p\(i)", 1, day: 5, total: 3_000) }
        }
        for i in 0..<9 {
            customers.append(Fixtures.customer(store, key: "n\(i)"))
            order("n\(i)", 0, day: 10, total: 1_000)
            if i < 3 { order("n\(i)", 1, day: 25, total: 1_000) }
        }
        _ = try await storage.ingest(
            IngestBatch(storeID: store.id, origin: .historical, customers: customers, orders: orders), now: at(day + 40))
        for (index, score) in [10, 10, 9, 3].enumerated() {
            try await answer(storage, store, .nps, customer: "p\(index)", subject: "p\(index)-1", score: score, at: at(day + 6))
        }
        for (index, score) in [10, 2].enumerated() {
            try await answer(storage, store, .nps, customer: "p\(index + 6)", subject: "p\(index + 6)-0", score: score, at: at(day - 19))
        }
        for (index, score) in [5, 4, 2].enumerated() {
            try await answer(storage, store, .csat, customer: "n\(index)", subject: "n\(index)-0", score: score, at: at(day + 11))
        }
    }

    static func answer(
        _ storage: any EncoreStorage, _ store: Store, _ kind: SurveyKind, customer: String, subject: String, score: Int, at: Timestamp
    ) async throws {
        var record = FeedbackRecord(
            storeID: store.id, kind: kind, touchpoint: .order, subjectKey: subject, customerKey: customer, orderKey: subject,
            askedAt: at)
        _ = try await storage.askFeedback(record)
        record.score = score
        _ = try await storage.answerFeedback(
            record,
            event: NewEvent(
                storeID: store.id, type: "feedback.\(kind.rawValue)", customerKey: customer, orderKey: subject, occurredAt: at,
                idempotencyKey: "fb-\(kind.rawValue)-\(subject)"), ticket: nil, now: at)
    }

    @Test("key figures with the change on the previous period, sparklines, cohort heatmap, NPS and CSAT trends, every table as CSV",
        arguments: Backend.enabled)
    func overview(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            try await Self.seed(browser.storage, browser.store)
            try await browser.login()
            let page = try await browser.get("\(browser.base)/overview?\(Self.range)")
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("2026-09-15 to 2026-10-14 (30 days, UTC)"))
            // Orders 18 against 10 (+80%), revenue 300 against 200 (+50%), customers 15 against 10.
            #expect(text.contains("<span class=\"label\">Orders</span><span class=\"value\">18</span>"))
            #expect(text.contains("up +80.0% on the previous 30 days"))
            #expect(text.contains("up +50.0% on the previous 30 days"))
            #expect(text.contains("down −10.0% on the previous 30 days"), "9 new customers against 10")
            // Retention: 6 of the 10 who ordered before came back; nobody ordered before the previous period.
            #expect(text.contains("<span class=\"label\">Customer retention rate</span><span class=\"value\">60.0%</span>"))
            #expect(text.contains("no previous figure to compare"))
            let quiet = try await browser.get("\(browser.base)/overview?from=2026-08-20&to=2026-09-09")
            #expect(quiet.text.contains("none in the previous 20 days"), "the first orders (Aug 26) against an empty period before")
            // NPS 50 (3 promoters, 1 detractor of 4) against 0 (1 and 1 of 2).
            #expect(text.contains("<span class=\"label\">NPS</span><span class=\"value\">50.0</span>"))
            #expect(text.contains("up +50.0 on the previous 30 days"))
            #expect(text.components(separatedBy: "class=\"spark\"").count - 1 == 10, "a sparkline per key figure")
            #expect(text.contains("<title id=\"cohort-heatmap-title\">"))
            #expect(text.contains("2026-09, 1 month later: 33.3% of 9"))
            #expect(text.contains("<title id=\"nps-trend-title\">") && text.contains("<title id=\"csat-trend-title\">"))
            #expect(text.contains("No customer has entered a journey yet."))
            #expect(!text.contains("&lt;svg") && !text.contains("&lt;td"), "no markup shown as text")

            let kpis = try await browser.get("\(browser.base)/overview?\(Self.range)&table=kpis&format=csv")
            #expect(kpis.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = kpis.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("Figure,Value,Sample,95% interval,Previous period,Change,09-15–09-17,09-18–09-20,") == true)
            // 30 days in steps of 3: the six returns (day 5), the nine first orders (day 10), the three second ones (day 25).
            #expect(lines.contains("Orders,18,18,,10,'+80.0%,0,6,0,9,0,0,0,0,3,0"), "a leading + is defused as in every CSV cell")
            let cohorts = try await browser.get("\(browser.base)/overview?\(Self.range)&table=cohorts&format=csv")
            #expect(cohorts.text.contains("2026-09,9,33.3%"))
            let trends = try await browser.get("\(browser.base)/overview?\(Self.range)&table=trends&format=csv")
            #expect(trends.text.contains("2026-09-21,2026-09-23,50.0,4,,0"), "the NPS answers of day 6")
            #expect(trends.text.contains("2026-09-24,2026-09-26,,0,66.7%,3"), "the CSAT answers of day 11")
            let figures = try await browser.get("\(browser.base)/overview?\(Self.range)&table=figures&format=csv")
            #expect(figures.text.contains("Repeat purchase rate,20.0%,15,"), "3 of 15 ordered twice in the period")
            #expect(try await browser.get("\(browser.base)/overview?\(Self.range)&table=nope&format=csv").status == .notFound)
        }
    }

    @Test("bad dates answer 400 with the field and the form; the store filter keeps the period; another organisation's store is 404",
        arguments: Backend.enabled)
    func filters(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            try await browser.login()
            let bad = try await browser.get("\(browser.base)/overview?from=2026-13-01")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("from: &#39;2026-13-01&#39; is not a YYYY-MM-DD date"))
            #expect(bad.text.contains("action=\"/admin/dashboard\""))
            let backwards = try await browser.get("\(browser.base)/overview?from=2026-10-01&to=2026-09-01")
            #expect(backwards.status == .badRequest && backwards.text.contains("to: must be after from"))
            let hostile = try await browser.get("\(browser.base)/overview?from=%3Cscript%3E")
            #expect(hostile.status == .badRequest && hostile.text.contains("&lt;script&gt;") && !hostile.text.contains("<script>"))
            let persona = try await browser.get("\(browser.base)/journey-map?persona=%3Cb%3Ewho")
            #expect(persona.status == .badRequest && persona.text.contains("persona: &#39;&lt;b&gt;who&#39; is not everyone or an RFM segment"))

            let empty = try await browser.get("\(browser.base)/overview")
            #expect(empty.status == .ok && empty.text.contains("(90 days, UTC)"))
            #expect(empty.text.contains("<option value=\"\(browser.store.id)\" selected>shop</option>"))
            #expect(!empty.text.contains(">other</option>"), "only the organisation's stores")

            let go = try await browser.get("/admin/dashboard?store=\(browser.store.id)&page=journey-map&\(Self.range)&persona=loyal")
            #expect(go.status == .seeOther)
            #expect(go.location == "\(browser.base)/journey-map?\(Self.range)&persona=loyal")
            #expect(try await browser.get("/admin/dashboard?store=\(browser.store.id)&page=customers&from=2026-01-01").location == "\(browser.base)/customers")
            let customers = try await browser.get("\(browser.base)/customers")
            #expect(customers.text.contains("<input type=\"hidden\" name=\"page\" value=\"customers\">"))
            #expect(!customers.text.contains("name=\"from\""), "the customers page reads the last refresh, not a period")
            #expect(try await browser.get("/admin/dashboard?store=\(browser.rival.id)&page=overview").status == .notFound)
            #expect(try await browser.get("/admin/dashboard?store=\(browser.store.id)&page=outbox").status == .notFound)
            #expect(try await browser.get("/admin/stores/\(browser.rival.id)/overview").status == .notFound)
            #expect(try await browser.get("/admin/stores/\(browser.store.id)").location == "\(browser.base)/overview")
        }
    }
}
