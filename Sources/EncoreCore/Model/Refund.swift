/// One refunded line: how many units and how much money.
public struct RefundLine: Hashable, Sendable {
    public var lineKey: String
    public var quantity: Int64
    public var amount: Int64

    public init(lineKey: String, quantity: Int64, amount: Int64) {
        self.lineKey = lineKey
        self.quantity = quantity
        self.amount = amount
    }
}

/// A refund, full or partial, of an order. Recorded once per source id.
public struct Refund: Hashable, Sendable {
    public var storeID: StoreID
    public var key: String
    public var orderKey: String
    /// Total refunded, minor units of the order's currency.
    public var amount: Int64
    public var currency: Currency
    public var reason: String?
    public var createdAt: Timestamp
    public var lines: [RefundLine]

    public init(
        storeID: StoreID, key: String, orderKey: String, amount: Int64, currency: Currency, reason: String? = nil,
        createdAt: Timestamp, lines: [RefundLine] = []
    ) {
        self.storeID = storeID
        self.key = key
        self.orderKey = orderKey
        self.amount = amount
        self.currency = currency
        self.reason = reason
        self.createdAt = createdAt
        self.lines = lines
    }
}

/// The life of a return request.
public enum ReturnStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case requested, approved, received, refunded, rejected
}

/// One returned line.
public struct ReturnLine: Hashable, Sendable {
    public var lineKey: String
    public var quantity: Int64
    public var reason: String?

    public init(lineKey: String, quantity: Int64, reason: String? = nil) {
        self.lineKey = lineKey
        self.quantity = quantity
        self.reason = reason
    }
}

/// A return of some lines of an order. Upserting it moves its status.
public struct Return: Hashable, Sendable {
    public var storeID: StoreID
    public var key: String
    public var orderKey: String
    public var status: ReturnStatus
    public var reason: String?
    public var requestedAt: Timestamp
    public var lines: [ReturnLine]

    public init(
        storeID: StoreID, key: String, orderKey: String, status: ReturnStatus, reason: String? = nil,
        requestedAt: Timestamp, lines: [ReturnLine]
    ) {
        self.storeID = storeID
        self.key = key
        self.orderKey = orderKey
        self.status = status
        self.reason = reason
        self.requestedAt = requestedAt
        self.lines = lines
    }
}
