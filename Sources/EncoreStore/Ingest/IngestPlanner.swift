import EncoreCore

/// Turns an `IngestBatch` into SQL: what to read first, and, given what was read, what to write.
///
/// The decisions (new, changed or replayed; which events to derive; what is invalid) are made
/// here from the rows read inside the same transaction, so every backend behaves the same.
/// Planning is pure: it throws an `IngestError` before any write when the batch is invalid.
struct IngestPlanner: Sendable {
    let batch: IngestBatch
    let now: Timestamp
    let dialect: SQLDialect
    /// Per order (same index as `batch.orders`): its content hash and the row values to write if
    /// it is new or changed. Computed before the transaction, so the writer holds its lock less.
    let preparedOrders: [PreparedOrder]
    /// Writes that do not depend on what the transaction reads, built before it starts:
    /// customers and products (upserts), and the inserts of orders and lines for the common case
    /// where none of the batch's orders exists yet (a first import, a new order).
    private(set) var prebuiltCustomersAndProducts: [SQLStatement] = []
    private(set) var prebuiltNewOrders: [SQLStatement] = []

    struct PreparedOrder: Sendable {
        var hash: String
        var row: [SQLValue]
        var lines: [[SQLValue]]
    }

    init(batch: IngestBatch, now: Timestamp, dialect: SQLDialect) {
        var batch = batch
        batch.orders = Self.lastByKey(batch.orders, \.key)
        batch.shipments = Self.mergeShipments(batch.shipments)
        batch.refunds = Self.lastByKey(batch.refunds, \.key)
        batch.returns = Self.lastByKey(batch.returns, \.key)
        self.batch = batch
        self.now = now
        self.dialect = dialect
        self.preparedOrders = batch.orders.map { Self.prepare($0, origin: batch.origin, now: now) }
        self.prebuiltCustomersAndProducts = customerStatements() + productStatements()
        self.prebuiltNewOrders = orderInserts(rows: preparedOrders.map(\.row), lines: preparedOrders.flatMap(\.lines))
    }

    var storeID: Int64 { batch.storeID }

    /// Orders the batch's other records refer to, besides its own orders.
    var referencedOrderKeys: [String] {
        batch.shipments.map(\.orderKey) + batch.refunds.map(\.orderKey) + batch.returns.map(\.orderKey)
    }

    /// Keys to lock (PostgreSQL) so concurrent batches touching the same records run one after the other.
    var lockKeys: [Int64] {
        // SQLite serializes writers: no record locks to compute.
        guard dialect == .postgres else { return [] }
        func key(_ kind: String, _ id: String) -> Int64 {
            var hasher = StableHasher()
            hasher.combine(storeID)
            hasher.combine(kind)
            hasher.combine(id)
            return Int64(bitPattern: hasher.value64)
        }
        var keys: [Int64] = []
        for orderKey in batch.orders.map(\.key) + referencedOrderKeys { keys.append(key("o", orderKey)) }
        // Refund and return ids too: two requests may give one id to two different orders.
        for refund in batch.refunds { keys.append(key("r", refund.key)) }
        for ret in batch.returns { keys.append(key("t", ret.key)) }
        for event in batch.events { keys.append(key("e", event.idempotencyKey)) }
        if let delivery = batch.webhookDelivery { keys.append(key("w", delivery.source + ":" + delivery.id)) }
        return keys
    }

    // MARK: Reads

    /// The reads, grouped: each group may be several statements (chunks of IN lists).
    enum ReadGroup: Int, CaseIterable {
        case orders, lines, refundedSums, refunds, shipments, checkpoints, returns, events, customers
    }

    func readGroups() -> [[SQLStatement]] {
        let allOrderKeys = batch.orders.map(\.key) + referencedOrderKeys
        let lineOrderKeys = batch.refunds.map(\.orderKey) + batch.returns.map(\.orderKey)
        return ReadGroup.allCases.map { group in
            switch group {
            case .orders:
                return selectIn(
                    "SELECT order_key, content_hash, cancelled_at, customer_key, currency, total, financial_status FROM orders WHERE store_id = ? AND order_key",
                    storeID: storeID, keys: allOrderKeys)
            case .lines:
                return selectIn(
                    "SELECT order_key, line_key, quantity FROM line_items WHERE store_id = ? AND order_key", storeID: storeID,
                    keys: lineOrderKeys)
            case .refundedSums:
                return selectIn(
                    "SELECT order_key, CAST(SUM(amount) AS BIGINT) FROM refunds WHERE store_id = ? AND order_key",
                    storeID: storeID, keys: batch.refunds.map(\.orderKey), suffix: "GROUP BY order_key")
            case .refunds:
                return selectIn(
                    "SELECT refund_key, order_key FROM refunds WHERE store_id = ? AND refund_key", storeID: storeID,
                    keys: batch.refunds.map(\.key))
            case .shipments:
                return selectIn(
                    "SELECT shipment_key, order_key, carrier, tracking_number, estimated_delivery FROM shipments WHERE store_id = ? AND shipment_key",
                    storeID: storeID, keys: batch.shipments.map(\.key))
            case .checkpoints:
                return selectIn(
                    "SELECT shipment_key, status, at FROM shipment_checkpoints WHERE store_id = ? AND shipment_key",
                    storeID: storeID, keys: batch.shipments.map(\.key))
            case .returns:
                return selectIn(
                    "SELECT return_key, status, reason, order_key FROM returns WHERE store_id = ? AND return_key", storeID: storeID,
                    keys: batch.returns.map(\.key))
            case .events:
                return selectIn(
                    "SELECT idempotency_key, id, content_hash FROM events WHERE store_id = ? AND idempotency_key",
                    storeID: storeID, keys: batch.events.map(\.idempotencyKey))
            case .customers:
                // Only a live batch derives `customer.created`, so only it needs to know who is new.
                guard batch.origin == .live else { return [] }
                return selectIn(
                    "SELECT customer_key FROM customers WHERE store_id = ? AND customer_key", storeID: storeID,
                    keys: customerCreation().map(\.key))
            }
        }
    }

    /// What the reads found, indexed for planning.
    struct Existing {
        struct OrderState {
            var contentHash: String
            var cancelled: Bool
            var customerKey: String?
            var currency: String
            var total: Int64
            var financialStatus: String
        }
        var orders: [String: OrderState] = [:]
        var lines: [String: Int64] = [:]  // "order\u{0}line" -> quantity ordered
        var refunded: [String: Int64] = [:]
        var refunds: [String: String] = [:]  // refund -> its order
        var shipments: [String: (orderKey: String, carrier: String?, tracking: String?, eta: Int64?)] = [:]
        var checkpoints: [String: Set<String>] = [:]  // shipment -> "status@at"
        var returns: [String: (status: String, reason: String?, orderKey: String)] = [:]
        var events: [String: (id: Int64, hash: String)] = [:]
        var customers: Set<String> = []

        init(groups: [[SQLRow]]) {
            for (index, rows) in groups.enumerated() {
                let group = ReadGroup(rawValue: index)!
                for row in rows {
                    switch group {
                    case .orders:
                        orders[row.text(0)] = OrderState(
                            contentHash: row.text(1), cancelled: row.optionalInt(2) != nil,
                            customerKey: row.optionalText(3), currency: row.text(4), total: row.int(5),
                            financialStatus: row.text(6))
                    case .lines: lines[row.text(0) + "\u{0}" + row.text(1)] = row.int(2)
                    case .refundedSums: refunded[row.text(0)] = row.int(1)
                    case .refunds: refunds[row.text(0)] = row.text(1)
                    case .shipments:
                        shipments[row.text(0)] = (row.text(1), row.optionalText(2), row.optionalText(3), row.optionalInt(4))
                    case .checkpoints: checkpoints[row.text(0), default: []].insert(row.text(1) + "@" + row.text(2))
                    case .returns: returns[row.text(0)] = (row.text(1), row.optionalText(2), row.text(3))
                    case .events: events[row.text(0)] = (row.int(1), row.text(2))
                    case .customers: customers.insert(row.text(0))
                    }
                }
            }
        }
    }

    // MARK: Result

    /// What planning decided, completed after the writes with the ids of the events.
    struct Decision: Sendable {
        var result = IngestResult()
        /// Index range of the event insert statements among the write statements.
        var eventStatements: Range<Int> = 0..<0
        /// For each explicit event (in batch order), its id if it was already stored.
        var explicitExisting: [Int64?] = []
    }

    /// Plans the writes. Throws an `IngestError` when the batch contradicts what is stored.
    func plan(reads: [[SQLRow]]) throws -> (statements: [SQLStatement], result: Decision) {
        let existing = Existing(groups: reads)
        var decision = Decision()
        var statements: [SQLStatement] = []
        var derived: [NewEvent] = []

        let needsCustomers = !batch.shipments.isEmpty || !batch.refunds.isEmpty || !batch.returns.isEmpty
        let orderCustomer = needsCustomers ? orderCustomers(existing) : [:]
        statements += prebuiltCustomersAndProducts
        // A new customer's `customer.created` comes before the events of their first order.
        if batch.origin == .live {
            for (key, createdAt) in customerCreation() {
                derived += DerivedEvents.forCustomer(
                    key: key, storeID: storeID, createdAt: createdAt, isNew: !existing.customers.contains(key),
                    origin: batch.origin)
            }
        }
        statements += try orderStatements(existing, &decision, &derived)
        statements += try shipmentStatements(existing, orderCustomer, &decision, &derived)
        statements += try refundStatements(existing, orderCustomer, &decision, &derived)
        statements += try returnStatements(existing, orderCustomer, &decision, &derived)
        let explicit = try explicitEvents(existing, &decision)
        let start = statements.count
        statements += eventStatements(explicit + derived)
        decision.eventStatements = start..<statements.count
        if let delivery = batch.webhookDelivery {
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO webhook_deliveries (store_id, source, delivery_id, topic, status, response, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, source, delivery_id) DO NOTHING
                    """,
                    [
                        .int(storeID), .text(delivery.source), .text(delivery.id), .text(delivery.topic),
                        .int(Int64(delivery.status)), .text(delivery.response), .int(now.millisecondsSinceEpoch),
                    ]))
        }
        return (statements, decision)
    }

    /// Completes the decision with the rows the event inserts returned.
    func finish(_ decision: Decision, rows: [[SQLRow]]) -> IngestResult {
        var result = decision.result
        var inserted: [String: Int64] = [:]
        for index in decision.eventStatements {
            for row in rows[index] { inserted[row.text(0)] = row.int(1) }
        }
        result.eventsAppended = inserted.count
        result.eventIDs = zip(batch.events, decision.explicitExisting).map { event, existingID in
            existingID ?? inserted[event.idempotencyKey] ?? 0
        }
        return result
    }

    /// Every customer the batch upserts (its own, and its orders'), once each in batch order,
    /// with the earliest time the batch says they were created.
    func customerCreation() -> [(key: String, createdAt: Timestamp)] {
        var index: [String: Int] = [:]
        var out: [(key: String, createdAt: Timestamp)] = []
        func add(_ key: String, _ at: Timestamp) {
            if let i = index[key] {
                out[i].createdAt = min(out[i].createdAt, at)
            } else {
                index[key] = out.count
                out.append((key, at))
            }
        }
        for customer in batch.customers { add(customer.key, customer.createdAt) }
        for order in batch.orders { if let key = order.customerKey { add(key, order.placedAt) } }
        return out
    }

    /// Customer of each order the batch touches, from the batch or from the store.
    private func orderCustomers(_ existing: Existing) -> [String: String] {
        var map: [String: String] = [:]
        for (key, state) in existing.orders { if let c = state.customerKey { map[key] = c } }
        for order in batch.orders { if let c = order.customerKey { map[order.key] = c } }
        return map
    }

    static func lastByKey<T>(_ items: [T], _ key: KeyPath<T, String>) -> [T] {
        var index: [String: Int] = [:]
        var out: [T] = []
        for item in items {
            if let i = index[item[keyPath: key]] {
                out[i] = item
            } else {
                index[item[keyPath: key]] = out.count
                out.append(item)
            }
        }
        return out
    }

    /// Several updates of one shipment in a batch become one, with every checkpoint.
    static func mergeShipments(_ shipments: [Shipment]) -> [Shipment] {
        var index: [String: Int] = [:]
        var out: [Shipment] = []
        for shipment in shipments {
            if let i = index[shipment.key] {
                var merged = shipment
                merged.checkpoints = out[i].checkpoints + shipment.checkpoints
                merged.carrier = shipment.carrier ?? out[i].carrier
                merged.trackingNumber = shipment.trackingNumber ?? out[i].trackingNumber
                merged.estimatedDelivery = shipment.estimatedDelivery ?? out[i].estimatedDelivery
                out[i] = merged
            } else {
                index[shipment.key] = out.count
                out.append(shipment)
            }
        }
        return out
    }
}
