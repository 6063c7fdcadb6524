import EncoreCore
import EncoreTestSupport
import Foundation
import Testing
@testable import EncoreStore

@Suite("Customer care storage: feedback, reviews, tickets, revocation, export and erasure")
struct CareStorageTests {
    static func seed(_ storage: any EncoreStorage, name: String = "shop") async throws -> Store {
        let store = try await Fixtures.store(storage, name)
        _ = try await storage.ingest(
            IngestBatch(
                storeID: store.id, origin: .live, customers: [Fixtures.customer(store)], orders: [Fixtures.order(store)]),
            now: Fixtures.t0)
        return store
    }

    static func ticket(_ store: Store, ref: String, author: String = "Ada L.") -> NewTicket {
        NewTicket(
            storeID: store.id, customerKey: "c1", email: "c1@example.com", orderKey: "1001", subject: "Help",
            body: "Where is it?", author: author, priority: .normal, source: .receipt, sourceRef: ref,
            createdAt: Fixtures.t0, firstResponseDue: Fixtures.t0.adding(seconds: 8 * 3600))
    }

    static func npsEvent(_ store: Store, _ record: FeedbackRecord, score: Int) -> NewEvent {
        NewEvent(
            storeID: store.id, type: "feedback.nps", customerKey: "c1", orderKey: "1001", occurredAt: Fixtures.t0,
            payload: "{\"score\":\(score)}", idempotencyKey: "feedback:\(record.key)")
    }

    @Test("the first answer stands: a replayed vote records nothing, adds no event and opens no second ticket", arguments: Backend.enabled)
    func answerOnce(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            var record = FeedbackRecord(
                storeID: store.id, kind: .nps, touchpoint: .order, subjectKey: "1001", customerKey: "c1", orderKey: "1001",
                askedAt: Fixtures.t0)
            record.score = 3
            let first = try await storage.answerFeedback(
                record, event: Self.npsEvent(store, record, score: 3), ticket: Self.ticket(store, ref: record.key, author: "encore"),
                now: Fixtures.t0)
            #expect(first.recorded)
            #expect(first.record.status == "answered")
            #expect(first.ticket?.number == 1)
            record.score = 10
            let again = try await storage.answerFeedback(
                record, event: Self.npsEvent(store, record, score: 10), ticket: Self.ticket(store, ref: record.key),
                now: Fixtures.t0.adding(seconds: 5))
            #expect(!again.recorded)
            #expect(again.record.score == 3)
            #expect(try await storage.tickets(storeID: store.id, statuses: [.open], limit: 10).count == 1)
            let detail = try await storage.customer(storeID: store.id, key: "c1", eventLimit: 50)
            #expect(detail?.events.filter { $0.type == "feedback.nps" }.count == 1)
            #expect(try await storage.setFeedbackReason(storeID: store.id, key: record.key, reason: "slow", now: Fixtures.t0))
            #expect(try await storage.feedback(storeID: store.id, key: record.key)?.reason == "slow")
            #expect(!(try await storage.dismissFeedback(record, now: Fixtures.t0)), "an answer is never turned into a dismissal")
            let (_, messages) = try #require(try await storage.ticket(storeID: store.id, key: first.ticket!.key))
            #expect(messages.first?.kind == .system)
        }
    }

    @Test("a dismissal is recorded apart from an answer, and a later answer replaces it", arguments: Backend.enabled)
    func dismissal(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            var record = FeedbackRecord(
                storeID: store.id, kind: .csat, touchpoint: .ticket, subjectKey: "t1", customerKey: "c1", orderKey: nil,
                askedAt: Fixtures.t0)
            #expect(try await storage.dismissFeedback(record, now: Fixtures.t0))
            let stored = try #require(try await storage.feedback(storeID: store.id, key: record.key))
            #expect(stored.status == "dismissed" && stored.score == nil)
            #expect(try await storage.lastSurveyAsked(storeID: store.id, customerKey: "c1")?.key == record.key)
            #expect(!(try await storage.setFeedbackReason(storeID: store.id, key: record.key, reason: "x", now: Fixtures.t0)))
            record.score = 5
            let answered = try await storage.answerFeedback(
                record, event: Self.npsEvent(store, record, score: 5), ticket: nil, now: Fixtures.t0)
            #expect(answered.recorded && answered.record.score == 5)
        }
    }

    @Test("tickets are numbered per store; the same source opens one ticket; replies set the first response and queue e-mail", arguments: Backend.enabled)
    func tickets(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            let other = try await Self.seed(storage, name: "other")
            let a = try await storage.openTicket(Self.ticket(store, ref: "form-1"))
            let b = try await storage.openTicket(Self.ticket(store, ref: "form-2"))
            let again = try await storage.openTicket(Self.ticket(store, ref: "form-1"))
            let elsewhere = try await storage.openTicket(Self.ticket(other, ref: "form-1"))
            #expect(a.created && b.created && !again.created)
            #expect([a.ticket.number, b.ticket.number, again.ticket.number, elsewhere.ticket.number] == [1, 2, 1, 1])
            #expect(try await storage.ticket(storeID: other.id, key: a.ticket.key)?.ticket.storeID != store.id)
            let email = OutboxMessage(
                storeID: store.id, messageID: "reply-1", customerKey: "c1", channel: .email, category: .transactional,
                recipient: "c1@example.com", subject: "Re: Help", text: "On its way", nextAttemptAt: Fixtures.t0,
                createdAt: Fixtures.t0)
            let later = Fixtures.t0.adding(seconds: 600)
            #expect(
                try await storage.addTicketMessage(
                    storeID: store.id, key: a.ticket.key, kind: .reply, author: "agent@shop", body: "On its way", email: email,
                    now: later))
            let (ticket, messages) = try #require(try await storage.ticket(storeID: store.id, key: a.ticket.key))
            #expect(ticket.firstResponseAt == later)
            #expect(ticket.status == .pending)
            #expect(messages.map(\.kind) == [.customer, .reply])
            #expect(try await storage.outbox(storeID: store.id, status: .pending, limit: 10).map(\.messageID) == ["reply-1"])
            #expect(
                !(try await storage.addTicketMessage(
                    storeID: other.id, key: "t_missing", kind: .note, author: "x", body: "y", email: nil, now: later)))
        }
    }

    @Test("status changes follow TicketStatus and leave a line in the conversation", arguments: Backend.enabled)
    func updates(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            let opened = try await storage.openTicket(Self.ticket(store, ref: "f"))
            let at = Fixtures.t0.adding(seconds: 60)
            let resolved = try await storage.updateTicket(
                storeID: store.id, key: opened.ticket.key, status: .resolved, priority: .urgent, assignee: "sam@shop",
                actor: "lead@shop", now: at)
            #expect(resolved?.status == .resolved && resolved?.resolvedAt == at && resolved?.assignee == "sam@shop")
            let closed = try await storage.updateTicket(
                storeID: store.id, key: opened.ticket.key, status: .closed, priority: nil, assignee: nil, actor: "lead@shop", now: at)
            #expect(closed?.status == .closed)
            await #expect(throws: StorageError.self) {
                _ = try await storage.updateTicket(
                    storeID: store.id, key: opened.ticket.key, status: .pending, priority: nil, assignee: nil, actor: "x", now: at)
            }
            let (_, messages) = try #require(try await storage.ticket(storeID: store.id, key: opened.ticket.key))
            #expect(messages.filter { $0.kind == .system }.count == 2)
            #expect(messages.last?.body.contains("resolved → closed") == true)
        }
    }

    @Test("one review per product per order; summaries count published reviews only", arguments: Backend.enabled)
    func reviews(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            let good = ReviewRecord(
                storeID: store.id, orderKey: "1001", customerKey: "c1", sku: "SKU-1", author: "Ada L.", stars: 5,
                title: "Lovely", body: "Great", status: "published", flags: [], createdAt: Fixtures.t0)
            let held = ReviewRecord(
                storeID: store.id, orderKey: "1001", customerKey: "c1", sku: "SKU-2", author: "Ada L.", stars: 1,
                title: "Bad", body: "see example.com", status: "pending", flags: ["link"], createdAt: Fixtures.t0)
            #expect(try await storage.submitReview(good, ticket: nil, event: nil).created)
            #expect(try await storage.submitReview(held, ticket: Self.ticket(store, ref: held.key), event: nil).created)
            var twice = good
            twice.stars = 1
            let replay = try await storage.submitReview(twice, ticket: nil, event: nil)
            #expect(!replay.created && replay.review.stars == 5)
            #expect(try await storage.reviews(storeID: store.id, orderKey: "1001").map(\.sku) == ["SKU-1", "SKU-2"])
            #expect(try await storage.reviews(storeID: store.id, status: "pending", limit: 10).first?.flags == ["link"])
            #expect(try await storage.reviewSummary(storeID: store.id, sku: "SKU-2", limit: 5).count == 0)
            #expect(try await storage.moderateReview(storeID: store.id, key: held.key, status: "published", now: Fixtures.t0))
            #expect(try await storage.replyToReview(storeID: store.id, key: held.key, reply: "Sorry!", now: Fixtures.t0))
            let summary = try await storage.reviewSummary(storeID: store.id, sku: "SKU-2", limit: 5)
            #expect(summary.count == 1 && summary.average == 1 && summary.reviews.first?.reply == "Sorry!")
            #expect(!(try await storage.moderateReview(storeID: store.id, key: "nope", status: "published", now: Fixtures.t0)))
            #expect(try await storage.tickets(storeID: store.id, statuses: [.open], limit: 5).first?.source == .receipt)
        }
    }

    @Test("export holds the customer's records; erasure removes personal data and keeps the bookkeeping", arguments: Backend.enabled)
    func exportAndErase(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            _ = try await storage.openTicket(Self.ticket(store, ref: "f"))
            try await storage.setConsents(
                storeID: store.id, customerKey: "c1",
                consents: [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: Fixtures.t0)])
            let json = try #require(try await storage.exportCustomer(storeID: store.id, customerKey: "c1"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect((document["customer"] as? [String: Any])?["email"] as? String == "c1@example.com")
            #expect((document["orders"] as? [[String: Any]])?.count == 1)
            #expect((document["line_items"] as? [[String: Any]])?.count == 2)
            #expect((document["tickets"] as? [[String: Any]])?.count == 1)
            #expect((document["consents"] as? [[String: Any]])?.count == 1)
            #expect(try await storage.exportCustomer(storeID: store.id, customerKey: "nobody") == nil)

            try await storage.requestErasure(storeID: store.id, customerKey: "c1", now: Fixtures.t0)
            try await storage.eraseCustomer(storeID: store.id, customerKey: "c1", now: Fixtures.t0)
            let erased = try #require(try await storage.customer(storeID: store.id, key: "c1", eventLimit: 10))
            #expect(erased.customer.email == nil && erased.customer.firstName == nil && erased.customer.consents.isEmpty)
            #expect(erased.orders.first?.total == 5000, "order totals stay for the accounts")
            let (ticket, messages) = try #require(
                try await storage.ticket(storeID: store.id, key: try await storage.tickets(storeID: store.id, customerKey: "c1")[0].key))
            #expect(ticket.email == nil && messages.allSatisfy { $0.body == "[erased]" })
        }
    }

    @Test("revoking an order's links records when", arguments: Backend.enabled)
    func revocation(_ backend: Backend) async throws {
        try await withStorage(backend) { storage, _ in
            let store = try await Self.seed(storage)
            #expect(try await storage.linksRevokedAt(storeID: store.id, orderKey: "1001") == nil)
            try await storage.revokeLinks(storeID: store.id, orderKey: "1001", now: Fixtures.t0)
            try await storage.revokeLinks(storeID: store.id, orderKey: "1001", now: Fixtures.t0.adding(seconds: 9))
            #expect(try await storage.linksRevokedAt(storeID: store.id, orderKey: "1001") == Fixtures.t0.adding(seconds: 9))
            #expect(try await storage.findOrder(storeID: store.id, number: "1001", email: " C1@Example.com ") == "1001")
            #expect(try await storage.findOrder(storeID: store.id, number: "#1001", email: "other@example.com") == nil)
        }
    }
}
