import Foundation
/// Identifies a store (a brand). Every row in the database carries one, and every key starts with it.
public typealias StoreID = Int64

/// An organisation owns stores; the stores of one organisation are allied brands.
public struct Organisation: Hashable, Sendable, Codable {
    public var id: Int64
    public var name: String

    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}

/// A store (brand): its handle, default currency and time zone.
///
/// The webhook secret is kept to verify Shopify's HMAC signatures; it is a shared secret
/// by Shopify's design, so it cannot be hashed, and it is never returned by the API.
public struct Store: Hashable, Sendable {
    public var id: StoreID
    public var organisationID: Int64
    /// The store's handle: lowercase letters, digits and hyphens; unique.
    public var name: String
    public var currency: Currency
    /// An IANA time zone identifier, e.g. "Europe/Paris".
    public var timeZone: String
    public var webhookSecret: String?
    public var createdAt: Timestamp
    /// Sender, support address and branding.
    public var settings: StoreSettings

    public init(
        id: StoreID, organisationID: Int64, name: String, currency: Currency, timeZone: String,
        webhookSecret: String?, createdAt: Timestamp, settings: StoreSettings = StoreSettings()
    ) {
        self.settings = settings
        self.id = id
        self.organisationID = organisationID
        self.name = name
        self.currency = currency
        self.timeZone = timeZone
        self.webhookSecret = webhookSecret
        self.createdAt = createdAt
    }

    /// The store's time zone; UTC when the identifier is not one the system knows (stores are
    /// created with a checked identifier, so only a zone database without it gets there).
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }

    /// Checks a store handle: 1 to 63 characters of `a-z`, `0-9` and `-`, starting with a letter or digit.
    public static func validateName(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return "must be 1 to 63 characters long" }
        for (index, byte) in bytes.enumerated() {
            let ok = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || (byte == 45 && index > 0)
            if !ok { return "must be lowercase letters, digits and hyphens (not starting with a hyphen)" }
        }
        return nil
    }
}

/// What the API returns about a store's stored data.
public struct StoreStats: Hashable, Sendable, Codable {
    public var store: String
    public var storeID: StoreID
    public var customers: Int64
    public var orders: Int64
    public var lineItems: Int64
    public var shipments: Int64
    public var events: Int64
    /// Sum of order totals of orders that are not cancelled, per currency code, in minor units.
    public var revenue: [String: Int64]
    /// Sum of refunds per currency code, in minor units.
    public var refunds: [String: Int64]

    public init(
        store: String, storeID: StoreID, customers: Int64, orders: Int64, lineItems: Int64, shipments: Int64,
        events: Int64, revenue: [String: Int64], refunds: [String: Int64]
    ) {
        self.store = store
        self.storeID = storeID
        self.customers = customers
        self.orders = orders
        self.lineItems = lineItems
        self.shipments = shipments
        self.events = events
        self.revenue = revenue
        self.refunds = refunds
    }

    enum CodingKeys: String, CodingKey {
        case store, storeID = "store_id", customers, orders, lineItems = "line_items", shipments, events, revenue,
            refunds
    }
}
