import EncoreCore
import EncoreJourneys
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import EncoreServer

@Suite("Admin: customers by predicted value and a customer's profile")
struct AdminCustomersTests {
    @Test("the list by predicted value, search, the profile's prediction, orders, messages, feedback and tickets, CSV of each table",
        arguments: Backend.enabled)
    func customers(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let storage = browser.storage
            let store = browser.store
            try await PredictionRefreshTests.seed(storage, store)
            var hostile = Fixtures.customer(store, key: "c0")
            hostile.firstName = "<script>alert(1)</script>"
            _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .historical, customers: [hostile]), now: Fixtures.t0)
            _ = try await PredictionRefresher(storage: storage).refresh(store: store, now: PredictionRefreshTests.at(PredictionRefreshTests.today))
            try await browser.login()

            let list = try await browser.get("\(browser.base)/customers")
            #expect(list.status == .ok)
            #expect(list.text.contains("<caption>Customers by predicted 12-month value (the last predictions refresh)</caption>"))
            let top = try #require(try await storage.predictions(storeID: store.id, limit: 1).first)
            #expect(list.text.contains("<td><a href=\"\(browser.base)/customers/\(top.customerKey)\">\(top.customerKey)</a></td>"))
            let csv = try await browser.get("\(browser.base)/customers?table=customers&format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.split(separator: "\r\n").count == 151, "a header and 150 customers")

            #expect(list.text.contains("<title id=\"clv-deciles-title\">Mean predicted 12-month value per CLV decile</title>"))
            let deciles = try await storage.predictionDeciles(storeID: store.id)
            #expect(deciles.map(\.decile) == Array(1...10))
            #expect(deciles.reduce(0) { $0 + $1.customers } == 150)
            #expect(zip(deciles, deciles.dropFirst()).allSatisfy { $0.high <= $1.low + 1e-9 })
            let decileCSV = try await browser.get("\(browser.base)/customers?table=clv-deciles&format=csv")
            #expect(decileCSV.text.hasPrefix("Decile,Customers,Lowest,Highest,Mean,Total\r\n1,"))
            let found = try await browser.get("\(browser.base)/customers?q=c0%40example.com")
            #expect(found.status == .seeOther && found.headers[.location] == "\(browser.base)/customers/c0")
            let missing = try await browser.get("\(browser.base)/customers?q=%3Cb%3Enobody")
            #expect(missing.status == .notFound && missing.text.contains("&lt;b&gt;nobody") && !missing.text.contains("<b>nobody"))

            let profile = try await browser.get("\(browser.base)/customers/c0")
            #expect(profile.status == .ok)
            #expect(profile.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !profile.text.contains("<script>"))
            let p = try #require(try await storage.prediction(storeID: store.id, customerKey: "c0"))
            #expect(profile.text.contains("<td>P(alive)</td><td class=\"n\">\(String(format: "%.3f", p.pAlive))</td>"))
            #expect(profile.text.contains("<caption>Orders</caption>"))
            #expect(profile.text.contains("<td>#c0-0</td>"))
            for caption in ["Messages, newest first", "Feedback", "Support tickets", "What the lifetime models say"] {
                #expect(profile.text.contains("<caption>\(caption)</caption>") || profile.text.contains("No "), "\(caption)")
            }
            let orders = try await browser.get("\(browser.base)/customers/c0?table=orders&format=csv")
            let lines = orders.text.split(separator: "\r\n")
            #expect(lines.first == "Order,Placed,Total,Status")
            #expect(lines.count == 1 + Array(stride(from: PredictionRefreshTests.startDay, through: PredictionRefreshTests.today, by: 20)).count)
            #expect(try await browser.get("\(browser.base)/customers/c0?table=nope&format=csv").status == .notFound)
            #expect(try await browser.get("\(browser.base)/customers/nobody").status == .notFound)
            #expect(try await browser.get("/admin/stores/\(browser.rival.id)/customers/c0").status == .notFound)
        }
    }
}
