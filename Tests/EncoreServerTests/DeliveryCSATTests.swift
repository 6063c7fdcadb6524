import EncoreCore
import EncoreJourneys
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Feedback tied to the delivery: a journey's links.csat, answered in one click")
struct DeliveryCSATTests {
    @Test("a journey mails a CSAT about the delivery; its link confirms, the POST records csat:delivery:<order>, a low score opens a ticket", arguments: Backend.enabled)
    func deliveryCSAT(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let yaml = """
                id: delivery-csat
                name: How was the delivery?
                category: transactional
                quiet_hours: { action: ignore }
                trigger: { event: order.placed }
                steps:
                  - id: ask
                    send: { channel: email, template: ask, survey: true }
                """
            let templates = [
                TemplateSource(name: "ask", part: .subject, path: "ask.subject", text: "How was the delivery?"),
                TemplateSource(
                    name: "ask", part: .html, path: "ask.html",
                    text: "<p><a href=\"{{links.csat}}?score=1\">1</a> <a href=\"{{links.csat}}?score=5\">5</a></p>"),
                TemplateSource(name: "ask", part: .text, path: "ask.text", text: "Very unhappy: {{links.csat}}?score=1"),
            ]
            _ = try await storage.applyJourney(
                storeID: store.id, definition: try JourneyLoader.load(path: "delivery-csat.yaml", text: yaml), templates: templates,
                source: yaml, now: Fixtures.t0)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Fixtures.customer(store)], orders: [Fixtures.order(store)]),
                now: Fixtures.t0)
            _ = try await storage.runJourneys(now: Fixtures.t0, limit: 10, runtime: LinkRoutesTests.links.runtime())
            let message = try #require(try await storage.outbox(storeID: store.id, status: nil, limit: 10).first)
            let line = try #require(message.text.split(separator: "\n").first { $0.hasPrefix("Very unhappy: ") })
            let url = String(line.dropFirst("Very unhappy: ".count))
            #expect(url.hasPrefix("http://encore.test/csat/") && url.hasSuffix("?score=1"))

            let app = Application(
                router: buildRouter(
                    storage: storage, clock: FixedClock(Fixtures.t0.adding(seconds: 60)), links: LinkRoutesTests.signer,
                    baseURL: "http://encore.test"))
            try await app.test(.router) { client in
                let path = LinkRoutesTests.path(of: url)
                let confirm = try await client.execute(uri: path, method: .get) { response in
                    (response.status, String(buffer: response.body))
                }
                #expect(confirm.0 == .ok && confirm.1.contains("How satisfied are you with the delivery?") && confirm.1.contains("Confirm 1"))
                let key = FeedbackRecord.key(kind: .csat, touchpoint: .delivery, subjectKey: "1001")
                #expect(try await storage.feedback(storeID: store.id, key: key)?.score == nil, "the GET records nothing")
                let csrf = try #require(confirm.1.range(of: "name=\"csrf\" value=\"").map { range in
                    String(confirm.1[range.upperBound...].prefix { $0 != "\"" })
                })
                let posted = try await client.execute(
                    uri: String(path.prefix { $0 != "?" }), method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=\(csrf)&score=1")
                ) { response in response.status }
                #expect(posted == .ok)
                let stored = try #require(try await storage.feedback(storeID: store.id, key: key))
                #expect(stored.score == 1 && stored.touchpoint == .delivery && stored.orderKey == "1001")
                let tickets = try await storage.tickets(storeID: store.id, statuses: [.open], limit: 5)
                #expect(tickets.count == 1 && tickets.first?.subject.hasPrefix("CSAT 1/5") == true)
                let events = try #require(try await storage.customer(storeID: store.id, key: "c1", eventLimit: 50)).events
                let event = try #require(events.first { $0.type == "feedback.csat" })
                #expect(event.payload.contains("\"touchpoint\":\"delivery\""))
            }
        }
    }
}
