import Foundation

/// The Shopify webhook topics Encore subscribes to, named as in the `X-Shopify-Topic` header.
public enum ShopifyTopic: String, CaseIterable, Sendable {
    /// An order was placed; the body is the Order.
    case ordersCreate = "orders/create"
    /// An order changed (payment, fulfilment, edits...); the body is the Order.
    case ordersUpdated = "orders/updated"
    /// An order was cancelled; the body is the Order.
    case ordersCancelled = "orders/cancelled"
    /// A parcel of an order was created; the body is the Fulfillment.
    case fulfillmentsCreate = "fulfillments/create"
    /// A parcel's status or tracking changed; the body is the Fulfillment.
    case fulfillmentsUpdate = "fulfillments/update"
    /// Money or items of an order were refunded; the body is the Refund.
    case refundsCreate = "refunds/create"
}

/// Maps Shopify webhook bodies (REST Admin API JSON) to Encore's domain. Pure: no I/O, no clock.
///
/// - Orders (`orders/*`) give the order, its customer (keyed by Shopify's customer id, else by
///   e-mail) with marketing consents, and a product per line with a SKU.
/// - Fulfillments (`fulfillments/*`) give a shipment whose timeline is built from the body's times.
/// - Refunds (`refunds/create`) give a refund of the order.
///
/// Shopify ids exceed 2^53: they are decoded as integers and stored as exact decimal strings.
/// Amounts are exact decimals converted with the currency's exponent (JPY 0, KWD 3). Events are
/// not built here: storage derives them from what the batch changes.
public enum ShopifyWebhook {
    /// Decodes a webhook body of the given topic into an IngestBatch for the store (origin .live).
    ///
    /// - Parameters:
    ///   - topic: The delivery's topic (`X-Shopify-Topic`).
    ///   - body: The raw request body, a JSON object.
    ///   - store: The store the webhook is for; its id keys every record, and its currency is the
    ///     fallback for a refund without transactions.
    ///   - receivedAt: When the delivery arrived; used only where the body has no time
    ///     (consents without a date, a cancellation without `cancelled_at`).
    /// - Throws: `ShopifyPayloadError` naming the field path ("line_items[2].price") and the reason.
    public static func batch(topic: ShopifyTopic, body: [UInt8], store: Store, receivedAt: Timestamp)
        throws(ShopifyPayloadError) -> IngestBatch
    {
        var batch = IngestBatch(storeID: store.id, origin: .live)
        switch topic {
        case .ordersCreate, .ordersUpdated, .ordersCancelled:
            let payload = try decode(ShopifyOrderPayload.self, from: body)
            let mapped = try payload.mapped(store: store, receivedAt: receivedAt, cancelled: topic == .ordersCancelled)
            batch.customers = mapped.customer.map { [$0] } ?? []
            batch.products = mapped.products
            batch.orders = [mapped.order]
        case .fulfillmentsCreate, .fulfillmentsUpdate:
            let payload = try decode(ShopifyFulfillmentPayload.self, from: body)
            batch.shipments = [payload.mapped(store: store)]
        case .refundsCreate:
            let payload = try decode(ShopifyRefundPayload.self, from: body)
            batch.refunds = [try payload.mapped(store: store)]
        }
        return batch
    }

    /// Decodes a JSON body, turning every failure into an error that names the field.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(ShopifyPayloadError) -> T {
        guard !body.isEmpty else { throw ShopifyPayloadError(field: "body", reason: "is empty") }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw ShopifyPayloadError(field: "body", reason: "is not valid UTF-8")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw ShopifyPayloadError(error)
        } catch {
            throw ShopifyPayloadError(field: "body", reason: "cannot be decoded: \(error)")
        }
    }
}
