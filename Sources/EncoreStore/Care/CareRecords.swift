import EncoreCore

/// One survey question put to a customer about a touchpoint, and what became of it.
///
/// Its key is `kind:touchpoint:subject` (one NPS question per order, one CSAT per ticket, ...), so
/// asking again or answering twice is the same record: the first answer stands.
public struct FeedbackRecord: Sendable, Equatable {
    public var storeID: StoreID
    public var key: String
    public var customerKey: String
    public var kind: SurveyKind
    public var touchpoint: Touchpoint
    /// The order, shipment or ticket the question is about.
    public var subjectKey: String
    public var orderKey: String?
    /// asked, answered or dismissed.
    public var status: String
    public var score: Int?
    /// The answer to "what is the main reason?".
    public var reason: String?
    public var askedAt: Timestamp
    public var answeredAt: Timestamp?

    public init(
        storeID: StoreID, kind: SurveyKind, touchpoint: Touchpoint, subjectKey: String, customerKey: String,
        orderKey: String?, askedAt: Timestamp
    ) {
        self.storeID = storeID
        self.key = Self.key(kind: kind, touchpoint: touchpoint, subjectKey: subjectKey)
        self.customerKey = customerKey
        self.kind = kind
        self.touchpoint = touchpoint
        self.subjectKey = subjectKey
        self.orderKey = orderKey
        self.status = "asked"
        self.askedAt = askedAt
    }

    /// The record's key: one question of a kind per touchpoint and subject.
    public static func key(kind: SurveyKind, touchpoint: Touchpoint, subjectKey: String) -> String {
        "\(kind.rawValue):\(touchpoint.rawValue):\(subjectKey)"
    }
}

/// A product review written through an order's link (a verified buyer, always).
public struct ReviewRecord: Sendable, Equatable {
    public var storeID: StoreID
    /// `order:sku`: one review per product per order.
    public var key: String
    public var orderKey: String
    public var customerKey: String
    public var sku: String
    /// The name shown with the review ("Maya R.").
    public var author: String
    public var stars: Int
    public var title: String
    public var body: String
    /// pending (in the moderation queue), published or rejected.
    public var status: String
    /// Why moderation held it, one line each; empty when nothing was flagged.
    public var flags: [String]
    public var reply: String?
    public var repliedAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        storeID: StoreID, orderKey: String, customerKey: String, sku: String, author: String, stars: Int,
        title: String, body: String, status: String, flags: [String], createdAt: Timestamp
    ) {
        self.storeID = storeID
        self.key = "\(orderKey):\(sku)"
        self.orderKey = orderKey
        self.customerKey = customerKey
        self.sku = sku
        self.author = author
        self.stars = stars
        self.title = title
        self.body = body
        self.status = status
        self.flags = flags
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// The published reviews of one product, summed up.
public struct ReviewSummary: Sendable, Equatable {
    public var sku: String
    public var count: Int
    /// Mean stars; 0 when there is no review.
    public var average: Double
    public var reviews: [ReviewRecord]
}

/// A support ticket, as stored.
public struct Ticket: Sendable, Equatable {
    public var storeID: StoreID
    public var key: String
    /// The number people quote ("#42"), per store.
    public var number: Int64
    public var customerKey: String?
    /// Where replies go.
    public var email: String?
    public var orderKey: String?
    public var subject: String
    public var status: TicketStatus
    public var priority: TicketPriority
    public var assignee: String?
    public var source: TicketSource
    /// What opened it (the feedback, review, shipment or form submission): one ticket each.
    public var sourceRef: String
    public var createdAt: Timestamp
    public var firstResponseDue: Timestamp
    public var firstResponseAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var updatedAt: Timestamp
}

/// What opens a ticket; `number` and `key` are given by storage.
public struct NewTicket: Sendable, Equatable {
    public var storeID: StoreID
    public var customerKey: String?
    public var email: String?
    public var orderKey: String?
    public var subject: String
    /// The customer's words (or the system's, for an automatic ticket).
    public var body: String
    public var author: String
    public var priority: TicketPriority
    public var source: TicketSource
    public var sourceRef: String
    public var createdAt: Timestamp
    public var firstResponseDue: Timestamp

    public init(
        storeID: StoreID, customerKey: String?, email: String?, orderKey: String?, subject: String, body: String,
        author: String, priority: TicketPriority, source: TicketSource, sourceRef: String, createdAt: Timestamp,
        firstResponseDue: Timestamp
    ) {
        self.storeID = storeID
        self.customerKey = customerKey
        self.email = email
        self.orderKey = orderKey
        self.subject = subject
        self.body = body
        self.author = author
        self.priority = priority
        self.source = source
        self.sourceRef = sourceRef
        self.createdAt = createdAt
        self.firstResponseDue = firstResponseDue
    }
}

/// One entry of a ticket's conversation.
public struct TicketMessage: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// From the customer.
        case customer
        /// A reply e-mailed to the customer.
        case reply
        /// An internal note, never shown to the customer.
        case note
        /// A status or assignment change.
        case system
    }
    public var seq: Int64
    public var kind: Kind
    public var author: String
    public var body: String
    public var createdAt: Timestamp
}
