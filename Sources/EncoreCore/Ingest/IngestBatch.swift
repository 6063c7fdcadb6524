/// Everything one ingestion step wants stored, written in one transaction.
///
/// Every path in (JSON API, Shopify webhooks, file import, the demo) builds a batch from the
/// source's data and hands it to storage, so idempotency and event rules are the same for all.
/// Order matters only in that customers and products are written before orders that use them.
public struct IngestBatch: Sendable {
    public var storeID: StoreID
    public var origin: EventOrigin
    public var customers: [Customer]
    public var products: [Product]
    public var orders: [Order]
    public var shipments: [Shipment]
    public var refunds: [Refund]
    public var returns: [Return]
    public var events: [NewEvent]
    /// The webhook delivery this batch came from, recorded in the same transaction so a
    /// replayed delivery is recognised and answered the same way.
    public var webhookDelivery: WebhookDelivery?

    public init(
        storeID: StoreID, origin: EventOrigin = .live, customers: [Customer] = [], products: [Product] = [],
        orders: [Order] = [], shipments: [Shipment] = [], refunds: [Refund] = [], returns: [Return] = [],
        events: [NewEvent] = [], webhookDelivery: WebhookDelivery? = nil
    ) {
        self.storeID = storeID
        self.origin = origin
        self.customers = customers
        self.products = products
        self.orders = orders
        self.shipments = shipments
        self.refunds = refunds
        self.returns = returns
        self.events = events
        self.webhookDelivery = webhookDelivery
    }

    public var isEmpty: Bool {
        customers.isEmpty && products.isEmpty && orders.isEmpty && shipments.isEmpty && refunds.isEmpty
            && returns.isEmpty && events.isEmpty
    }
}

/// What happened to one record of a batch.
public enum UpsertOutcome: String, Hashable, Sendable, Codable {
    case created, updated, unchanged
}

/// The result of writing a batch: per-record outcomes keyed by the source's id, and the events appended.
public struct IngestResult: Sendable {
    public var orders: [String: UpsertOutcome] = [:]
    public var shipments: [String: UpsertOutcome] = [:]
    public var refunds: [String: UpsertOutcome] = [:]
    public var returns: [String: UpsertOutcome] = [:]
    /// Ids of the events of `batch.events`, in order, whether new or already stored.
    public var eventIDs: [Int64] = []
    /// Number of events newly appended (explicit and derived).
    public var eventsAppended: Int = 0

    public init() {}
}

/// A delivery of a webhook from a source (e.g. Shopify), identified by the source's delivery id.
public struct WebhookDelivery: Hashable, Sendable {
    public var source: String
    public var id: String
    public var topic: String
    /// The HTTP status and body answered, replayed verbatim to a repeated delivery.
    public var status: Int
    public var response: String

    public init(source: String, id: String, topic: String, status: Int, response: String) {
        self.source = source
        self.id = id
        self.topic = topic
        self.status = status
        self.response = response
    }
}

/// Why a batch cannot be stored as it is. Nothing of the batch is written.
public enum IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    case idempotencyKeyReused(key: String)
    case unknownOrder(key: String)
    case unknownLine(orderKey: String, lineKey: String)
    case currencyMismatch(orderKey: String, expected: String, got: String)
    case refundExceedsTotal(orderKey: String, remaining: Int64)
    case shipmentOfAnotherOrder(shipmentKey: String, orderKey: String)
    /// A refund id already recorded for another order: a refund never moves.
    case refundOfAnotherOrder(refundKey: String, orderKey: String)
    /// A return id already used for another order: a return never moves.
    case returnOfAnotherOrder(returnKey: String, orderKey: String)
    /// The same order line twice in one refund or return; `index` is the repeat's place in its lines.
    case duplicateLine(lineKey: String, index: Int)
    /// More units of a line in one refund or return than the order has of it.
    case quantityExceedsOrdered(lineKey: String, index: Int, quantity: Int64, ordered: Int64)

    /// The input field the error is about, for error responses.
    public var field: String {
        switch self {
        case .idempotencyKeyReused: return "idempotency_key"
        case .unknownOrder, .shipmentOfAnotherOrder: return "order_id"
        case .unknownLine: return "line_id"
        case .currencyMismatch: return "currency"
        case .refundExceedsTotal: return "amount"
        case .refundOfAnotherOrder, .returnOfAnotherOrder: return "id"
        case .duplicateLine(_, let index): return "lines[\(index)].line_id"
        case .quantityExceedsOrdered(_, let index, _, _): return "lines[\(index)].quantity"
        }
    }

    public var description: String {
        switch self {
        case .unknownLine(let orderKey, let lineKey): return "order '\(orderKey)' has no line '\(lineKey)'"
        case .refundExceedsTotal(let orderKey, let remaining):
            return "refund exceeds what remains refundable on order '\(orderKey)' (\(remaining) minor units)"
        case .shipmentOfAnotherOrder(let shipmentKey, let orderKey):
            return "shipment '\(shipmentKey)' belongs to order '\(orderKey)'"
        case .idempotencyKeyReused(let key):
            return "idempotency key '\(key)' was already used for a different event"
        case .unknownOrder(let key): return "order '\(key)' does not exist in this store"
        case .currencyMismatch(let orderKey, let expected, let got):
            return "order '\(orderKey)' is in \(expected), not \(got)"
        case .refundOfAnotherOrder(let refundKey, let orderKey):
            return "refund '\(refundKey)' is already recorded for order '\(orderKey)'"
        case .returnOfAnotherOrder(let returnKey, let orderKey):
            return "return '\(returnKey)' belongs to order '\(orderKey)'"
        case .duplicateLine(let lineKey, _): return "line '\(lineKey)' is listed more than once"
        case .quantityExceedsOrdered(let lineKey, _, let quantity, let ordered):
            return "\(quantity) units of line '\(lineKey)', but the order has \(ordered)"
        }
    }
}
