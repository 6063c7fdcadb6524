/// Splits the demo's generated history at a cut-off: everything before it is history (stored as
/// it is, starting no journey), and what happens after it becomes a timeline of live moments,
/// each a batch to ingest at its own time, so the default journeys run over the last days of
/// the demo as they would have in a real shop.
///
/// A live order is ingested when it is placed; its shipment once per checkpoint (the timeline up
/// to that checkpoint); its refunds and returns when they happen; and some customers answer the
/// NPS question a few days after delivery (`feedback.nps`, chosen deterministically).
public struct DemoLiveWindow: Sendable {
    /// One thing that happens at one moment.
    public struct Moment: Sendable {
        public var at: Timestamp
        public var batch: IngestBatch
    }

    public let cutoff: Timestamp
    public let end: Timestamp

    public init(cutoff: Timestamp, end: Timestamp) {
        self.cutoff = cutoff
        self.end = end
    }

    /// The historical part of `batch` (to ingest now) and its live moments (to ingest later, in
    /// time order with those of other batches).
    public func split(_ batch: IngestBatch) -> (history: IngestBatch, moments: [Moment]) {
        var history = batch
        history.orders = []
        history.shipments = []
        history.refunds = []
        history.returns = []
        history.customers = []
        var moments: [Moment] = []
        let liveOrders = Set(batch.orders.filter { $0.placedAt >= cutoff }.map(\.key))
        let customersByKey = Dictionary(batch.customers.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var liveCustomers = Set<String>()
        for order in batch.orders {
            guard liveOrders.contains(order.key) else {
                history.orders.append(order)
                continue
            }
            var live = IngestBatch(storeID: batch.storeID, origin: .live, orders: [order])
            if let key = order.customerKey, let customer = customersByKey[key], liveCustomers.insert(key).inserted {
                live.customers = [customer]
            }
            moments.append(Moment(at: order.placedAt, batch: live))
        }
        // A customer first seen in a live order arrives with it; the others are history.
        history.customers = batch.customers.filter { !liveCustomers.contains($0.key) }
        for shipment in batch.shipments {
            guard liveOrders.contains(shipment.orderKey) else {
                history.shipments.append(shipment)
                continue
            }
            let checkpoints = shipment.checkpoints.sorted { $0.at < $1.at }
            for index in checkpoints.indices {
                var partial = shipment
                partial.checkpoints = Array(checkpoints[...index])
                moments.append(
                    Moment(at: checkpoints[index].at, batch: IngestBatch(storeID: batch.storeID, origin: .live, shipments: [partial])))
            }
            if let delivered = checkpoints.last(where: { $0.status == .delivered }),
                let order = batch.orders.first(where: { $0.key == shipment.orderKey }), let customer = order.customerKey,
                let answer = Self.npsAnswer(orderKey: order.key, delivered: delivered.at), answer.at < end
            {
                let payload = JSONText.render([("score", .int(answer.score)), ("order_id", .string(order.key))])
                let event = NewEvent(
                    storeID: batch.storeID, type: "feedback.nps", customerKey: customer, orderKey: order.key,
                    occurredAt: answer.at, payload: payload, idempotencyKey: "demo-nps:\(order.key)")
                moments.append(Moment(at: answer.at, batch: IngestBatch(storeID: batch.storeID, origin: .live, events: [event])))
            }
        }
        for refund in batch.refunds {
            if liveOrders.contains(refund.orderKey) {
                moments.append(Moment(at: refund.createdAt, batch: IngestBatch(storeID: batch.storeID, origin: .live, refunds: [refund])))
            } else {
                history.refunds.append(refund)
            }
        }
        for item in batch.returns {
            if liveOrders.contains(item.orderKey) {
                moments.append(Moment(at: item.requestedAt, batch: IngestBatch(storeID: batch.storeID, origin: .live, returns: [item])))
            } else {
                history.returns.append(item)
            }
        }
        return (history, moments)
    }

    /// About a third of customers answer the NPS question 7 to 9 days after delivery; scores
    /// lean positive, with some detractors (deterministic per order).
    static func npsAnswer(orderKey: String, delivered: Timestamp) -> (score: Int64, at: Timestamp)? {
        var hasher = StableHasher()
        hasher.combine("demo-nps")
        hasher.combine(orderKey)
        let value = hasher.value64
        guard value % 3 == 0 else { return nil }
        let scores: [Int64] = [10, 10, 9, 9, 9, 8, 8, 7, 6, 4, 10, 9]
        let score = scores[Int((value >> 8) % UInt64(scores.count))]
        let delay = 7 * 86_400 + Int64((value >> 20) % (2 * 86_400))
        return (score, delivered.adding(seconds: delay))
    }
}
