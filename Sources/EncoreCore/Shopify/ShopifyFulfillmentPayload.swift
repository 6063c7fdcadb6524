/// The body of Shopify's `fulfillments/create` and `fulfillments/update` webhooks: a REST Admin API
/// Fulfillment, i.e. one parcel of an order with its tracking.
struct ShopifyFulfillmentPayload: Decodable {
    var id: ShopifyID
    var order_id: ShopifyID
    /// "pending", "open", "success", "cancelled", "error", "failure".
    var status: String?
    var created_at: ShopifyTime
    var updated_at: ShopifyTime?
    var tracking_company: String?
    var tracking_number: String?
    var tracking_numbers: [String]?
    /// The carrier's latest word: "label_printed", "in_transit", "delivered", "failure"...
    var shipment_status: String?
    var estimated_delivery_at: ShopifyTime?
}

extension ShopifyFulfillmentPayload {
    /// Maps the fulfillment to a shipment whose timeline holds a `label_created` checkpoint at
    /// `created_at`, then at `updated_at` (else `created_at`) an `exception` if the fulfillment was
    /// cancelled or failed, and the normalized `shipment_status` if it has one.
    ///
    /// Checkpoint times come from the body only, so a replayed webhook adds nothing to the timeline.
    func mapped(store: Store) -> Shipment {
        let createdAt = created_at.value
        let changedAt = updated_at?.value ?? createdAt
        var checkpoints = [ShipmentCheckpoint(status: .labelCreated, at: createdAt)]
        func add(_ checkpoint: ShipmentCheckpoint) {
            if !checkpoints.contains(where: { $0.status == checkpoint.status && $0.at == checkpoint.at }) {
                checkpoints.append(checkpoint)
            }
        }
        switch status.shopifyText?.lowercased() {
        case "cancelled": add(ShipmentCheckpoint(status: .exception, at: changedAt, message: "fulfillment cancelled"))
        case "failure", "error":
            add(ShipmentCheckpoint(status: .exception, at: changedAt, message: "fulfillment failed"))
        default: break
        }
        if let raw = shipment_status.shopifyText, let normalized = ShipmentStatus.normalizing(raw) {
            add(ShipmentCheckpoint(status: normalized, at: changedAt))
        }
        let tracking =
            tracking_number.shopifyText ?? tracking_numbers?.lazy.compactMap({ Optional($0).shopifyText }).first
        return Shipment(
            storeID: store.id, key: id.value, orderKey: order_id.value, carrier: tracking_company.shopifyText,
            trackingNumber: tracking, estimatedDelivery: estimated_delivery_at?.value, checkpoints: checkpoints)
    }
}
