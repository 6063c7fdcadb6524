import EncoreCore
import EncoreJourneys
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

@Suite("Journey surveys pass the store's survey throttle and count as asked")
struct SurveyThrottleWorkerTests {
    static let runtime = JourneyRuntime(fallbackSender: "shop@example.com") { "https://encore.test/\($0.purpose.rawValue)" }

    static func publish(_ storage: any EncoreStorage, _ store: Store) async throws {
        let yaml = """
            id: ask
            name: Ask
            category: transactional
            quiet_hours: { action: ignore }
            trigger: { event: order.placed }
            steps:
              - id: nps
                send: { channel: email, template: ask, survey: true }
            """
        let templates = [
            TemplateSource(name: "ask", part: .subject, path: "ask.subject", text: "How did we do?"),
            TemplateSource(name: "ask", part: .html, path: "ask.html", text: "<p><a href=\"{{links.nps}}?score=9\">9</a></p>"),
            TemplateSource(name: "ask", part: .text, path: "ask.text", text: "{{links.nps}}"),
        ]
        _ = try await storage.applyJourney(
            storeID: store.id, definition: try JourneyLoader.load(path: "ask.yaml", text: yaml), templates: templates,
            source: yaml, now: Fixtures.t0)
    }

    static func reasons(_ storage: any EncoreStorage, _ store: Store) async throws -> [String: String] {
        var out: [String: String] = [:]
        for instance in try await storage.journeyInstances(storeID: store.id, journeyID: "ask", subject: nil, limit: 10) {
            let log = try await storage.journeyLog(storeID: store.id, instanceKey: instance.instanceKey)
            let last = log.last { $0.stepID == "nps" }
            let order = instance.subject.hasPrefix("order:") ? String(instance.subject.dropFirst(6)) : instance.subject
            out[order] = last.map { $0.kind == "sent" ? "sent" : ($0.reason ?? $0.kind) }
        }
        return out
    }

    @Test("the first survey goes and is recorded as asked; a second within the interval is skipped", arguments: Backend.enabled)
    func throttle(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.publish(storage, store)
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id, origin: .live, customers: [Fixtures.customer(store)],
                    orders: [Fixtures.order(store, key: "1001"), Fixtures.order(store, key: "1002")]),
                now: Fixtures.t0)
            for _ in 0..<3 { _ = try await storage.runJourneys(now: Fixtures.t0, limit: 50, runtime: Self.runtime) }
            let reasons = try await Self.reasons(storage, store)
            #expect(reasons.values.sorted() == ["sent", "survey_throttled"], "\(reasons)")
            let sentOrder = try #require(reasons.first { $0.value == "sent" }?.key)
            let asked = try await storage.feedback(
                storeID: store.id, key: FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: sentOrder))
            #expect(asked?.status == "asked" && asked?.askedAt == Fixtures.t0)

            // Forty days later a new order's survey goes again.
            let later = Fixtures.t0.adding(seconds: 40 * 86_400)
            var third = Fixtures.order(store, key: "1003")
            third.placedAt = later
            _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, orders: [third]), now: later)
            for _ in 0..<3 { _ = try await storage.runJourneys(now: later, limit: 50, runtime: Self.runtime) }
            #expect(try await Self.reasons(storage, store)["1003"] == "sent")
        }
    }

    @Test("an answer given on the receipt throttles a journey's survey", arguments: Backend.enabled)
    func answerThrottles(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await Self.publish(storage, store)
            _ = try await storage.ingest(
                IngestBatch(storeID: store.id, origin: .live, customers: [Fixtures.customer(store)]), now: Fixtures.t0)
            var record = FeedbackRecord(
                storeID: store.id, kind: .nps, touchpoint: .order, subjectKey: "old", customerKey: "c1", orderKey: nil,
                askedAt: Fixtures.t0)
            record.score = 9
            _ = try await storage.answerFeedback(
                record,
                event: NewEvent(
                    storeID: store.id, type: "feedback.nps", customerKey: "c1", occurredAt: Fixtures.t0, payload: "{}",
                    idempotencyKey: "fb-old"), ticket: nil, now: Fixtures.t0)
            let now = Fixtures.t0.adding(seconds: 5 * 86_400)
            var order = Fixtures.order(store, key: "2001")
            order.placedAt = now
            _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, orders: [order]), now: now)
            for _ in 0..<3 { _ = try await storage.runJourneys(now: now, limit: 50, runtime: Self.runtime) }
            let reasons = try await Self.reasons(storage, store)
            #expect(reasons["2001"] == "survey_throttled", "\(reasons)")
        }
    }
}
