/// Where a message is in its life: waiting to be (re)tried, delivered, refused for good
/// (a bounce), or given up after the last retry (a dead letter).
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    case pending, delivered, failed, dead
}

/// One message in the outbox: fully rendered when it was committed with its journey step, so a
/// retry after a crash sends the same bytes under the same Message-ID.
public struct OutboxMessage: Sendable, Equatable {
    public var storeID: StoreID
    /// Stable id, derived from the instance and step; also the email Message-ID's local part and
    /// the idempotency key sent to SMS and webhook endpoints.
    public var messageID: String
    public var instanceKey: String?
    public var journeyID: String?
    public var stepID: String?
    public var customerKey: String?
    public var channel: Channel
    /// `.transactional` or `.marketing` (`.feedback` counts as marketing for caps).
    public var category: Purpose
    /// An email address, a phone number or a URL.
    public var recipient: String
    public var subject: String?
    /// The plain-text body (the SMS text; the JSON body of a webhook).
    public var text: String
    public var html: String?
    /// Extra headers in order (List-Unsubscribe, ...).
    public var headers: [MessageHeader]
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Timestamp
    public var createdAt: Timestamp
    public var deliveredAt: Timestamp?
    public var lastError: String?

    public init(
        storeID: StoreID, messageID: String, instanceKey: String? = nil, journeyID: String? = nil,
        stepID: String? = nil, customerKey: String? = nil, channel: Channel, category: Purpose,
        recipient: String, subject: String? = nil, text: String, html: String? = nil, headers: [MessageHeader] = [],
        status: OutboxStatus = .pending, attempts: Int = 0, nextAttemptAt: Timestamp, createdAt: Timestamp,
        deliveredAt: Timestamp? = nil, lastError: String? = nil
    ) {
        self.storeID = storeID
        self.messageID = messageID
        self.instanceKey = instanceKey
        self.journeyID = journeyID
        self.stepID = stepID
        self.customerKey = customerKey
        self.channel = channel
        self.category = category
        self.recipient = recipient
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

/// One header line of a message.
public struct MessageHeader: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What a delivery attempt came to, as the outbox records it.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted by the server or provider; `reply` is its answer (an SMTP reply, a provider id).
    case delivered(reply: String)
    /// Worth retrying: a 4xx SMTP reply, a 429 or 5xx from an HTTP endpoint, a timeout, a refused connection.
    case transient(reason: String)
    /// Refused for good: a 5xx SMTP reply (a bounce) or a 4xx from an HTTP endpoint.
    case permanent(reason: String)
}
