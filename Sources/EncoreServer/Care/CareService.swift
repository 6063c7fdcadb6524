import EncoreCore
import EncoreStore
import Foundation

/// The customer-care actions behind the public pages, the API and the admin: each turns a
/// request into the records, events, tickets and messages it implies, with the store's rules
/// (SLA business hours, survey throttling, return window) applied in one place.
struct CareService: Sendable {
    let storage: any EncoreStorage
    let links: JourneyLinks
    let clock: any Clock

    // MARK: Store rules

    static func businessHours(_ store: Store) -> BusinessHours { BusinessHours.of(store) }

    static func firstResponseDue(_ store: Store, priority: TicketPriority, createdAt: Timestamp) -> Timestamp {
        SLAPolicy(businessHours: businessHours(store)).firstResponseDue(createdAt: createdAt, priority: priority)
    }

    func throttle(_ store: Store) -> SurveyThrottle {
        SurveyThrottle(minimumInterval: Int64(min(max(store.settings.surveyIntervalDays ?? 30, 0), 3_650)) * 86_400)
    }

    func returnWindow(_ store: Store) -> ReturnWindow { ReturnWindow(days: store.settings.returnWindowDays ?? 30) }

    /// Whether a survey may be put to the customer now about `key` (a question already asked
    /// about the same subject may always be answered).
    func mayAsk(_ store: Store, customerKey: String, key: String, now: Timestamp) async throws -> Bool {
        guard let last = try await storage.lastSurveyAsked(storeID: store.id, customerKey: customerKey) else { return true }
        if last.key == key { return true }
        if try await storage.feedback(storeID: store.id, key: key) != nil { return true }
        return throttle(store).mayAsk(lastAskedAt: last.askedAt, now: now)
    }

    // MARK: Tickets

    /// Opens a ticket (once per source and reference) with its SLA due time.
    func openTicket(
        store: Store, customer: Customer?, orderKey: String?, subject: String, body: String, author: String,
        priority: TicketPriority, source: TicketSource, sourceRef: String, now: Timestamp
    ) async throws -> (ticket: Ticket, created: Bool) {
        try await storage.openTicket(
            Self.newTicket(
                store: store, customer: customer, orderKey: orderKey, subject: subject, body: body, author: author,
                priority: priority, source: source, sourceRef: sourceRef, now: now))
    }

    static func newTicket(
        store: Store, customer: Customer?, orderKey: String?, subject: String, body: String, author: String,
        priority: TicketPriority, source: TicketSource, sourceRef: String, now: Timestamp
    ) -> NewTicket {
        NewTicket(
            storeID: store.id, customerKey: customer?.key, email: customer?.email, orderKey: orderKey, subject: subject,
            body: body, author: author, priority: priority, source: source, sourceRef: sourceRef, createdAt: now,
            firstResponseDue: firstResponseDue(store, priority: priority, createdAt: now))
    }

    /// E-mails a reply to the ticket's customer through the outbox and records it (the first
    /// reply is the SLA's first response).
    func reply(store: Store, ticket: Ticket, body: String, agent: String, now: Timestamp) async throws -> Bool {
        var email: OutboxMessage?
        if let address = ticket.email {
            email = message(
                store: store, to: address, customerKey: ticket.customerKey, purpose: .transactional,
                subject: "Re: [#\(ticket.number)] \(ticket.subject)", text: body, id: "ticket-\(ticket.key)", now: now)
        }
        return try await storage.addTicketMessage(
            storeID: store.id, key: ticket.key, kind: .reply, author: agent, body: body, email: email, now: now)
    }

    /// After a ticket is resolved: a CSAT question by e-mail, unless the customer was asked
    /// something within the store's survey interval (the skip is noted on the ticket).
    func askCSAT(store: Store, ticket: Ticket, now: Timestamp) async throws {
        guard let customerKey = ticket.customerKey, let address = ticket.email else { return }
        let key = FeedbackRecord.key(kind: .csat, touchpoint: .ticket, subjectKey: ticket.key)
        guard try await mayAsk(store, customerKey: customerKey, key: key, now: now) else {
            _ = try await storage.addTicketMessage(
                storeID: store.id, key: ticket.key, kind: .system, author: "encore",
                body: "CSAT not asked: the customer had a survey within \(store.settings.surveyIntervalDays ?? 30) days",
                email: nil, now: now)
            return
        }
        _ = try await storage.askFeedback(
            FeedbackRecord(
                storeID: store.id, kind: .csat, touchpoint: .ticket, subjectKey: ticket.key, customerKey: customerKey,
                orderKey: ticket.orderKey, askedAt: now))
        let url = links.url(
            LinkRequest(
                purpose: .csat, storeID: store.id, customerKey: customerKey, orderKey: ticket.orderKey, messageID: nil,
                target: "ticket:\(ticket.key)", issuedAt: now))
        var text = "How did we do with your request #\(ticket.number) (\(ticket.subject))?\n\nOne click to answer:\n"
        for score in SurveyKind.csat.scores { text += "\(score) \(SurveyKind.csat.label(score)): \(url)?score=\(score)\n" }
        let email = message(
            store: store, to: address, customerKey: customerKey, purpose: .transactional,
            subject: "How did we do? [#\(ticket.number)]", text: text, id: "csat-\(ticket.key)", now: now)
        try await storage.enqueue([email])
    }

    // MARK: Feedback

    /// Records an answer: the `feedback.<kind>` event journeys react to, and a ticket when the
    /// score calls for a person ("close the loop").
    func answer(
        store: Store, customer: Customer, kind: SurveyKind, touchpoint: Touchpoint, subjectKey: String,
        orderKey: String?, score: Int, channel: String, now: Timestamp
    ) async throws -> (record: FeedbackRecord, recorded: Bool, ticket: Ticket?) {
        try kind.validate(score: score)
        var record = FeedbackRecord(
            storeID: store.id, kind: kind, touchpoint: touchpoint, subjectKey: subjectKey, customerKey: customer.key,
            orderKey: orderKey, askedAt: now)
        record.score = score
        let payload = JSONText.render([
            ("score", .int(Int64(score))), ("touchpoint", .string(touchpoint.rawValue)),
            ("subject", .string(subjectKey)), ("order_id", orderKey.map(JSONText.string) ?? .null),
            ("channel", .string(channel)),
        ])
        let event = NewEvent(
            storeID: store.id, type: "feedback.\(kind.rawValue)", customerKey: customer.key, orderKey: orderKey,
            occurredAt: now, payload: payload, idempotencyKey: "feedback:\(record.key)")
        var ticket: NewTicket?
        if try CloseTheLoop.opensTicket(kind: kind, score: score) {
            let label = kind == .nps ? "NPS \(score)/10" : "CSAT \(score)/5"
            ticket = Self.newTicket(
                store: store, customer: customer, orderKey: orderKey,
                subject: "\(label) from \(customer.displayName)", body: "The customer answered \(label) about their \(touchpoint.rawValue). Reach out and close the loop.",
                author: "encore", priority: .high, source: .feedback, sourceRef: record.key, now: now)
        }
        return try await storage.answerFeedback(record, event: event, ticket: ticket, now: now)
    }

    // MARK: Returns

    /// Requests a return of some lines (inside the window, within what is left to return).
    func requestReturn(
        store: Store, detail: OrderDetail, lines: [(lineKey: String, quantity: Int64)], reason: String, now: Timestamp
    ) async throws -> Return {
        let window = returnWindow(store)
        let delivered = Self.deliveredAt(detail)
        let requested = Self.requestedQuantities(detail)
        let lineInfo = detail.order.lines.map {
            ReturnWindow.Line(lineKey: $0.key, orderedQuantity: $0.quantity, alreadyReturnedQuantity: requested[$0.key] ?? 0)
        }
        do {
            try window.validate(
                request: lines.map { ReturnWindow.RequestLine(lineKey: $0.lineKey, quantity: $0.quantity) },
                lines: lineInfo, deliveredAt: delivered, now: now)
        } catch let error as ReturnRequestError {
            throw error.problems.first?.inputError ?? InputError(field: "lines", reason: error.description)
        }
        let key = "r-\(detail.order.key)-\(now.millisecondsSinceEpoch)"
        let ret = Return(
            storeID: store.id, key: key, orderKey: detail.order.key, status: .requested, reason: reason, requestedAt: now,
            lines: lines.map { ReturnLine(lineKey: $0.lineKey, quantity: $0.quantity, reason: reason) })
        _ = try await storage.ingest(IngestBatch(storeID: store.id, origin: .live, returns: [ret]), now: now)
        return ret
    }

    static func deliveredAt(_ detail: OrderDetail) -> Timestamp? {
        detail.shipments.compactMap { $0.checkpoints.last(where: { $0.status == .delivered })?.at }.max()
    }

    /// Quantities per line already in a return that was not rejected.
    static func requestedQuantities(_ detail: OrderDetail) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for ret in detail.returns where ret.status != .rejected {
            for line in ret.lines { out[line.lineKey, default: 0] += line.quantity }
        }
        return out
    }

    // MARK: Links and messages

    func receiptURL(store: Store, order: Order, now: Timestamp) -> String? {
        guard let customerKey = order.customerKey else { return nil }
        return links.url(
            LinkRequest(
                purpose: .receipt, storeID: store.id, customerKey: customerKey, orderKey: order.key, messageID: nil,
                issuedAt: now))
    }

    /// A plain message from the store, queued like any other (retries, bounces, Message-ID).
    func message(
        store: Store, to address: String, customerKey: String?, purpose: Purpose, subject: String, text: String,
        id: String, now: Timestamp
    ) -> OutboxMessage {
        let sender = store.settings.senderEmail ?? "encore@localhost"
        let name = store.settings.displayName ?? store.name
        let messageID = "\(id)-\(now.millisecondsSinceEpoch)-\(UInt32.random(in: 0...UInt32.max))"
        return OutboxMessage(
            storeID: store.id, messageID: messageID, customerKey: customerKey, channel: .email, category: purpose,
            recipient: address, subject: subject, text: text + "\n\n— \(name)\n",
            headers: [MessageHeader("From", "\(name) <\(sender)>")], nextAttemptAt: now, createdAt: now)
    }
}

extension Customer {
    /// First name and last initial ("Maya R."), or "A customer".
    var displayName: String {
        let first = (firstName ?? "").trimmingCharacters(in: .whitespaces)
        let last = (lastName ?? "").trimmingCharacters(in: .whitespaces)
        if first.isEmpty { return "A customer" }
        return last.isEmpty ? first : "\(first) \(last.prefix(1))."
    }
}

extension CareService {
    /// Stores a verified buyer's review: published at once unless moderation flags something
    /// (profanity, links, personal data: never the score), and a low score opens a ticket.
    func submitReview(
        store: Store, customer: Customer, orderKey: String, sku: String, productTitle: String, stars: Int,
        title: String, body: String, now: Timestamp
    ) async throws -> (review: ReviewRecord, created: Bool) {
        let flags = ReviewModeration.flags(title: title, text: body).map(\.description)
        let review = ReviewRecord(
            storeID: store.id, orderKey: orderKey, customerKey: customer.key, sku: sku, author: customer.displayName,
            stars: stars, title: title, body: body, status: flags.isEmpty ? "published" : "pending", flags: flags,
            createdAt: now)
        var ticket: NewTicket?
        if try CloseTheLoop.reviewOpensTicket(stars: stars) {
            ticket = Self.newTicket(
                store: store, customer: customer, orderKey: orderKey,
                subject: "\(stars)-star review of \(productTitle)", body: "\(title)\n\n\(body)", author: customer.displayName,
                priority: .high, source: .review, sourceRef: review.key, now: now)
        }
        // For journeys and loyalty (the review action's points go to published reviews).
        let event = NewEvent(
            storeID: store.id, type: "review.submitted", customerKey: customer.key, orderKey: orderKey, occurredAt: now,
            payload: JSONText.render([
                ("review_id", .string(review.key)), ("sku", .string(sku)), ("stars", .int(Int64(stars))),
                ("status", .string(review.status)),
            ]), idempotencyKey: "review.submitted:\(review.key)")
        return try await storage.submitReview(review, ticket: ticket, event: event)
    }
}
