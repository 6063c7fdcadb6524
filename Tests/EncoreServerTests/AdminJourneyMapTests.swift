import EncoreCore
import EncoreJourneys
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import EncoreServer

@Suite("Admin: the journey map page, its SVG, table and exports")
struct AdminJourneyMapTests {
    static let range = "from=2024-01-01&to=2025-03-01"

    @Test("the map as SVG with a title and a table, persona tabs, CSV and JSON exports; bad filters and other stores refused",
        arguments: Backend.enabled)
    func page(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            try await PredictionRefreshTests.seed(browser.storage, browser.store)
            _ = try await PredictionRefresher(storage: browser.storage).refresh(
                store: browser.store, now: PredictionRefreshTests.at(PredictionRefreshTests.today))
            try await browser.login()
            let page = try await browser.get("\(browser.base)/journey-map?\(Self.range)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(page.text.contains("role=\"img\" aria-labelledby=\"journey-map-title journey-map-desc\""))
            #expect(page.text.contains("<title id=\"journey-map-title\">Journey map: everyone, 150 customers</title>"))
            #expect(page.text.contains("<caption>Touchpoints of the journey map (everyone)</caption>"))
            #expect(page.text.contains("<td>order:first</td>"))
            #expect(page.text.contains("aria-current=\"page\">everyone</a>"))
            #expect(!page.text.contains("<script"), "no script on the page")
            #expect(!page.text.contains("&lt;p") && !page.text.contains("&lt;ol"), "markup is markup, not text")
            #expect(page.text.contains("<h2 id=\"opportunities\">"))
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)

            let csv = try await browser.get("\(browser.base)/journey-map?\(Self.range)&format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("attachment; filename=\"journey-map-shop-everyone.csv\"") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "stage,touchpoint,channel,visits,customers,emotion,signals,stage_drop_off")
            #expect(lines.contains { $0.hasPrefix("purchase,order:first,web,") })
            #expect(lines.contains { $0.hasPrefix("repurchase,order:again,web,") })

            let json = try await browser.get("\(browser.base)/journey-map?\(Self.range)&format=json")
            #expect(json.headers[.contentType] == "application/json")
            #expect(json.text.contains("\"persona\":\"everyone\""))

            let persona = try #require(
                try await browser.storage.predictions(storeID: browser.store.id, limit: 1).first?.rfmSegment)
            let tab = try await browser.get("\(browser.base)/journey-map?persona=\(persona)&\(Self.range)")
            #expect(tab.status == .ok && tab.text.contains("Journey map: \(persona), "))

            let bad = try await browser.get("\(browser.base)/journey-map?from=yesterday&persona=%3Cscript%3E")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("from: &#39;yesterday&#39; is not a YYYY-MM-DD date") || bad.text.contains("from: &#x27;yesterday&#x27;"))
            #expect(bad.text.contains("&lt;script&gt;") && !bad.text.contains("<script>"))
            #expect(try await browser.get("/admin/stores/\(browser.rival.id)/journey-map").status == .notFound)
        }
    }

    @Test("CSV fields: quoted when they must be, formulas defused")
    func csvFields() {
        #expect(CSVExport.field("plain") == "plain")
        #expect(CSVExport.field("a,b") == "\"a,b\"")
        #expect(CSVExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVExport.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVExport.field("-0.25") == "-0.25", "a negative number stays a number")
        #expect(CSVExport.field("@cmd") == "'@cmd")
        #expect(CSVExport.render(header: ["a", "b"], rows: [["1", "x\ny"]]) == "a,b\r\n1,\"x\ny\"\r\n")
    }
}
