/// A channel a customer can be reached on.
public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
    case email, sms, push, webhook
}

/// Why a message is sent. Transactional messages (receipts, shipping) are separate from marketing.
public enum Purpose: String, CaseIterable, Hashable, Sendable, Codable {
    case transactional, marketing, feedback
}

/// One consent decision for a channel and purpose, with when it was given or withdrawn.
public struct Consent: Hashable, Sendable {
    public var channel: Channel
    public var purpose: Purpose
    public var granted: Bool
    public var updatedAt: Timestamp

    public init(channel: Channel, purpose: Purpose, granted: Bool, updatedAt: Timestamp) {
        self.channel = channel
        self.purpose = purpose
        self.granted = granted
        self.updatedAt = updatedAt
    }
}

/// A customer of one store, keyed by the source's id (or "email:<address>" when the source has none).
///
/// Optional fields left nil in an upsert keep their stored value: a partial update never erases data.
public struct Customer: Hashable, Sendable {
    public var storeID: StoreID
    /// The source's id, unique within the store.
    public var key: String
    public var email: String?
    public var phone: String?
    public var firstName: String?
    public var lastName: String?
    /// IANA time zone id; nil means the store's.
    public var timeZone: String?
    /// BCP 47 locale, e.g. "fr-FR".
    public var locale: String?
    public var consents: [Consent]
    public var createdAt: Timestamp
    /// Month and day; nil in an upsert keeps the stored one.
    public var birthday: Birthday?
    /// When the stored birthday was last set or changed: kept by storage (an upsert that changes
    /// the birthday moves it to the time of the write), ignored when written; nil when none is on file.
    public var birthdaySetAt: Timestamp?

    public init(
        storeID: StoreID, key: String, email: String? = nil, phone: String? = nil, firstName: String? = nil,
        lastName: String? = nil, timeZone: String? = nil, locale: String? = nil, consents: [Consent] = [],
        createdAt: Timestamp, birthday: Birthday? = nil, birthdaySetAt: Timestamp? = nil
    ) {
        self.storeID = storeID
        self.key = key
        self.email = email
        self.phone = phone
        self.firstName = firstName
        self.lastName = lastName
        self.timeZone = timeZone
        self.locale = locale
        self.consents = consents
        self.createdAt = createdAt
        self.birthday = birthday
        self.birthdaySetAt = birthdaySetAt
    }

    /// The key used when a source identifies a customer by e-mail only.
    public static func key(forEmail email: String) -> String { "email:" + email.lowercased() }
}

/// A product of a store, keyed by SKU.
public struct Product: Hashable, Sendable {
    public var storeID: StoreID
    public var sku: String
    public var title: String
    public var category: String?
    public var price: Money?

    public init(storeID: StoreID, sku: String, title: String, category: String? = nil, price: Money? = nil) {
        self.storeID = storeID
        self.sku = sku
        self.title = title
        self.category = category
        self.price = price
    }
}
