import EncoreCore
import FuzzDriver
import FuzzSupport

// Input: byte 0 picks the webhook topic, the rest is the body. A `ShopifyPayloadError` is a
// rejection; a batch is checked for what storage relies on and run through the derived events.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let topic = ShopifyTopic.allCases[Int(data[0]) % ShopifyTopic.allCases.count]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let batch: IngestBatch
    do {
        batch = try ShopifyWebhook.batch(topic: topic, body: body, store: fuzzStore, receivedAt: fuzzNow)
    } catch {
        fuzzRequire(!error.field.isEmpty, "ShopifyPayloadError without a field: \(error)")
        return 0
    }
    fuzzRequire(batch.storeID == fuzzStore.id && batch.origin == .live, "batch for another store or origin")
    for order in batch.orders {
        fuzzRequire(!order.key.isEmpty, "order without a key")
        fuzzRequire(order.lines.allSatisfy { $0.quantity >= 0 && $0.total >= 0 }, "order line below zero: \(order.lines)")
        fuzzRequire(Set(order.lines.map(\.key)).count == order.lines.count, "duplicate line keys")
        fuzzRequire(
            order.shippingAddress.map { $0.count <= Order.maxShippingAddressLength } ?? true, "shipping address too long")
        fuzzExercise(order)
        if let key = order.customerKey {
            fuzzRequire(batch.customers.contains { $0.key == key }, "order names customer \(key) the batch lacks")
        }
    }
    for customer in batch.customers {
        _ = DerivedEvents.forCustomer(
            key: customer.key, storeID: customer.storeID, createdAt: customer.createdAt, isNew: true, origin: .live)
    }
    for shipment in batch.shipments {
        for event in DerivedEvents.forShipment(
            shipment, newCheckpoints: shipment.checkpoints, customerKey: "c", origin: .live)
        {
            _ = event.contentHash
        }
    }
    for refund in batch.refunds {
        fuzzRequire(refund.amount >= 0, "negative refund \(refund.amount)")
        for event in DerivedEvents.forRefund(refund, customerKey: nil, origin: .live) { _ = event.contentHash }
    }
    return 0
}

/// The entry point of a debug build (see FuzzDriver.h).
@_cdecl("FuzzShopify_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    encore_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}
