import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("One-click surveys, the preference centre, tracking, and the admin's view of free text")
struct CarePagesTests {
    @Test("a survey link's GET only asks to confirm; the POST records; a dismissal is kept apart", arguments: Backend.enabled)
    func oneClick(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let nps = browser.link(.nps)
            let confirm = try await browser.get(nps + "?score=9")
            #expect(confirm.status == .ok && confirm.text.contains("Confirm 9"))
            let key = FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: "1001")
            #expect(try await browser.storage.feedback(storeID: browser.store.id, key: key) == nil, "a mail scanner's GET records nothing")
            let done = try await browser.request(.post, nps, form: [("csrf", confirm.csrf ?? ""), ("score", "9")])
            #expect(done.status == .ok && done.text.contains("9 out of 10") && done.text.contains("main reason"))
            let bad = try await browser.request(.post, nps, form: [("csrf", confirm.csrf ?? ""), ("score", "11")])
            #expect(bad.status == .unprocessableContent)
            #expect(try await browser.storage.feedback(storeID: browser.store.id, key: key)?.score == 9)

            let ticket = try await browser.storage.openTicket(
                NewTicket(
                    storeID: browser.store.id, customerKey: "c1", email: "c1@example.com", orderKey: "1001", subject: "Help",
                    body: "?", author: "Ada", priority: .normal, source: .api, sourceRef: "api-1", createdAt: CareBrowser.now,
                    firstResponseDue: CareBrowser.now))
            let csat = browser.link(.csat, target: "ticket:\(ticket.ticket.key)")
            let page = try await browser.get(csat)
            let dismissed = try await browser.request(.post, csat, form: [("csrf", page.csrf ?? ""), ("dismiss", "1")])
            #expect(dismissed.status == .ok && dismissed.text.contains("won't ask"))
            let record = try await browser.storage.feedback(
                storeID: browser.store.id, key: FeedbackRecord.key(kind: .csat, touchpoint: .ticket, subjectKey: ticket.ticket.key))
            #expect(record?.status == "dismissed" && record?.score == nil)
            #expect(try await browser.get(browser.link(.csat, order: nil)).status == .notFound, "a CSAT link needs a subject")
        }
    }

    @Test("preferences: consent per channel and purpose, export as JSON, erasure after confirmation", arguments: Backend.enabled)
    func preferences(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let prefs = browser.link(.preferences, order: nil)
            let page = try await browser.get(prefs)
            #expect(page.status == .ok && page.text.contains("News and offers by e-mail"))
            let saved = try await browser.request(.post, prefs, form: [("csrf", page.csrf ?? ""), ("email.feedback", "on")])
            #expect(saved.status == .seeOther)
            let customer = try #require(try await browser.storage.customer(storeID: browser.store.id, key: "c1", eventLimit: 0)).customer
            #expect(customer.consents.contains { $0.channel == .email && $0.purpose == .marketing && !$0.granted })
            #expect(customer.consents.contains { $0.channel == .email && $0.purpose == .feedback && $0.granted })
            #expect(try await browser.storage.suppressions(storeID: browser.store.id, channel: .email).map(\.address) == ["c1@example.com"])
            let reloaded = try await browser.get(prefs)
            #expect(reloaded.text.contains("name=\"email.marketing\" value=\"on\">"), "unticked after reload")

            let export = try await browser.get(prefs + "/export")
            #expect(export.status == .ok && export.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(export.text.contains("\"email\":\"c1@example.com\"") && export.text.contains("\"orders\":["))

            let asked = try await browser.request(.post, prefs + "/erase", form: [("csrf", reloaded.csrf ?? "")])
            #expect(asked.status == .ok && asked.text.contains("Check your inbox"))
            let mail = try await browser.storage.outbox(storeID: browser.store.id, status: .pending, limit: 5)
            let link = try #require(mail.first?.text.split(separator: "\n").first { $0.hasPrefix("http://encore.test/erase/") })
            let erase = String(link.dropFirst("http://encore.test".count))
            #expect(try await browser.storage.customer(storeID: browser.store.id, key: "c1", eventLimit: 0)?.customer.email != nil, "nothing erased before confirmation")
            let confirm = try await browser.get(erase)
            let erased = try await browser.request(.post, erase, form: [("csrf", confirm.csrf ?? "")])
            #expect(erased.status == .ok && erased.text.contains("erased"))
            let after = try #require(try await browser.storage.customer(storeID: browser.store.id, key: "c1", eventLimit: 0))
            #expect(after.customer.email == nil && after.orders.first?.total == 5000)
        }
    }

    @Test("tracking by order number and e-mail; a wrong pair learns nothing", arguments: Backend.enabled)
    func tracking(_ backend: Backend) async throws {
        try await CareBrowser.run(backend) { browser in
            let form = try await browser.get("/track/shop")
            #expect(form.status == .ok && browser.cookies["encore_visitor"] != nil)
            let found = try await browser.request(
                .post, "/track/shop", form: [("csrf", form.csrf ?? ""), ("number", "#1001"), ("email", "C1@example.com")])
            #expect(found.status == .ok && found.text.contains("Delivered") && found.text.contains("Portland"))
            let wrong = try await browser.request(
                .post, "/track/shop", form: [("csrf", form.csrf ?? ""), ("number", "1001"), ("email", "x@example.com")])
            #expect(wrong.text.contains("We found no order") && !wrong.text.contains("Portland"))
            browser.cookies = [:]
            let noCookie = try await browser.request(
                .post, "/track/shop", form: [("csrf", form.csrf ?? ""), ("number", "1001"), ("email", "c1@example.com")])
            #expect(noCookie.status == .forbidden)
            #expect(try await browser.get("/track/nope").status == .notFound)
        }
    }

    @Test("the admin shows customers' free text escaped: tickets and reviews", arguments: Backend.enabled)
    func adminEscapes(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { admin in
            try await admin.login()
            let opened = try await admin.storage.openTicket(
                NewTicket(
                    storeID: admin.store.id, customerKey: "c1", email: "c1@example.com", orderKey: nil,
                    subject: "<script>alert(1)</script>", body: "<img src=x onerror=alert(2)>", author: "<b>Eve</b>",
                    priority: .urgent, source: .api, sourceRef: "x", createdAt: Fixtures.t0, firstResponseDue: Fixtures.t0))
            let inbox = try await admin.get("/admin/stores/\(admin.store.id)/tickets")
            #expect(inbox.status == .ok && inbox.text.contains("&lt;script&gt;") && !inbox.text.contains("<script>"))
            #expect(inbox.text.contains("SLA breached"))
            let detail = try await admin.get("/admin/stores/\(admin.store.id)/tickets/\(opened.ticket.key)")
            #expect(detail.text.contains("&lt;img src=x") && detail.text.contains("&lt;b&gt;Eve") && !detail.text.contains("<img"))
            #expect(try await admin.get("/admin/stores/\(admin.rival.id)/tickets/\(opened.ticket.key)").status == .notFound)
            let noCSRF = try await admin.request(
                .post, "/admin/stores/\(admin.store.id)/tickets/\(opened.ticket.key)/note", form: [("body", "hi")])
            #expect(noCSRF.status == .forbidden)
            let replied = try await admin.request(
                .post, "/admin/stores/\(admin.store.id)/tickets/\(opened.ticket.key)/reply",
                form: [("csrf", detail.csrf ?? ""), ("body", "On its way <3")])
            #expect(replied.status == .seeOther)
            let mail = try await admin.storage.outbox(storeID: admin.store.id, status: .pending, limit: 5)
            #expect(mail.first?.recipient == "c1@example.com" && mail.first?.text.contains("On its way <3") == true)
            let after = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: opened.ticket.key))
            #expect(after.ticket.firstResponseAt != nil && after.ticket.status == .pending)
        }
    }
}
