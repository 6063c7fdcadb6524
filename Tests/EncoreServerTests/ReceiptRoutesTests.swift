import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Smart receipt: the page, its forms, and what bad input gets")
struct ReceiptRoutesTests {
    @Test("the receipt itemises the order, shows its status, escapes every value and sends a strict policy", arguments: Backend.enabled)
    func page(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let page = try await browser.get(browser.link(.receipt))
            #expect(page.status == .ok)
            for text in ["Item 1", "Item 2", "$50.00", "Delivered", "Request a return", "Write to us", "How likely"] {
                #expect(page.text.contains(text), "shows \(text)")
            }
            #expect(page.text.contains("&lt;b&gt;Ada&lt;/b&gt;") && !page.text.contains("<b>Ada</b>"))
            #expect(page.text.contains("Acme &lt;Coffee&gt;") && page.text.contains("1Z&lt;i&gt;"))
            #expect(!page.text.contains("<script"))
            let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(page.text.utf8.count < 50 * 1024, "page weight \(page.text.utf8.count) bytes")
            #expect(page.text.contains("@media print"))
            #expect(page.text.contains("--button:#ffcc00") && page.text.contains("--button-text:#111111"), "dark text on a light brand colour")
        }
    }

    @Test("a tampered token, another key and another store's order answer 404 without data", arguments: Backend.enabled)
    func badTokens(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            var tampered = browser.link(.receipt)
            tampered.removeLast(3)
            for uri in [tampered + "AAA", "/r/nonsense", "/r/" + String(repeating: "a", count: 5_000)] {
                let page = try await browser.get(uri)
                #expect(page.status == .notFound)
                #expect(!page.text.contains("Item 1") && !page.text.contains("c1@example.com") && !page.text.contains("Ada"))
            }
            let other = try await CareBrowser.seed(browser.storage, name: "other")
            // A token of this store naming the other store's order finds nothing.
            let crossed = CareBrowser.links.url(
                LinkRequest(purpose: .receipt, storeID: browser.store.id, customerKey: "c1", orderKey: "missing", messageID: nil, issuedAt: CareBrowser.now))
            #expect(try await browser.get(String(crossed.dropFirst(18))).status == .notFound)
            #expect(other.id != browser.store.id)
            // A link for another purpose is not a receipt.
            let preferences = browser.link(.preferences).replacingOccurrences(of: "/p/", with: "/r/")
            #expect(try await browser.get(preferences).status == .notFound)
        }
    }

    @Test("an expired or revoked link offers a fresh one, sent to the address on file", arguments: Backend.enabled)
    func expired(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let old = browser.link(.receipt, at: CareBrowser.now.adding(seconds: -181 * 86_400))
            let page = try await browser.get(old)
            #expect(page.status == .gone)
            #expect(page.text.contains("E-mail me a fresh link") && !page.text.contains("Item 1"))
            let sent = try await browser.request(.post, old + "/resend", form: [("csrf", page.csrf ?? "")])
            #expect(sent.status == .ok && sent.text.contains("Check your inbox"))
            let mail = try await browser.storage.outbox(storeID: browser.store.id, status: .pending, limit: 5)
            #expect(mail.count == 1 && mail[0].recipient == "c1@example.com" && mail[0].text.contains("http://encore.test/r/"))

            let fresh = browser.link(.receipt, at: CareBrowser.now.adding(seconds: -60))
            #expect(try await browser.get(fresh).status == .ok)
            try await browser.storage.revokeLinks(storeID: browser.store.id, orderKey: "1001", now: CareBrowser.now)
            #expect(try await browser.get(fresh).status == .gone, "revoked")
            #expect(try await browser.get(browser.link(.receipt, at: CareBrowser.now.adding(seconds: 1))).status == .ok, "a later link works")
        }
    }

    @Test("NPS: one tap records once, a detractor opens a ticket, the follow-up is kept, a replay changes nothing", arguments: Backend.enabled)
    func nps(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let receipt = browser.link(.receipt)
            let voted = try await browser.submit(from: receipt, to: receipt + "/nps", [("score", "4")])
            #expect(voted.status == .seeOther && voted.location?.hasSuffix("?done=nps") == true)
            let after = try await browser.get(receipt)
            #expect(after.text.contains("4 out of 10") && after.text.contains("What is the main reason"))
            let csrf = after.csrf ?? ""
            let replay = try await browser.request(.post, receipt + "/nps", form: [("csrf", csrf), ("score", "10")])
            #expect(replay.status == .seeOther)
            let reason = try await browser.request(.post, receipt + "/nps/reason", form: [("csrf", csrf), ("reason", "<img src=x onerror=alert(1)>")])
            #expect(reason.status == .seeOther)
            let key = FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: "1001")
            let stored = try #require(try await browser.storage.feedback(storeID: browser.store.id, key: key))
            #expect(stored.score == 4 && stored.reason == "<img src=x onerror=alert(1)>")
            let events = try #require(try await browser.storage.customer(storeID: browser.store.id, key: "c1", eventLimit: 50)).events
            #expect(events.filter { $0.type == "feedback.nps" }.count == 1)
            let tickets = try await browser.storage.tickets(storeID: browser.store.id, statuses: [.open], limit: 5)
            #expect(tickets.count == 1 && tickets[0].source == .feedback && tickets[0].priority == .high)
            #expect(!(try await browser.get(receipt)).text.contains("onerror=alert"))
        }
    }

    @Test("forms need the page's CSRF token; public POSTs are rate limited with 429", arguments: Backend.enabled)
    func csrfAndRateLimit(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let receipt = browser.link(.receipt)
            #expect(try await browser.request(.post, receipt + "/nps", form: [("score", "9")]).status == .forbidden)
            #expect(try await browser.request(.post, receipt + "/nps", form: [("csrf", "1.forged"), ("score", "9")]).status == .forbidden)
            let otherReceipt = browser.link(.receipt, at: CareBrowser.now.adding(seconds: -5))
            let foreign = try await browser.get(otherReceipt).csrf ?? ""
            #expect(try await browser.request(.post, receipt + "/nps", form: [("csrf", foreign), ("score", "9")]).status == .forbidden, "a token is bound to its page")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 {
                statuses.append(try await browser.request(.post, receipt + "/nps/dismiss", form: [("csrf", "x")]).status)
            }
            #expect(statuses.contains(.tooManyRequests))
            let limited = try await browser.request(.post, receipt + "/nps/dismiss", form: [("csrf", "x")])
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect(try await browser.storage.feedback(storeID: browser.store.id, key: "nps:order:1001") == nil)
        }
    }

    @Test("tickets from the receipt: escaped, one per form, oversized text refused", arguments: Backend.enabled)
    func ticket(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let receipt = browser.link(.receipt)
            let csrf = try await browser.get(receipt).csrf ?? ""
            let fields = [("csrf", csrf), ("topic", "damaged"), ("message", "<script>alert('x')</script> broken mug")]
            #expect(try await browser.request(.post, receipt + "/ticket", form: fields).status == .seeOther)
            #expect(try await browser.request(.post, receipt + "/ticket", form: fields).status == .seeOther)
            let tickets = try await browser.storage.tickets(storeID: browser.store.id, customerKey: "c1")
            #expect(tickets.count == 1, "a double submit opens one ticket")
            #expect(tickets[0].priority == .high && tickets[0].firstResponseDue > tickets[0].createdAt)
            let long = try await browser.request(
                .post, receipt + "/ticket", form: [("csrf", csrf), ("topic", "other"), ("message", String(repeating: "é", count: 5_001))])
            #expect(long.status == .unprocessableContent && long.text.contains("at most 5000 characters"))
            let huge = try await browser.request(.post, receipt + "/ticket", raw: "csrf=\(csrf)&message=" + String(repeating: "a", count: 40_000))
            #expect(huge.status == .contentTooLarge)
            let noTopic = try await browser.request(.post, receipt + "/ticket", form: [("csrf", csrf), ("message", "hi")])
            #expect(noTopic.status == .unprocessableContent && noTopic.text.contains("choose a topic"))
            let page = try await browser.get(receipt)
            #expect(page.text.contains("Damaged or wrong item"))
        }
    }

    @Test("returns inside the window, per line, never more than was bought", arguments: Backend.enabled)
    func returns(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let receipt = browser.link(.receipt)
            let csrf = try await browser.get(receipt).csrf ?? ""
            let tooMany = try await browser.request(.post, receipt + "/return", form: [("csrf", csrf), ("qty.1", "2"), ("reason", "Doesn't fit")])
            #expect(tooMany.status == .unprocessableContent)
            let none = try await browser.request(.post, receipt + "/return", form: [("csrf", csrf), ("reason", "Other")])
            #expect(none.status == .unprocessableContent && none.text.contains("choose at least one item"))
            let ok = try await browser.request(.post, receipt + "/return", form: [("csrf", csrf), ("qty.1", "1"), ("reason", "Doesn't fit")])
            #expect(ok.status == .seeOther)
            let detail = try #require(try await browser.storage.order(storeID: browser.store.id, key: "1001"))
            #expect(detail.returns.count == 1 && detail.returns[0].status == .requested && detail.returns[0].lines.first?.quantity == 1)
            let again = try await browser.request(.post, receipt + "/return", form: [("csrf", csrf), ("qty.1", "1"), ("reason", "Other")])
            #expect(again.status == .unprocessableContent, "line 1 is already being returned")
            let page = try await browser.get(receipt)
            #expect(page.text.contains("Return requested"))
        }
        // Forty days after delivery the window is closed: no form, and a forged POST is refused.
        try await CareBrowser.run(backend, clock: FixedClock(Fixtures.t0.adding(seconds: 41 * 86_400))) { browser in
            let receipt = browser.link(.receipt, at: Fixtures.t0.adding(seconds: 41 * 86_400))
            let page = try await browser.get(receipt)
            #expect(!page.text.contains("/return\""), "no return form")
            let late = try await browser.request(.post, receipt + "/return", form: [("csrf", page.csrf ?? ""), ("qty.1", "1"), ("reason", "Other")])
            #expect(late.status == .unprocessableContent && late.text.contains("closed"))
        }
    }

    @Test("reviews: only for products in the order, moderated for links, never for the score", arguments: Backend.enabled)
    func reviews(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let receipt = browser.link(.receipt)
            let csrf = try await browser.get(receipt).csrf ?? ""
            let stranger = try await browser.request(
                .post, receipt + "/review", form: [("csrf", csrf), ("sku", "NOT-BOUGHT"), ("stars", "5"), ("title", "x"), ("body", "y")])
            #expect(stranger.status == .unprocessableContent && stranger.text.contains("not in this order"))
            let low = try await browser.request(
                .post, receipt + "/review",
                form: [("csrf", csrf), ("sku", "SKU-1"), ("stars", "1"), ("title", "<em>Meh</em>"), ("body", "Arrived cold.")])
            #expect(low.status == .seeOther)
            let linked = try await browser.request(
                .post, receipt + "/review",
                form: [("csrf", csrf), ("sku", "SKU-2"), ("stars", "5"), ("title", "Great"), ("body", "Cheaper at www.rival.example")])
            #expect(linked.status == .seeOther)
            let widget = try await browser.get("/reviews/shop/SKU-1")
            #expect(widget.status == .ok && widget.text.contains("&lt;em&gt;Meh&lt;/em&gt;") && widget.text.contains("Verified buyer"))
            #expect(widget.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors *") == true)
            let json = try await browser.get("/reviews/shop/SKU-1.json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            let rating = try #require(object["aggregateRating"] as? [String: Any])
            #expect(rating["@type"] as? String == "AggregateRating" && rating["reviewCount"] as? Int == 1)
            let held = try await browser.get("/reviews/shop/SKU-2.json")
            #expect(!held.text.contains("rival"), "a flagged review waits for moderation")
            let pending = try await browser.storage.reviews(storeID: browser.store.id, status: "pending", limit: 5)
            #expect(pending.count == 1 && pending[0].flags.first?.contains("link") == true)
            let tickets = try await browser.storage.tickets(storeID: browser.store.id, statuses: [.open], limit: 5)
            #expect(tickets.contains { $0.source == .review }, "a 1-star review opens a ticket")
            // The review link in messages leads to the receipt's review section.
            let link = try await browser.get(browser.link(.review))
            let location = try #require(link.location)
            #expect(link.status == .seeOther && location.hasPrefix("/r/") && location.hasSuffix("#reviews-h"))
            let landed = try await browser.get(String(location.dropLast("#reviews-h".count)))
            #expect(landed.status == .ok && landed.text.contains("Review what you bought"))
            #expect(try await browser.get("/review/forged").status == .notFound)
        }
    }
}
