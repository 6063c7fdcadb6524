import EncoreCore
import EncoreJourneys
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite("Admin: pages")
struct AdminPagesTests {
    static let runtime = JourneyRuntime(fallbackSender: "shop@example.com") { link in
        "https://encore.example/\(link.purpose.rawValue)/\(link.messageID ?? "-")"
    }

    static func templates(_ name: String) -> [TemplateSource] {
        [
            TemplateSource(
                name: name, part: .subject, path: "t/\(name).subject.mustache", text: "Thanks {{customer.first_name}}"),
            TemplateSource(
                name: name, part: .html, path: "t/\(name).html.mustache", text: "<p>Hello {{customer.first_name}}</p>"),
            TemplateSource(
                name: name, part: .text, path: "t/\(name).text.mustache", text: "Hello {{customer.first_name}}"),
        ]
    }

    static func placeOrder(
        _ storage: any EncoreStorage, _ store: Store, key: String, customer: String, firstName: String = "Ada",
        at: Timestamp = Fixtures.t0, total: Int64 = 5_000
    ) async throws {
        var order = Fixtures.order(store, key: key, customer: customer, total: total)
        order.placedAt = at
        var person = Fixtures.customer(store, key: customer)
        person.firstName = firstName
        person.timeZone = "UTC"
        person.consents = [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: at)]
        _ = try await storage.ingest(IngestBatch(storeID: store.id, customers: [person], orders: [order]), now: at)
    }

    static let yaml = """
        id: thanks
        name: Thank you
        category: marketing
        holdout: 50
        quiet_hours: { action: ignore }
        trigger: { event: order.placed }
        goal: { event: order.placed, within: 30d }
        steps:
          - id: mail
            send: { channel: email, template: thanks }
          - id: delivered
            wait_for: { event: shipment.delivered, about: order, timeout: 14d, on_timeout: exit }
          - id: ab
            split:
              - { weight: 1, goto: tag }
              - { weight: 3, goto: exit }
          - id: tag
            update: { tag: happy }
        """

    @Test(
        "journeys: funnel numbers per version after a journey ran, treated beside holdout", arguments: Backend.enabled)
    func journeys(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let storage = browser.storage
            let store = browser.store
            let definition = try JourneyLoader.load(path: "thanks.yaml", text: Self.yaml)
            _ = try await storage.applyJourney(
                storeID: store.id, definition: definition, templates: Self.templates("thanks"), source: Self.yaml,
                now: Fixtures.t0)
            for index in 1...8 {
                try await Self.placeOrder(storage, store, key: "o\(index)", customer: "c\(index)")
            }
            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 100, runtime: Self.runtime)
            // c1 orders again: a conversion (and an instance of its own for the new order).
            try await Self.placeOrder(
                storage, store, key: "o1b", customer: "c1", at: Fixtures.t0.adding(seconds: 3_600), total: 7_500)
            _ = try await storage.runJourneys(
                now: Fixtures.t0.adding(seconds: 3_601), limit: 100, runtime: Self.runtime)
            let funnels = try await storage.journeyFunnels(storeID: store.id)
            #expect(funnels.reduce(0) { $0 + $1.entered } == 9)
            #expect(funnels.reduce(0) { $0 + $1.converted } == 1)

            try await browser.login()
            let page = try await browser.get("\(browser.base)/journeys")
            #expect(page.status == .ok)
            #expect(page.text.contains("Thank you"))
            for funnel in funnels {
                let group = funnel.heldOut ? "Holdout" : "Treated"
                let row =
                    "<th scope=\"row\">\(group)</th><td class=\"n\">\(funnel.entered)</td><td class=\"n\">\(funnel.active)</td>"
                    + "\n<td class=\"n\">\(funnel.sent)</td><td class=\"n\">\(funnel.delivered)</td>"
                    + "\n<td class=\"n\">\(funnel.opened)</td><td class=\"n\">\(funnel.clicked)</td><td class=\"n\">\(funnel.skipped)</td>"
                    + "\n<td class=\"n\">\(funnel.converted)</td>"
                #expect(page.text.contains(row), "\(group) row")
            }
            if funnels.contains(where: \.heldOut) && funnels.contains(where: { !$0.heldOut }) {
                #expect(page.text.contains(" pp (95% CI "))
            }
            #expect(page.text.contains("75.00 USD"), "conversion revenue")

            let detail = try await browser.get("\(browser.base)/journeys/thanks")
            #expect(detail.status == .ok)
            #expect(detail.text.contains("id=\"step-delivered\""))
            #expect(detail.text.contains("after 14d without it:"))
            #expect(detail.text.contains("25% (weight 1): <a href=\"#step-tag\">tag</a>"))
            #expect(detail.text.contains("50% of customers receive nothing"))
            #expect(detail.text.contains("21:00-08:00"))
            #expect(detail.text.contains("?version=1"))
            let csv = try await browser.get("\(browser.base)/journeys/thanks?table=attribution&format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("Version,Scope,Entered,Sent,Delivered,Opened,Clicked,Converted,Revenue,"))
            #expect(csv.text.contains("\r\nv1,whole journey,"))
            #expect(try await browser.get("\(browser.base)/journeys/thanks?table=nope&format=csv").status == .notFound)
            let instances = try await storage.journeyInstances(
                storeID: store.id, journeyID: "thanks", subject: nil, limit: 20)
            // An instance that sent its mail (c1's second one was capped: one marketing mail a day).
            var found: (JourneyInstanceSummary, [JourneyLogEntry], String)?
            for instance in instances where !instance.heldOut {
                let log = try await storage.journeyLog(storeID: store.id, instanceKey: instance.instanceKey)
                if let id = log.first(where: { $0.kind == "sent" })?.messageID { found = (instance, log, id) }
            }
            let (sentInstance, log, messageID) = try #require(found)
            #expect(detail.text.contains("/instances/\(sentInstance.instanceKey)"))

            let timeline = try await browser.get("\(browser.base)/instances/\(sentInstance.instanceKey)")
            #expect(timeline.status == .ok)
            #expect(timeline.text.contains("href=\"\(browser.base)/outbox/\(messageID)\""))
            for entry in log { #expect(timeline.text.contains("<td>\(entry.kind)</td>")) }
            #expect(try await browser.get("\(browser.base)/instances/nope").status == .notFound)
            #expect(try await browser.get("\(browser.base)/journeys/nope").status == .notFound)
        }
    }

    @Test("another organisation's store, an unknown store and a malformed id are all 404", arguments: Backend.enabled)
    func otherOrganisation(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            try await browser.login()
            let rival = "/admin/stores/\(browser.rival.id)"
            for path in [
                "\(rival)/journeys", "\(rival)/outbox", "\(rival)/mailbox", "\(rival)/instances/x", "\(rival)/outbox/m",
                "\(rival)/journeys/thanks", "/admin/stores/999999/journeys", "/admin/stores/abc/outbox", rival,
            ] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
            }
            #expect(try await browser.get("\(browser.base)/journeys").status == .ok)
        }
    }

    @Test(
        "outbox, mailbox and message pages escape what customers wrote; dead letters show their error",
        arguments: Backend.enabled)
    func escaping(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let storage = browser.storage
            let store = browser.store
            let definition = try JourneyLoader.load(
                path: "thanks.yaml", text: Self.yaml.replacingOccurrences(of: "holdout: 50", with: "holdout: 0"))
            _ = try await storage.applyJourney(
                storeID: store.id, definition: definition, templates: Self.templates("thanks"), source: Self.yaml,
                now: Fixtures.t0)
            try await Self.placeOrder(
                storage, store, key: "x1", customer: "evil", firstName: "<script>alert('x')</script>")
            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 100, runtime: Self.runtime)
            let sent = try #require(try await storage.outbox(storeID: store.id, status: nil, limit: 10).first)
            #expect(sent.subject?.contains("<script>") == true)
            try await storage.enqueue([
                OutboxMessage(
                    storeID: store.id, messageID: "dead-1", channel: .email, category: .marketing,
                    recipient: "x@example.com",
                    subject: "\"><img src=x onerror=alert(1)>", text: "t", status: .dead, attempts: 8,
                    nextAttemptAt: Fixtures.t0, createdAt: Fixtures.t0, lastError: "451 <try again> later")
            ])

            try await browser.login()
            let outbox = try await browser.get("\(browser.base)/outbox")
            let mailbox = try await browser.get("\(browser.base)/mailbox")
            let message = try await browser.get("\(browser.base)/outbox/\(sent.messageID)")
            for page in [outbox, mailbox, message] {
                #expect(page.status == .ok)
                #expect(!page.text.contains("<script>alert"))
                #expect(!page.text.contains("<img src=x"))
                #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            }
            #expect(outbox.text.contains("<tr class=\"dead\">"))
            #expect(outbox.text.contains("451 &lt;try again&gt; later"))
            #expect(outbox.text.contains("Dead letter <span class=\"badge\">1</span>"))
            #expect(!mailbox.text.contains("dead-1"), "the mailbox shows delivered and pending mail only")
            // The HTML is shown in a sandboxed frame, its markup escaped into srcdoc.
            #expect(message.text.contains("<iframe class=\"mail\" sandbox=\"\""))
            #expect(message.text.contains("srcdoc=\"&lt;"))
            #expect(message.text.contains("<th scope=\"row\">From</th>"))
            let dead = try await browser.get("\(browser.base)/outbox/dead-1")
            #expect(dead.text.contains("Last error:</strong> 451 &lt;try again&gt; later"))
            #expect(!dead.text.contains("<img src=x"))
            #expect(try await browser.get("\(browser.base)/outbox?status=dead").text.contains("dead-1"))
        }
    }

    @Test("list pages stay small: the newest 100 messages, not the whole outbox", arguments: Backend.enabled)
    func pageSizes(_ backend: Backend) async throws {
        try await AdminBrowser.run(backend) { browser in
            let messages = (0..<250).map { index in
                OutboxMessage(
                    storeID: browser.store.id, messageID: "m\(index)", channel: .email, category: .transactional,
                    recipient: "c\(index)@example.com", subject: "Order \(index)", text: "t", html: "<p>x</p>",
                    status: index % 2 == 0 ? .delivered : .pending, nextAttemptAt: Fixtures.t0,
                    createdAt: Fixtures.t0.adding(seconds: Int64(index)))
            }
            try await browser.storage.enqueue(messages)
            try await browser.login()
            let outbox = try await browser.get("\(browser.base)/outbox")
            #expect(outbox.text.components(separatedBy: "<tr>").count - 1 == 101, "a header row and 100 messages")
            #expect(outbox.text.contains("Order 249"))
            #expect(!outbox.text.contains("Order 149<"))
            #expect(outbox.text.contains("All <span class=\"badge\">250</span>"))
            #expect(outbox.text.utf8.count < 100_000)
            let mailbox = try await browser.get("\(browser.base)/mailbox")
            #expect(mailbox.text.components(separatedBy: "<li><a href=\"\(browser.base)/outbox/").count - 1 == 100)
            #expect(mailbox.text.utf8.count < 100_000)
        }
    }
}
