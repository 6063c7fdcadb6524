/// The events the log gains when stored records change: the rules every ingestion path shares.
///
/// Keys are built from the source's ids and content, so re-applying the same data derives the
/// same keys and the log gains nothing. Historical data (imports) derives no per-record events:
/// it is history, not something that just happened.
public enum DerivedEvents {
    /// Events for an order upsert, given what the store held before (nil when new).
    public static func forOrder(
        _ order: Order, outcome: UpsertOutcome, wasCancelled: Bool, origin: EventOrigin, now: Timestamp
    ) -> [NewEvent] {
        guard origin == .live, outcome != .unchanged else { return [] }
        var events: [NewEvent] = []
        let payload = JSONText.render([
            ("order_id", .string(order.key)),
            ("number", order.number.map(JSONText.string) ?? .null),
            ("total", .string(Money.format(minorUnits: order.total, exponent: order.currency.exponent))),
            ("currency", .string(order.currency.code)),
            ("channel", .string(order.channel.rawValue)),
        ])
        if outcome == .created {
            events.append(
                NewEvent(
                    storeID: order.storeID, type: "order.placed", customerKey: order.customerKey,
                    orderKey: order.key, occurredAt: order.placedAt, payload: payload,
                    idempotencyKey: "order.placed:\(order.key)"))
        } else {
            events.append(
                NewEvent(
                    storeID: order.storeID, type: "order.updated", customerKey: order.customerKey,
                    orderKey: order.key, occurredAt: now, payload: payload,
                    idempotencyKey: "order.updated:\(order.key):\(order.contentHash)"))
        }
        if let cancelledAt = order.cancelledAt, !wasCancelled {
            events.append(
                NewEvent(
                    storeID: order.storeID, type: "order.cancelled", customerKey: order.customerKey,
                    orderKey: order.key, occurredAt: cancelledAt,
                    payload: JSONText.render([
                        ("order_id", .string(order.key)),
                        ("reason", order.cancelReason.map(JSONText.string) ?? .null),
                    ]), idempotencyKey: "order.cancelled:\(order.key)"))
        }
        return events
    }

    /// `customer.created` for a customer the store did not hold before (`isNew`), stored by a live
    /// ingest (an import or the demo's history creates customers without it): journeys welcome
    /// them and the loyalty worker gives the sign-up points. Keyed by the customer, so a replay,
    /// or the same customer arriving again, adds nothing.
    public static func forCustomer(key: String, storeID: StoreID, createdAt: Timestamp, isNew: Bool, origin: EventOrigin)
        -> [NewEvent]
    {
        guard origin == .live, isNew else { return [] }
        return [
            NewEvent(
                storeID: storeID, type: "customer.created", customerKey: key, occurredAt: createdAt,
                payload: JSONText.render([("customer_id", .string(key))]), idempotencyKey: "customer.created:\(key)")
        ]
    }

    /// Events for checkpoints newly added to a shipment's timeline ("shipment.delivered", ...).
    public static func forShipment(
        _ shipment: Shipment, newCheckpoints: [ShipmentCheckpoint], customerKey: String?, origin: EventOrigin
    ) -> [NewEvent] {
        guard origin == .live else { return [] }
        return newCheckpoints.map { checkpoint in
            NewEvent(
                storeID: shipment.storeID, type: "shipment.\(checkpoint.status.rawValue)", customerKey: customerKey,
                orderKey: shipment.orderKey, occurredAt: checkpoint.at,
                payload: JSONText.render([
                    ("shipment_id", .string(shipment.key)),
                    ("carrier", shipment.carrier.map(JSONText.string) ?? .null),
                    ("tracking_number", shipment.trackingNumber.map(JSONText.string) ?? .null),
                    ("location", checkpoint.location.map(JSONText.string) ?? .null),
                ]),
                idempotencyKey:
                    "shipment.\(checkpoint.status.rawValue):\(shipment.key):\(checkpoint.at.millisecondsSinceEpoch)")
        }
    }

    /// The event for a newly recorded refund.
    public static func forRefund(_ refund: Refund, customerKey: String?, origin: EventOrigin) -> [NewEvent] {
        guard origin == .live else { return [] }
        return [
            NewEvent(
                storeID: refund.storeID, type: "refund.created", customerKey: customerKey, orderKey: refund.orderKey,
                occurredAt: refund.createdAt,
                payload: JSONText.render([
                    ("refund_id", .string(refund.key)),
                    ("amount", .string(Money.format(minorUnits: refund.amount, exponent: refund.currency.exponent))),
                    ("currency", .string(refund.currency.code)),
                    (
                        "lines",
                        .array(
                            refund.lines.map {
                                .object([
                                    ("line_id", .string($0.lineKey)), ("quantity", .int($0.quantity)),
                                    (
                                        "amount",
                                        .string(Money.format(minorUnits: $0.amount, exponent: refund.currency.exponent))
                                    ),
                                ])
                            })
                    ),
                ]), idempotencyKey: "refund.created:\(refund.key)")
        ]
    }

    /// The event for a return reaching a status it did not have before.
    public static func forReturn(
        _ ret: Return, outcome: UpsertOutcome, customerKey: String?, origin: EventOrigin, now: Timestamp
    ) -> [NewEvent] {
        guard origin == .live, outcome != .unchanged else { return [] }
        return [
            NewEvent(
                storeID: ret.storeID, type: "return.\(ret.status.rawValue)", customerKey: customerKey,
                orderKey: ret.orderKey, occurredAt: outcome == .created ? ret.requestedAt : now,
                payload: JSONText.render([
                    ("return_id", .string(ret.key)), ("reason", ret.reason.map(JSONText.string) ?? .null),
                ]), idempotencyKey: "return.\(ret.status.rawValue):\(ret.key)")
        ]
    }

    /// The financial status an order should show after refunds totalling `refunded`.
    public static func financialStatus(total: Int64, refunded: Int64, current: FinancialStatus) -> FinancialStatus {
        if refunded <= 0 { return current }
        return refunded >= total ? .refunded : .partiallyRefunded
    }
}
