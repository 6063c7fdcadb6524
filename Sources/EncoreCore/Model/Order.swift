/// Where an order was placed.
public enum SalesChannel: String, CaseIterable, Hashable, Sendable, Codable {
    case web, pos, app
}

/// The payment state of an order, as Shopify names it.
public enum FinancialStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case pending, authorized, paid, partiallyPaid = "partially_paid", partiallyRefunded = "partially_refunded",
        refunded, voided
}

/// The fulfilment state of an order.
public enum FulfilmentStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case unfulfilled, partial, fulfilled, restocked
}

/// One line of an order.
public struct LineItem: Hashable, Sendable {
    /// The source's line id, unique within the order.
    public var key: String
    public var sku: String?
    public var title: String
    public var category: String?
    public var quantity: Int64
    /// Price of one unit before discounts, minor units of the order's currency.
    public var unitPrice: Int64
    /// Discount on the whole line, minor units.
    public var discount: Int64
    /// quantity * unitPrice - discount, minor units.
    public var total: Int64

    public init(
        key: String, sku: String?, title: String, category: String? = nil, quantity: Int64, unitPrice: Int64,
        discount: Int64 = 0, total: Int64? = nil
    ) {
        self.key = key
        self.sku = sku
        self.title = title
        self.category = category
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.total = total ?? (quantity * unitPrice - discount)
    }
}

/// An order with its lines, keyed by the source's id within its store.
///
/// All amounts are minor units of `currency`. `total` is what the customer paid:
/// subtotal - discounts + tax + shipping (tax-inclusive shops report tax inside the subtotal).
public struct Order: Hashable, Sendable {
    public var storeID: StoreID
    /// The source's id (Shopify's numeric id as a decimal string, exactly).
    public var key: String
    /// The display number the customer sees, e.g. "#1001".
    public var number: String?
    public var customerKey: String?
    public var placedAt: Timestamp
    public var currency: Currency
    public var subtotal: Int64
    public var discounts: Int64
    public var tax: Int64
    public var shipping: Int64
    public var total: Int64
    public var channel: SalesChannel
    public var financialStatus: FinancialStatus
    public var fulfilmentStatus: FulfilmentStatus
    public var cancelledAt: Timestamp?
    public var cancelReason: String?
    public var lines: [LineItem]
    /// Where the order ships, on one line as the source gave it (e.g. "12 Rue de la Paix, 75002 Paris, FR"),
    /// or nil when the source gave none. Kept so the referral fraud screen can tell a friend shipping
    /// to the referrer's address; at most `Order.maxShippingAddressLength` characters.
    public var shippingAddress: String?

    public init(
        storeID: StoreID, key: String, number: String? = nil, customerKey: String?, placedAt: Timestamp,
        currency: Currency, subtotal: Int64, discounts: Int64 = 0, tax: Int64 = 0, shipping: Int64 = 0,
        total: Int64, channel: SalesChannel = .web, financialStatus: FinancialStatus = .paid,
        fulfilmentStatus: FulfilmentStatus = .unfulfilled, cancelledAt: Timestamp? = nil,
        cancelReason: String? = nil, lines: [LineItem], shippingAddress: String? = nil
    ) {
        self.storeID = storeID
        self.key = key
        self.number = number
        self.customerKey = customerKey
        self.placedAt = placedAt
        self.currency = currency
        self.subtotal = subtotal
        self.discounts = discounts
        self.tax = tax
        self.shipping = shipping
        self.total = total
        self.channel = channel
        self.financialStatus = financialStatus
        self.fulfilmentStatus = fulfilmentStatus
        self.cancelledAt = cancelledAt
        self.cancelReason = cancelReason
        self.lines = lines
        self.shippingAddress = shippingAddress
    }

    /// A stable fingerprint of everything stored about the order, used to tell an update
    /// that changes something from a replay that changes nothing.
    public var contentHash: String {
        var hasher = StableHasher()
        hasher.combine(key)
        hasher.combine(number ?? "")
        hasher.combine(customerKey ?? "")
        hasher.combine(placedAt.millisecondsSinceEpoch)
        hasher.combine(currency.code)
        for value in [subtotal, discounts, tax, shipping, total] { hasher.combine(value) }
        hasher.combine(channel.rawValue)
        hasher.combine(financialStatus.rawValue)
        hasher.combine(fulfilmentStatus.rawValue)
        hasher.combine(cancelledAt?.millisecondsSinceEpoch ?? -1)
        hasher.combine(cancelReason ?? "")
        for line in lines {
            hasher.combine(line.key)
            hasher.combine(line.sku ?? "")
            hasher.combine(line.title)
            hasher.combine(line.category ?? "")
            for value in [line.quantity, line.unitPrice, line.discount, line.total] { hasher.combine(value) }
        }
        // Only when present, so the hash of an order without an address is what it was before
        // addresses were stored (a replay of an older order stays `unchanged`).
        if let shippingAddress {
            hasher.combine("shipping_address")
            hasher.combine(shippingAddress)
        }
        return hasher.hexDigest
    }
}

extension Order {
    /// The longest shipping address accepted, in characters; a longer one is refused at the input.
    public static let maxShippingAddressLength = 500

    /// An address's parts on one line: each part trimmed, the empty ones dropped, the rest joined
    /// with ", " in the order given (street, street 2, city, postal code, region, country);
    /// nil when no part has text.
    ///
    /// Every input (the API, Shopify) builds the line this way, so the same address from two
    /// sources reads the same.
    public static func oneLineAddress(_ parts: [String?]) -> String? {
        let texts = parts.compactMap { part -> String? in
            guard let text = part?.trimmingSpaces(), !text.isEmpty else { return nil }
            return text
        }
        return texts.isEmpty ? nil : texts.joined(separator: ", ")
    }
}
