/// Whether an event happened now or is history loaded after the fact.
///
/// Journeys react to `live` events only: an import of last year's orders must never
/// send anyone a thank-you.
public enum EventOrigin: String, Hashable, Sendable, Codable {
    case live, historical
}

/// An event to append to the log. The idempotency key is unique per store: appending the
/// same key twice stores one event.
public struct NewEvent: Hashable, Sendable {
    public var storeID: StoreID
    public var type: String
    public var customerKey: String?
    public var orderKey: String?
    public var occurredAt: Timestamp
    /// A JSON object, as text.
    public var payload: String
    public var idempotencyKey: String
    public var origin: EventOrigin

    public init(
        storeID: StoreID, type: String, customerKey: String? = nil, orderKey: String? = nil, occurredAt: Timestamp,
        payload: String = "{}", idempotencyKey: String, origin: EventOrigin = .live
    ) {
        self.storeID = storeID
        self.type = type
        self.customerKey = customerKey
        self.orderKey = orderKey
        self.occurredAt = occurredAt
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.origin = origin
    }

    /// Fingerprint of the content, used to reject a reused idempotency key with different content.
    /// The time is left out: a client retrying without `occurred_at` gets "now" again, and a retry
    /// must be recognised as the same event.
    public var contentHash: String {
        var hasher = StableHasher()
        hasher.combine(type)
        hasher.combine(customerKey ?? "")
        hasher.combine(orderKey ?? "")
        hasher.combine(payload)
        return hasher.hexDigest
    }
}

/// An event as stored in the append-only log.
public struct Event: Hashable, Sendable {
    public var id: Int64
    public var storeID: StoreID
    public var type: String
    public var customerKey: String?
    public var orderKey: String?
    public var occurredAt: Timestamp
    public var receivedAt: Timestamp
    public var payload: String
    public var idempotencyKey: String
    public var origin: EventOrigin

    public init(
        id: Int64, storeID: StoreID, type: String, customerKey: String?, orderKey: String?, occurredAt: Timestamp,
        receivedAt: Timestamp, payload: String, idempotencyKey: String, origin: EventOrigin
    ) {
        self.id = id
        self.storeID = storeID
        self.type = type
        self.customerKey = customerKey
        self.orderKey = orderKey
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.origin = origin
    }

    /// Checks an event type: dot-separated lowercase words, e.g. "order.placed", at most 64 characters.
    public static func validateType(_ type: String) -> String? {
        let bytes = Array(type.utf8)
        guard (1...64).contains(bytes.count) else { return "must be 1 to 64 characters long" }
        for byte in bytes {
            let ok = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 46 || byte == 95
            if !ok { return "must be lowercase letters, digits, '.' and '_'" }
        }
        return nil
    }
}
