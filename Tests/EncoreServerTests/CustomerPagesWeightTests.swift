import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Every customer page: under 50 KB, no external assets, no script, the strict policy, the store's name")
struct CustomerPagesWeightTests {
    @Test("receipt, expired receipt, survey, preferences, tracking form and result, review widget", arguments: Backend.enabled)
    func everyPage(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let form = try await browser.get("/track/shop")
            let pages: [(String, CareBrowser.Page)] = [
                ("receipt", try await browser.get(browser.link(.receipt))),
                ("expired receipt", try await browser.get(browser.link(.receipt, at: CareBrowser.now.adding(seconds: -181 * 86_400)))),
                ("NPS confirmation", try await browser.get(browser.link(.nps) + "?score=7")),
                ("preferences", try await browser.get(browser.link(.preferences, order: nil))),
                ("tracking form", form),
                (
                    "tracking result",
                    try await browser.request(
                        .post, "/track/shop", form: [("csrf", form.csrf ?? ""), ("number", "1001"), ("email", "c1@example.com")])
                ),
                ("review widget", try await browser.get("/reviews/shop/SKU-1")),
            ]
            for (name, page) in pages {
                #expect(page.status == .ok || page.status == .gone, "\(name): \(page.status)")
                #expect(page.text.utf8.count < 50 * 1024, "\(name): \(page.text.utf8.count) bytes")
                #expect(!page.text.contains("<script") && !page.text.contains("<link "), "\(name): no script, no external stylesheet")
                #expect(!page.text.contains("src=\"http") && !page.text.contains("url(http"), "\(name): nothing loaded from elsewhere")
                #expect(page.text.contains("Acme &lt;Coffee&gt;"), "\(name): the store's name, escaped")
                let policy = page.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("default-src 'none'") && !policy.contains("script-src"), "\(name): \(policy)")
            }
        }
    }
}
