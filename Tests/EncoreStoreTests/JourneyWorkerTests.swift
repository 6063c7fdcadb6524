import EncoreCore
import EncoreJourneys
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

@Suite("Journeys: the worker over storage")
struct JourneyWorkerTests {
    static let runtime = JourneyRuntime(fallbackSender: "shop@example.com") { link in
        "https://encore.example/\(link.purpose.rawValue)/\(link.storeID)/\(link.customerKey)/\(link.messageID ?? "-")"
    }

    static func apply(_ storage: any EncoreStorage, _ store: Store, _ yaml: String, templates: [TemplateSource] = [])
        async throws -> ApplyOutcome
    {
        let definition = try JourneyLoader.load(path: "test.yaml", text: yaml)
        return try await storage.applyJourney(
            storeID: store.id, definition: definition, templates: templates, source: yaml, now: Fixtures.t0)
    }

    static func templates(_ name: String, subject: String = "Hi {{customer.first_name}}", text: String = "Order {{order.number}}")
        -> [TemplateSource]
    {
        [
            TemplateSource(name: name, part: .subject, path: "t/\(name).subject.mustache", text: subject),
            TemplateSource(name: name, part: .html, path: "t/\(name).html.mustache", text: "<p>\(text)</p>"),
            TemplateSource(name: name, part: .text, path: "t/\(name).text.mustache", text: text),
        ]
    }

    static func customer(_ store: Store, _ key: String, marketing: Bool = true, zone: String? = "UTC") -> Customer {
        var customer = Fixtures.customer(store, key: key)
        customer.timeZone = zone
        customer.consents = [Consent(channel: .email, purpose: .marketing, granted: marketing, updatedAt: Fixtures.t0)]
        return customer
    }

    static func placeOrder(
        _ storage: any EncoreStorage, _ store: Store, key: String, customer: String = "c1", at: Timestamp = Fixtures.t0,
        total: Int64 = 5000, marketing: Bool = true
    ) async throws {
        var order = Fixtures.order(store, key: key, customer: customer, total: total)
        order.placedAt = at
        _ = try await storage.ingest(
            IngestBatch(storeID: store.id, customers: [Self.customer(store, customer, marketing: marketing)], orders: [order]),
            now: at)
    }

    @Test("the shipped order confirmation: one message per order, however often the order is replayed", arguments: Backend.enabled)
    func orderConfirmation(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            let file = try #require(DefaultJourneys.files.first { $0.path.contains("order-confirmation") })
            let definition = try JourneyLoader.load(path: file.path, text: file.text)
            let outcome = try await storage.applyJourney(
                storeID: store.id, definition: definition, templates: [], source: file.text, now: Fixtures.t0)
            #expect(outcome == .created(version: 1))
            let again = try await storage.applyJourney(
                storeID: store.id, definition: definition, templates: [], source: file.text, now: Fixtures.t0)
            #expect(again == .unchanged(version: 1))

            try await Self.placeOrder(storage, store, key: "1001")
            try await Self.placeOrder(storage, store, key: "1001")  // replayed
            let report = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 100, runtime: Self.runtime)
            #expect(report.eventsProcessed == 1)
            #expect(report.instancesStarted == 1)
            #expect(report.messagesQueued == 1)
            let idle = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 2), limit: 100, runtime: Self.runtime)
            #expect(!idle.didWork)

            let messages = try await storage.outbox(storeID: store.id, status: nil, limit: 10)
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.recipient == "c1@example.com")
            #expect(message.subject?.contains("#1001") == true)
            #expect(message.text.contains("https://encore.example/receipt/"))
            #expect(message.html?.contains("https://encore.example/click/") == true, "html links are tracked")
            #expect(message.html?.contains("https://encore.example/open/") == true, "an open-tracking image")
            #expect(message.category == .transactional)
            #expect(message.headers.contains(MessageHeader("From", "shop <shop@example.com>")))
            #expect(!message.headers.contains { $0.name == "List-Unsubscribe" }, "transactional mail has no unsubscribe header")

            let instances = try await storage.journeyInstances(storeID: store.id, journeyID: nil, subject: "order:1001", limit: 10)
            #expect(instances.count == 1)
            #expect(instances.first?.status == "completed")
            let log = try await storage.journeyLog(storeID: store.id, instanceKey: try #require(instances.first).instanceKey)
            #expect(log.map(\.kind) == ["entered", "sent", "finished"])
            #expect(log[1].messageID == message.messageID)
        }
    }

    @Test("a wait is a timer: nothing early, the send when due, conversion ends a waiting instance", arguments: Backend.enabled)
    func waitAndGoal(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await Self.apply(
                storage, store,
                """
                id: nudge
                name: Nudge
                category: marketing
                holdout: 0
                quiet_hours: { action: ignore }
                trigger: { event: order.placed }
                goal: { event: order.placed, within: 30d }
                steps:
                  - id: later
                    wait: 2d
                  - id: mail
                    send: { channel: email, template: nudge }
                """, templates: Self.templates("nudge"))
            try await Self.placeOrder(storage, store, key: "A", customer: "c1")
            try await Self.placeOrder(storage, store, key: "B", customer: "c2")
            _ = try await storage.runJourneys(now: Fixtures.t0, limit: 100, runtime: Self.runtime)
            let early = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 86_400), limit: 100, runtime: Self.runtime)
            #expect(early.messagesQueued == 0)
            // c1 orders again after one day: its instance converts in the middle of the wait.
            try await Self.placeOrder(storage, store, key: "A2", customer: "c1", at: Fixtures.t0.adding(seconds: 86_400), total: 7_500)
            let converted = try await storage.runJourneys(
                now: Fixtures.t0.adding(seconds: 86_401), limit: 100, runtime: Self.runtime)
            #expect(converted.conversions == 1)
            let due = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 2 * 86_400 + 1), limit: 100, runtime: Self.runtime)
            #expect(due.messagesQueued == 1, "only c2 is still waiting")
            let messages = try await storage.outbox(storeID: store.id, status: nil, limit: 10)
            #expect(messages.map(\.recipient) == ["c2@example.com"])
            #expect(messages.first?.headers.contains { $0.name == "List-Unsubscribe" } == true)
            #expect(messages.first?.headers.contains(MessageHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")) == true)
            let funnels = try await storage.journeyFunnels(storeID: store.id)
            let funnel = try #require(funnels.first { !$0.heldOut })
            #expect(funnel.entered == 3)
            #expect(funnel.converted == 1)
            #expect(funnel.sent == 1)
            #expect(funnel.revenue == ["USD": 7_500])
        }
    }

    @Test("policy skips are recorded with their reason: no consent, suppressed", arguments: Backend.enabled)
    func skips(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await Self.apply(
                storage, store,
                """
                id: promo
                name: Promo
                category: marketing
                holdout: 0
                quiet_hours: { action: ignore }
                trigger: { event: order.placed }
                steps:
                  - id: mail
                    send: { channel: email, template: promo }
                """, templates: Self.templates("promo"))
            try await storage.suppress(storeID: store.id, channel: .email, address: "C2@example.com", reason: "unsubscribed", now: Fixtures.t0)
            try await Self.placeOrder(storage, store, key: "A", customer: "c1", marketing: false)
            try await Self.placeOrder(storage, store, key: "B", customer: "c2")
            let report = try await storage.runJourneys(now: Fixtures.t0, limit: 100, runtime: Self.runtime)
            #expect(report.skips == 2)
            #expect(try await storage.outbox(storeID: store.id, status: nil, limit: 10).isEmpty)
            var reasons: [String: String] = [:]
            for instance in try await storage.journeyInstances(storeID: store.id, journeyID: "promo", subject: nil, limit: 10) {
                let skipped = try await storage.journeyLog(storeID: store.id, instanceKey: instance.instanceKey).first { $0.kind == "skipped" }
                reasons[instance.customerKey] = skipped?.reason
            }
            #expect(reasons == ["c1": "no_consent", "c2": "suppressed"])
        }
    }

    @Test("wait_for resumes on the order's own event, and times out otherwise", arguments: Backend.enabled)
    func waitFor(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await Self.apply(
                storage, store,
                """
                id: delivery
                name: Delivery
                category: transactional
                quiet_hours: { action: ignore }
                trigger: { event: order.placed }
                steps:
                  - id: delivered
                    wait_for: { event: shipment.delivered, about: order, timeout: 10d, on_timeout: late }
                  - id: thanks
                    send: { channel: email, template: thanks }
                  - exit
                  - id: late
                    send: { channel: email, template: late }
                """, templates: Self.templates("thanks") + Self.templates("late", subject: "Sorry"))
            try await Self.placeOrder(storage, store, key: "A", customer: "c1")
            try await Self.placeOrder(storage, store, key: "B", customer: "c2")
            _ = try await storage.runJourneys(now: Fixtures.t0, limit: 100, runtime: Self.runtime)
            let at = Fixtures.t0.adding(seconds: 3 * 86_400)
            let shipment = Shipment(
                storeID: store.id, key: "S1", orderKey: "A", carrier: "UPS", trackingNumber: "1Z",
                checkpoints: [ShipmentCheckpoint(status: .delivered, at: at)])
            _ = try await storage.ingest(IngestBatch(storeID: store.id, shipments: [shipment]), now: at)
            let resumed = try await storage.runJourneys(now: at.adding(seconds: 1), limit: 100, runtime: Self.runtime)
            #expect(resumed.instancesResumed == 1)
            #expect(resumed.messagesQueued == 1)
            let timeout = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 10 * 86_400 + 1), limit: 100, runtime: Self.runtime)
            #expect(timeout.messagesQueued == 1)
            let messages = try await storage.outbox(storeID: store.id, status: nil, limit: 10)
            #expect(Set(messages.map { "\($0.recipient) \($0.stepID ?? "")" }) == ["c1@example.com thanks", "c2@example.com late"])
        }
    }

    @Test("several workers at once: every instance's step runs once", arguments: Backend.enabled)
    func concurrentWorkers(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            _ = try await Self.apply(
                storage, store,
                """
                id: once
                name: Once
                category: transactional
                quiet_hours: { action: ignore }
                trigger: { event: order.placed }
                steps:
                  - id: mail
                    send: { channel: email, template: once }
                """, templates: Self.templates("once"))
            for i in 0..<60 { try await Self.placeOrder(storage, store, key: "O\(i)", customer: "c\(i)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        for _ in 0..<20 {
                            _ = try await storage.runJourneys(now: Fixtures.t0.adding(seconds: 1), limit: 7, runtime: Self.runtime)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let messages = try await storage.outbox(storeID: store.id, status: nil, limit: 1_000)
            #expect(messages.count == 60)
            #expect(Set(messages.map(\.recipient)).count == 60)
        }
    }

    @Test("a customer with no time zone gets the store's quiet hours", arguments: Backend.enabled)
    func storeZone(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await storage.createStore(
                name: "tokyo", organisation: nil, currency: .usd, timeZone: "Asia/Tokyo", webhookSecret: nil, now: Fixtures.t0)
            _ = try await Self.apply(
                storage, store,
                """
                id: hello
                name: Hello
                category: marketing
                holdout: 0
                trigger: { event: order.placed }
                steps:
                  - id: mail
                    send: { channel: email, template: hello }
                """, templates: Self.templates("hello"))
            // 13:00 UTC is 22:00 in Tokyo: inside the default quiet hours (21:00-08:00), so the
            // send waits for 08:00 Tokyo (23:00 UTC). In UTC it would have gone at once.
            let placed = ISO8601.parse("2026-03-01T13:00:00Z")!
            var order = Fixtures.order(store, key: "T1", customer: "t1")
            order.placedAt = placed
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, customers: [Self.customer(store, "t1", zone: nil)], orders: [order]), now: placed)
            let night = try await storage.runJourneys(now: placed, limit: 10, runtime: Self.runtime)
            #expect(night.messagesQueued == 0)
            let morning = ISO8601.parse("2026-03-01T23:00:00Z")!
            #expect(try await storage.runJourneys(now: morning.adding(seconds: -1), limit: 10, runtime: Self.runtime).messagesQueued == 0)
            #expect(try await storage.runJourneys(now: morning, limit: 10, runtime: Self.runtime).messagesQueued == 1)
        }
    }
}
