import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

/// The merchant team's side of customer care, through the admin pages as a person uses them:
/// opening a ticket by hand, working it to resolution (and the CSAT that follows), moving a
/// return to its refund, moderating and answering reviews.
@Suite("Admin: tickets, returns and reviews worked through the pages")
struct AdminCareTests {
    /// A customer with an order of two lines (25.00 each) in the admin's store, and one in the rival's.
    static func seed(_ admin: AdminBrowser) async throws {
        var customer = Fixtures.customer(admin.store)
        customer.firstName = "<b>Ada</b>"
        _ = try await admin.storage.ingest(
            IngestBatch(
                storeID: admin.store.id, origin: .live, customers: [customer, Fixtures.customer(admin.store, key: "c2")],
                orders: [Fixtures.order(admin.store), Fixtures.order(admin.store, key: "1002", customer: "c2")]),
            now: Fixtures.t0)
        _ = try await admin.storage.ingest(
            IngestBatch(
                storeID: admin.rival.id, origin: .live, customers: [Fixtures.customer(admin.rival, key: "r1")],
                orders: [Fixtures.order(admin.rival, key: "2001", customer: "r1", currency: .eur)]),
            now: Fixtures.t0)
    }

    @Test("an agent opens a ticket for a phone call: found by e-mail, tied to the order, once per form", arguments: Backend.enabled)
    func agentOpensTicket(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { admin in
            try await Self.seed(admin)
            try await admin.login()
            let inbox = try await admin.get("\(admin.base)/tickets")
            #expect(inbox.text.contains("href=\"\(admin.base)/tickets/new\""))
            let form = try await admin.get("\(admin.base)/tickets/new")
            #expect(form.status == .ok && form.text.contains("<label for=\"subject\">"))
            let ref = try #require(Self.hidden("ref", in: form.text))
            let fields = [
                ("csrf", form.csrf ?? ""), ("ref", ref), ("customer", "C1@Example.com"), ("order", "#1001"),
                ("subject", "Called about <script>alert(1)</script>"), ("message", "Wants to change the address"),
                ("priority", "high"),
            ]
            let opened = try await admin.request(.post, "\(admin.base)/tickets/new", form: fields)
            #expect(opened.status == .seeOther)
            let location = try #require(opened.location)
            let key = try #require(location.split(separator: "/").last.map(String.init))
            let (ticket, messages) = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: key))
            #expect(ticket.source == .admin && ticket.customerKey == "c1" && ticket.email == "c1@example.com")
            #expect(ticket.orderKey == "1001" && ticket.priority == .high && ticket.status == .open)
            #expect(messages.first?.author == AdminBrowser.email && messages.first?.body == "Wants to change the address")
            let page = try await admin.get(location)
            #expect(page.status == .ok && page.text.contains("&lt;script&gt;alert(1)") && !page.text.contains("<script>"))
            #expect(try await admin.storage.outbox(storeID: admin.store.id, status: nil, limit: 10).isEmpty, "nothing e-mailed until a reply")

            let again = try await admin.request(.post, "\(admin.base)/tickets/new", form: fields)
            #expect(again.status == .seeOther && again.location == location, "a form sent twice opens one ticket")
            #expect(try await admin.storage.tickets(storeID: admin.store.id, statuses: [.open], limit: 10).count == 1)

            // Only the order: the ticket finds its customer through it.
            let byOrder = try await admin.request(
                .post, "\(admin.base)/tickets/new",
                form: [("csrf", form.csrf ?? ""), ("ref", "ref-2"), ("order", "1002"), ("subject", "Refund?"), ("message", "Asked by phone")])
            let second = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: String(byOrder.location?.split(separator: "/").last ?? "")))
            #expect(second.ticket.customerKey == "c2" && second.ticket.email == "c2@example.com" && second.ticket.priority == .normal)
            // Someone not yet a customer, by e-mail only.
            let stranger = try await admin.request(
                .post, "\(admin.base)/tickets/new",
                form: [("csrf", form.csrf ?? ""), ("ref", "ref-3"), ("customer", "new@example.org"), ("subject", "Wholesale"), ("message", "Do you sell wholesale?")])
            let third = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: String(stranger.location?.split(separator: "/").last ?? "")))
            #expect(third.ticket.customerKey == nil && third.ticket.email == "new@example.org")
        }
    }

    @Test("the new-ticket form refuses bad input with the field at fault, filled in again; CSRF and other stores guarded", arguments: Backend.enabled)
    func agentTicketBadInput(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { admin in
            try await Self.seed(admin)
            try await admin.login()
            let form = try await admin.get("\(admin.base)/tickets/new")
            let csrf = form.csrf ?? ""
            func post(_ fields: [(String, String)]) async throws -> AdminBrowser.Page {
                try await admin.request(.post, "\(admin.base)/tickets/new", form: [("csrf", csrf), ("ref", "r-1")] + fields)
            }
            let unknown = try await post([("customer", "nobody <x>"), ("subject", "S <i>"), ("message", "M")])
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("customer: no customer with this e-mail or id"))
            #expect(unknown.text.contains("value=\"nobody &lt;x&gt;\"") && unknown.text.contains("value=\"S &lt;i&gt;\""), "the form comes back filled in, escaped")
            let rivalOrder = try await post([("order", "2001"), ("subject", "S"), ("message", "M")])
            #expect(rivalOrder.status == .unprocessableContent && rivalOrder.text.contains("no order #2001 in this store"))
            let notTheirs = try await post([("customer", "c1"), ("order", "1002"), ("subject", "S"), ("message", "M")])
            #expect(notTheirs.status == .unprocessableContent && notTheirs.text.contains("belongs to another customer"))
            let noSubject = try await post([("subject", "  "), ("message", "M")])
            #expect(noSubject.status == .unprocessableContent && noSubject.text.contains("subject:"))
            let tooLong = try await post([("subject", "S"), ("message", String(repeating: "x", count: 10_001))])
            #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("message:"))
            let damaged = try await admin.request(
                .post, "\(admin.base)/tickets/new", form: [("csrf", csrf), ("ref", "<x>"), ("subject", "S"), ("message", "M")])
            #expect(damaged.status == .unprocessableContent && damaged.text.contains("form: the form is damaged"))
            let noCSRF = try await admin.request(
                .post, "\(admin.base)/tickets/new", form: [("ref", "r-9"), ("subject", "S"), ("message", "M")])
            #expect(noCSRF.status == .forbidden)
            #expect(try await admin.get("/admin/stores/\(admin.rival.id)/tickets/new").status == .notFound)
            let rivalPost = try await admin.request(
                .post, "/admin/stores/\(admin.rival.id)/tickets/new", form: [("csrf", csrf), ("ref", "r-8"), ("subject", "S"), ("message", "M")])
            #expect(rivalPost.status == .notFound)
            #expect(try await admin.storage.tickets(storeID: admin.store.id, statuses: TicketStatus.allCases, limit: 10).isEmpty)
            #expect(try await admin.storage.tickets(storeID: admin.rival.id, statuses: TicketStatus.allCases, limit: 10).isEmpty)
        }
    }

    @Test("status, priority and assignee saved; resolving asks CSAT by e-mail, unless a survey went out within the interval", arguments: Backend.enabled)
    func resolveAsksCSAT(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { admin in
            try await Self.seed(admin)
            try await admin.login()
            let now = SystemClock().now()
            func open(_ ref: String, customer: String) async throws -> Ticket {
                try await admin.storage.openTicket(
                    NewTicket(
                        storeID: admin.store.id, customerKey: customer, email: "\(customer)@example.com", orderKey: nil,
                        subject: "Where is it?", body: "?", author: customer, priority: .normal, source: .api, sourceRef: ref,
                        createdAt: now, firstResponseDue: now.adding(seconds: 3_600))
                ).ticket
            }
            let first = try await open("a", customer: "c1")
            let page = "\(admin.base)/tickets/\(first.key)"
            let detail = try await admin.get(page)
            let note = try await admin.request(
                .post, "\(page)/note", form: [("csrf", detail.csrf ?? ""), ("body", "Carrier says <b>lost</b> & found")])
            #expect(note.status == .seeOther)
            let withNote = try await admin.get(page)
            #expect(withNote.text.contains("Internal note") && withNote.text.contains("Carrier says &lt;b&gt;lost&lt;/b&gt; &amp; found"))
            #expect(try await admin.storage.outbox(storeID: admin.store.id, status: nil, limit: 10).isEmpty, "a note is never e-mailed")

            let bad = try await admin.request(
                .post, "\(page)/update", form: [("csrf", detail.csrf ?? ""), ("status", "sleeping"), ("priority", "high")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("choose a status and a priority"))
            let assigned = try await admin.request(
                .post, "\(page)/update",
                form: [("csrf", detail.csrf ?? ""), ("status", "pending"), ("priority", "urgent"), ("assignee", "bob@acme.test")])
            #expect(assigned.status == .seeOther)
            var stored = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: first.key)).ticket
            #expect(stored.status == .pending && stored.priority == .urgent && stored.assignee == "bob@acme.test")
            #expect(try await admin.storage.outbox(storeID: admin.store.id, status: nil, limit: 10).isEmpty, "no CSAT before resolution")

            let resolved = try await admin.request(
                .post, "\(page)/update",
                form: [("csrf", detail.csrf ?? ""), ("status", "resolved"), ("priority", "urgent"), ("assignee", "bob@acme.test")])
            #expect(resolved.status == .seeOther)
            stored = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: first.key)).ticket
            #expect(stored.status == .resolved)
            let mail = try await admin.storage.outbox(storeID: admin.store.id, status: nil, limit: 10)
            #expect(mail.count == 1 && mail.first?.recipient == "c1@example.com" && mail.first?.subject == "How did we do? [#\(first.number)]")
            // The customer answers from the e-mail: the link asks to confirm, the POST records.
            let line = try #require(mail.first?.text.split(separator: "\n").first { $0.hasPrefix("5 ") })
            let url = try #require(line.range(of: "http://localhost:8080").map { String(line[$0.upperBound...]) })
            let confirm = try await admin.get(url)
            #expect(confirm.status == .ok && confirm.text.contains("Confirm 5"))
            let answered = try await admin.request(
                .post, String(url.prefix { $0 != "?" }), form: [("csrf", confirm.csrf ?? ""), ("score", "5")])
            #expect(answered.status == .ok)
            let asked = try await admin.storage.feedback(
                storeID: admin.store.id, key: FeedbackRecord.key(kind: .csat, touchpoint: .ticket, subjectKey: first.key))
            #expect(asked?.score == 5 && asked?.status == "answered")
            // Saving the resolved ticket again asks nothing more.
            _ = try await admin.request(
                .post, "\(page)/update", form: [("csrf", detail.csrf ?? ""), ("status", "resolved"), ("priority", "low")])
            #expect(try await admin.storage.outbox(storeID: admin.store.id, status: nil, limit: 10).count == 1)

            // The same customer's next ticket, resolved within the survey interval: not asked, and the ticket says so.
            let second = try await open("b", customer: "c1")
            _ = try await admin.request(
                .post, "\(admin.base)/tickets/\(second.key)/update",
                form: [("csrf", detail.csrf ?? ""), ("status", "resolved"), ("priority", "normal")])
            #expect(try await admin.storage.outbox(storeID: admin.store.id, status: nil, limit: 10).count == 1)
            let thread = try #require(try await admin.storage.ticket(storeID: admin.store.id, key: second.key)).messages
            #expect(thread.contains { $0.kind == .system && $0.body.contains("CSAT not asked") })
            let secondPage = try await admin.get("\(admin.base)/tickets/\(second.key)")
            #expect(secondPage.text.contains("CSAT not asked: the customer had a survey within 30 days"))
        }
    }

    @Test("a return moves requested, approved, received, refunded: the refund of its lines and its event; another is rejected", arguments: Backend.enabled)
    func returnsToRefund(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { admin in
            try await Self.seed(admin)
            let requested = Fixtures.t0.adding(seconds: 86_400)
            _ = try await admin.storage.ingest(
                IngestBatch(
                    storeID: admin.store.id, origin: .live,
                    returns: [
                        Return(
                            storeID: admin.store.id, key: "r1", orderKey: "1001", status: .requested, reason: "Too <small>",
                            requestedAt: requested, lines: [ReturnLine(lineKey: "2", quantity: 1, reason: "Too <small>")]),
                        Return(
                            storeID: admin.store.id, key: "r2", orderKey: "1002", status: .requested, reason: "Changed mind",
                            requestedAt: requested, lines: [ReturnLine(lineKey: "1", quantity: 1)]),
                    ]),
                now: requested)
            try await admin.login()
            let list = try await admin.get("\(admin.base)/returns")
            #expect(list.status == .ok && list.text.contains("Too &lt;small&gt;") && list.text.contains("1 × Item 2"))
            let action = "\(admin.base)/returns/1001/r1"
            func move(_ status: String, _ path: String) async throws -> AdminBrowser.Page {
                try await admin.request(.post, path, form: [("csrf", list.csrf ?? ""), ("status", status)])
            }
            func status(_ order: String, _ key: String) async throws -> ReturnStatus? {
                try await admin.storage.order(storeID: admin.store.id, key: order)?.returns.first { $0.key == key }?.status
            }
            for step in ["approved", "received"] {
                #expect(try await move(step, action).status == .seeOther)
                #expect(try await status("1001", "r1")?.rawValue == step)
            }
            #expect(try await admin.storage.order(storeID: admin.store.id, key: "1001")?.refunds.isEmpty == true, "no refund before the refund step")
            #expect(try await move("refunded", action).status == .seeOther)
            let detail = try #require(try await admin.storage.order(storeID: admin.store.id, key: "1001"))
            #expect(detail.returns.first?.status == .refunded)
            #expect(detail.refunds.count == 1 && detail.refunds.first?.amount == 2500 && detail.refunds.first?.lines.first?.lineKey == "2")
            let events = try #require(try await admin.storage.customer(storeID: admin.store.id, key: "c1", eventLimit: 50)).events
            #expect(events.filter { $0.type == "refund.created" }.count == 1)
            #expect(try await move("refunded", action).status == .seeOther)
            #expect(try await admin.storage.order(storeID: admin.store.id, key: "1001")?.refunds.count == 1, "refunding again adds nothing")

            #expect(try await move("rejected", "\(admin.base)/returns/1002/r2").status == .seeOther)
            #expect(try await status("1002", "r2") == .rejected)
            #expect(try await admin.storage.order(storeID: admin.store.id, key: "1002")?.refunds.isEmpty == true)
            let after = try await admin.get("\(admin.base)/returns")
            #expect(after.text.contains("No open returns."), "refunded and rejected returns leave the open list")

            #expect(try await move("lost", action).status == .unprocessableContent)
            #expect(try await move("approved", "\(admin.base)/returns/1001/nope").status == .notFound)
            #expect(try await move("approved", "/admin/stores/\(admin.rival.id)/returns/1001/r1").status == .notFound)
            let noCSRF = try await admin.request(.post, "\(admin.base)/returns/1002/r2", form: [("status", "approved")])
            #expect(noCSRF.status == .forbidden)
            #expect(try await status("1002", "r2") == .rejected)
        }
    }

    @Test("moderation queue escaped; publish and reply; the reply shows in the widget and its JSON", arguments: Backend.enabled)
    func reviewsModeratedAndAnswered(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { admin in
            try await Self.seed(admin)
            let held = ReviewRecord(
                storeID: admin.store.id, orderKey: "1001", customerKey: "c1", sku: "SKU-1", author: "<b>Ada</b> L.", stars: 2,
                title: "<script>x()</script>", body: "see http://spam.example <img src=x>", status: "pending", flags: ["link"],
                createdAt: Fixtures.t0)
            _ = try await admin.storage.submitReview(held, ticket: nil, event: nil)
            try await admin.login()
            let queue = try await admin.get("\(admin.base)/reviews")
            #expect(queue.status == .ok && queue.text.contains("&lt;script&gt;x()") && queue.text.contains("&lt;img src=x&gt;"))
            #expect(queue.text.contains("&lt;b&gt;Ada") && !queue.text.contains("<script>") && !queue.text.contains("<img"))
            #expect(queue.text.contains("Flagged:") && queue.text.contains("<li>link</li>"))
            #expect(queue.text.contains("<ol class=\"inbox\"><li class=\"card\">") && !queue.text.contains("HTML(raw:"), "markup of the page is markup, not text")
            #expect(!(try await admin.get("/reviews/shop/SKU-1.json").text.contains("aggregateRating")), "held back until published")

            let action = "\(admin.base)/reviews/\(held.key)"
            #expect(try await admin.request(.post, action, form: [("csrf", queue.csrf ?? ""), ("status", "published")]).status == .seeOther)
            let reply = try await admin.request(
                .post, action, form: [("csrf", queue.csrf ?? ""), ("reply", "Sorry <3, we'll make it right")])
            #expect(reply.status == .seeOther)
            let published = try await admin.get("\(admin.base)/reviews?status=published")
            #expect(published.text.contains("Sorry &lt;3, we&#39;ll make it right"))

            let widget = try await admin.get("/reviews/shop/SKU-1")
            #expect(widget.status == .ok && widget.text.contains("Reply from") && widget.text.contains("Sorry &lt;3"))
            #expect(!widget.text.contains("<script>x()"))
            let json = try await admin.get("/reviews/shop/SKU-1.json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            let rating = object["aggregateRating"] as? [String: Any]
            #expect((rating?["reviewCount"] as? Int) == 1)
            let reviews = object["review"] as? [[String: Any]]
            #expect(reviews?.first?["merchantReply"] as? String == "Sorry <3, we'll make it right")

            let tooLong = try await admin.request(
                .post, action, form: [("csrf", queue.csrf ?? ""), ("reply", String(repeating: "y", count: 2_001))])
            #expect(tooLong.status == .unprocessableContent)
            #expect(try await admin.request(.post, action, form: [("csrf", queue.csrf ?? ""), ("status", "hidden")]).status == .unprocessableContent)
            #expect(try await admin.request(.post, "\(admin.base)/reviews/nope", form: [("csrf", queue.csrf ?? ""), ("status", "rejected")]).status == .notFound)
            #expect(try await admin.request(.post, action, form: [("status", "rejected")]).status == .forbidden)
            #expect(try await admin.request(.post, "/admin/stores/\(admin.rival.id)/reviews/\(held.key)", form: [("csrf", queue.csrf ?? ""), ("status", "rejected")]).status == .notFound)
            #expect(try await admin.storage.review(storeID: admin.store.id, key: held.key)?.status == "published")
        }
    }

    /// The value of the hidden field `name`.
    static func hidden(_ name: String, in text: String) -> String? {
        guard let range = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
