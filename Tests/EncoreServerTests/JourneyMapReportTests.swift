import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

@testable import EncoreServer

@Suite("The journey map over a store's records")
struct JourneyMapReportTests {
    /// The customer answers NPS `score` about their first order.
    static func answerNPS(_ storage: any EncoreStorage, _ store: Store, customer: String, score: Int, at: Timestamp) async throws
        -> FeedbackRecord
    {
        var record = FeedbackRecord(
            storeID: store.id, kind: .nps, touchpoint: .order, subjectKey: "\(customer)-0", customerKey: customer,
            orderKey: "\(customer)-0", askedAt: at)
        _ = try await storage.askFeedback(record)
        record.score = score
        _ = try await storage.answerFeedback(
            record,
            event: NewEvent(
                storeID: store.id, type: "feedback.nps", customerKey: customer, orderKey: "\(customer)-0", occurredAt: at,
                idempotencyKey: "fb-\(customer)"), ticket: nil, now: at)
        return record
    }

    @Test("orders, messages, events, answered surveys with their text, reviews and late deliveries feed the map and its personas",
        arguments: Backend.enabled)
    func map(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Fixtures.store(storage)
            try await PredictionRefreshTests.seed(storage, store)
            let day = PredictionRefreshTests.today
            let at = PredictionRefreshTests.at(day - 5)
            // c3 (a regular) answers NPS 2 about a late order and writes why; c6 reviews.
            _ = try await storage.ingest(
                IngestBatch(
                    storeID: store.id,
                    events: [
                        NewEvent(
                            storeID: store.id, type: "shipment.delayed", customerKey: "c3", orderKey: "c3-0", occurredAt: at,
                            idempotencyKey: "late-c3")
                    ]), now: at)
            let late = try await Self.answerNPS(storage, store, customer: "c3", score: 2, at: at)
            #expect(try await storage.setFeedbackReason(storeID: store.id, key: late.key, reason: "Terrible, it arrived late", now: at))
            _ = try await Self.answerNPS(storage, store, customer: "c6", score: 10, at: at)
            _ = try await storage.submitReview(
                ReviewRecord(
                    storeID: store.id, orderKey: "c6-1", customerKey: "c6", sku: "SKU-1", author: "Ada", stars: 5, title: "Love it",
                    body: "Amazing coffee", status: "published", flags: [], createdAt: at), ticket: nil, event: nil)
            _ = try await PredictionRefresher(storage: storage).refresh(store: store, now: PredictionRefreshTests.at(day))

            let report = try await JourneyMapReport.read(
                storage: storage, store: store, from: PredictionRefreshTests.at(day - 30, hour: 0),
                to: PredictionRefreshTests.at(day + 1, hour: 0))
            let everyone = try #require(report.maps.first)
            #expect(everyone.persona == "everyone")
            let repurchase = try #require(everyone.stages.first { $0.stage == .repurchase })
            #expect(repurchase.touchpoints.first { $0.id == "order:again" }.map { $0.volume > 0 } == true)
            let follow = try #require(everyone.stages.first { $0.stage == .followUp })
            let nps = try #require(follow.touchpoints.first { $0.id == "survey:nps:order" })
            #expect(nps.signals == 3, "two scores and one text")
            let review = try #require(everyone.stages.first { $0.stage == .advocacy }?.touchpoints.first { $0.id == "review" })
            #expect(try #require(review.emotion) > 0.9)
            #expect(everyone.stages.first { $0.stage == .fulfilment }?.touchpoints.contains { $0.id == "event:shipment.delayed" } == true)
            #expect(everyone.opportunities.contains { $0.kind == .lateDelivery })
            #expect(everyone.opportunities.contains { $0.kind == .dip && $0.touchpoint == "survey:nps:order" })
            #expect(report.maps.count > 1, "personas from the predictions")
            #expect(Set(report.maps.dropFirst().map(\.persona)).isSubset(of: Set(RFM.Segment.allCases.map(\.rawValue))))
            let json = report.json().rendered
            #expect(json.contains("\"persona\":\"everyone\""))
            #expect(json.contains("\"kind\":\"late_delivery\""))
        }
    }
}
