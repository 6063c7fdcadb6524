import EncoreCore

/// What customers do on Encore's own pages and what the shop's team does about it: feedback,
/// reviews, support tickets, revoked links and data erasure.
///
/// Every method reads and writes the given store's rows only. Writes that belong together (an
/// answer, its event and the ticket it opens) commit in one transaction.
public protocol CareStorage: Sendable {
    /// Everything the smart receipt shows, in one snapshot; nil for an unknown store, order or customer.
    func receipt(storeID: StoreID, orderKey: String, customerKey: String) async throws -> ReceiptRecord?
    /// The feedback record with this key, if any.
    func feedback(storeID: StoreID, key: String) async throws -> FeedbackRecord?
    /// The customer's most recent survey question of any kind, on any channel.
    func lastSurveyAsked(storeID: StoreID, customerKey: String) async throws -> FeedbackRecord?
    /// Records that a question was put (nothing when it already was) and returns the stored record.
    func askFeedback(_ record: FeedbackRecord) async throws -> FeedbackRecord
    /// Records an answer unless one is already stored (the first answer stands): in one
    /// transaction the record, `event` (a `feedback.nps` or `feedback.csat` for journeys), and
    /// `ticket` when the answer should open one. Returns the stored record and whether this call
    /// recorded it, with the ticket opened (or found) for it.
    func answerFeedback(_ record: FeedbackRecord, event: NewEvent, ticket: NewTicket?, now: Timestamp) async throws
        -> (record: FeedbackRecord, recorded: Bool, ticket: Ticket?)
    /// Stores the follow-up reason of an answered question; false if it has no answer.
    func setFeedbackReason(storeID: StoreID, key: String, reason: String, now: Timestamp) async throws -> Bool
    /// Records a dismissal, unless the question was answered; false if it was.
    func dismissFeedback(_ record: FeedbackRecord, now: Timestamp) async throws -> Bool

    /// Stores a new review (and the ticket a low score opens) unless this order already reviewed
    /// this product; returns the stored review and whether this call created it.
    func submitReview(_ review: ReviewRecord, ticket: NewTicket?, event: NewEvent?) async throws
        -> (review: ReviewRecord, created: Bool)
    /// One review, by key.
    func review(storeID: StoreID, key: String) async throws -> ReviewRecord?
    /// The reviews of one order, by product.
    func reviews(storeID: StoreID, orderKey: String) async throws -> [ReviewRecord]
    /// Reviews in a moderation state, newest first.
    func reviews(storeID: StoreID, status: String, limit: Int) async throws -> [ReviewRecord]
    /// A product's published reviews (newest first, at most `limit`) with their count and mean.
    func reviewSummary(storeID: StoreID, sku: String, limit: Int) async throws -> ReviewSummary
    /// Publishes or rejects a review; false for an unknown review. Publishing a review that was
    /// held for moderation adds `review.published` to the log, once, in the same transaction.
    func moderateReview(storeID: StoreID, key: String, status: String, now: Timestamp) async throws -> Bool
    /// Sets the merchant's public reply; false for an unknown review.
    func replyToReview(storeID: StoreID, key: String, reply: String, now: Timestamp) async throws -> Bool

    /// A store's returns whose status is one of `statuses`, newest first.
    func returns(storeID: StoreID, statuses: [ReturnStatus], limit: Int) async throws
        -> [(returnKey: String, orderKey: String, status: ReturnStatus, reason: String?, requestedAt: Timestamp)]

    /// Opens a ticket with its first message, numbered in the store's sequence; a ticket already
    /// opened for the same source and reference is returned instead (`created` false).
    func openTicket(_ ticket: NewTicket) async throws -> (ticket: Ticket, created: Bool)
    /// A store's tickets whose status is one of `statuses`, oldest first (the inbox order).
    func tickets(storeID: StoreID, statuses: [TicketStatus], limit: Int) async throws -> [Ticket]
    /// A customer's tickets, newest first.
    func tickets(storeID: StoreID, customerKey: String) async throws -> [Ticket]
    /// One ticket and its conversation.
    func ticket(storeID: StoreID, key: String) async throws -> (ticket: Ticket, messages: [TicketMessage])?
    /// Adds to a ticket's conversation. A reply records the first response (if none yet), moves an
    /// open ticket to pending and queues `email` in the outbox, all in one transaction.
    /// Returns false for an unknown ticket.
    func addTicketMessage(
        storeID: StoreID, key: String, kind: TicketMessage.Kind, author: String, body: String, email: OutboxMessage?,
        now: Timestamp
    ) async throws -> Bool
    /// Changes status, priority or assignee (nil leaves it), with a system line in the conversation
    /// saying what changed. Throws `StorageError.invalid` for a transition `TicketStatus` forbids.
    func updateTicket(
        storeID: StoreID, key: String, status: TicketStatus?, priority: TicketPriority?, assignee: String?,
        actor: String, now: Timestamp
    ) async throws -> Ticket?

    /// Shipments of live orders, in every store, that are past their estimated delivery and not
    /// delivered, or in a carrier exception, and have no ticket for that yet (at most `limit` of each).
    func shipmentAlerts(now: Timestamp, limit: Int) async throws -> [ShipmentAlert]
    /// In one transaction: `event` (a `shipment.delayed` the apology journey reacts to; an
    /// exception already has its own event) and the ticket; a repeat adds neither.
    func raiseShipmentAlert(_ alert: ShipmentAlert, event: NewEvent?, ticket: NewTicket, now: Timestamp) async throws

    /// Ends every link issued for the order up to `now` (a later link works again).
    func revokeLinks(storeID: StoreID, orderKey: String, now: Timestamp) async throws
    /// When the order's links were last revoked, if ever.
    func linksRevokedAt(storeID: StoreID, orderKey: String) async throws -> Timestamp?

    /// The key of the store's order with this display number whose customer has this e-mail
    /// (compared trimmed and lower-cased): the look-up a tracking page offers.
    func findOrder(storeID: StoreID, number: String, email: String) async throws -> String?
    /// Records consent decisions (each replaces the one for its channel and purpose).
    func setConsents(storeID: StoreID, customerKey: String, consents: [Consent]) async throws

    /// Everything stored about a customer, as one JSON document (the "export my data" file).
    func exportCustomer(storeID: StoreID, customerKey: String) async throws -> String?
    /// Records a request to erase a customer's data (confirmed separately).
    func requestErasure(storeID: StoreID, customerKey: String, now: Timestamp) async throws
    /// Erases a customer: contact details, names, consents, free text they wrote, message bodies
    /// and event payloads are removed or anonymised; order totals, lines and dates stay (the
    /// law's bookkeeping), attached to an anonymous customer. Unfinished journeys end. Idempotent.
    func eraseCustomer(storeID: StoreID, customerKey: String, now: Timestamp) async throws
}
