import EncoreCore
import EncoreStore

/// JSON renderings of domain records for API responses: snake_case keys, amounts as decimal
/// strings in the record's currency, times as ISO 8601 UTC, ids as strings.
enum Present {
    static func money(_ minor: Int64, _ currency: Currency) -> JSONText {
        .string(Money.format(minorUnits: minor, exponent: currency.exponent))
    }

    static func time(_ t: Timestamp?) -> JSONText { t.map { .string($0.iso8601) } ?? .null }
    static func text(_ s: String?) -> JSONText { s.map(JSONText.string) ?? .null }

    static func order(_ o: Order) -> JSONText {
        .object([
            ("id", .string(o.key)), ("number", text(o.number)), ("customer_id", text(o.customerKey)),
            ("placed_at", time(o.placedAt)), ("currency", .string(o.currency.code)),
            ("subtotal", money(o.subtotal, o.currency)), ("discounts", money(o.discounts, o.currency)),
            ("tax", money(o.tax, o.currency)), ("shipping", money(o.shipping, o.currency)),
            ("total", money(o.total, o.currency)), ("channel", .string(o.channel.rawValue)),
            ("financial_status", .string(o.financialStatus.rawValue)),
            ("fulfilment_status", .string(o.fulfilmentStatus.rawValue)), ("cancelled_at", time(o.cancelledAt)),
            ("cancel_reason", text(o.cancelReason)), ("shipping_address", text(o.shippingAddress)),
            (
                "lines",
                .array(
                    o.lines.map { l in
                        .object([
                            ("id", .string(l.key)), ("sku", text(l.sku)), ("title", .string(l.title)),
                            ("category", text(l.category)), ("quantity", .int(l.quantity)),
                            ("unit_price", money(l.unitPrice, o.currency)), ("discount", money(l.discount, o.currency)),
                            ("total", money(l.total, o.currency)),
                        ])
                    })
            ),
        ])
    }

    static func shipment(_ s: Shipment) -> JSONText {
        .object([
            ("id", .string(s.key)), ("order_id", .string(s.orderKey)), ("carrier", text(s.carrier)),
            ("tracking_number", text(s.trackingNumber)), ("estimated_delivery", time(s.estimatedDelivery)),
            ("status", text(s.status?.rawValue)),
            (
                "checkpoints",
                .array(
                    s.checkpoints.map { c in
                        .object([
                            ("status", .string(c.status.rawValue)), ("at", time(c.at)), ("location", text(c.location)),
                            ("message", text(c.message)),
                        ])
                    })
            ),
        ])
    }

    static func refund(_ r: Refund) -> JSONText {
        .object([
            ("id", .string(r.key)), ("order_id", .string(r.orderKey)), ("amount", money(r.amount, r.currency)),
            ("currency", .string(r.currency.code)), ("reason", text(r.reason)), ("created_at", time(r.createdAt)),
            (
                "lines",
                .array(
                    r.lines.map {
                        .object([
                            ("line_id", .string($0.lineKey)), ("quantity", .int($0.quantity)),
                            ("amount", money($0.amount, r.currency)),
                        ])
                    })
            ),
        ])
    }

    static func returnRecord(_ r: Return) -> JSONText {
        .object([
            ("id", .string(r.key)), ("order_id", .string(r.orderKey)), ("status", .string(r.status.rawValue)),
            ("reason", text(r.reason)), ("requested_at", time(r.requestedAt)),
            (
                "lines",
                .array(
                    r.lines.map {
                        .object([("line_id", .string($0.lineKey)), ("quantity", .int($0.quantity)), ("reason", text($0.reason))])
                    })
            ),
        ])
    }

    static func orderDetail(_ d: OrderDetail) -> JSONText {
        guard case .object(var members) = order(d.order) else { return .null }
        members.append(("shipments", .array(d.shipments.map(shipment))))
        members.append(("refunds", .array(d.refunds.map(refund))))
        members.append(("returns", .array(d.returns.map(returnRecord))))
        return .object(members)
    }

    static func event(_ e: Event) -> JSONText {
        .object([
            ("id", .int(e.id)), ("type", .string(e.type)), ("customer_id", text(e.customerKey)),
            ("order_id", text(e.orderKey)), ("occurred_at", time(e.occurredAt)), ("received_at", time(e.receivedAt)),
            ("origin", .string(e.origin.rawValue)), ("idempotency_key", .string(e.idempotencyKey)),
            ("payload", .raw(e.payload)),
        ])
    }

    static func customer(_ d: CustomerDetail) -> JSONText {
        let c = d.customer
        return .object([
            ("id", .string(c.key)), ("email", text(c.email)), ("phone", text(c.phone)),
            ("first_name", text(c.firstName)), ("last_name", text(c.lastName)), ("time_zone", text(c.timeZone)),
            ("locale", text(c.locale)), ("birthday", text(c.birthday?.text)), ("created_at", time(c.createdAt)),
            (
                "consents",
                .array(
                    c.consents.map {
                        .object([
                            ("channel", .string($0.channel.rawValue)), ("purpose", .string($0.purpose.rawValue)),
                            ("granted", .bool($0.granted)), ("updated_at", time($0.updatedAt)),
                        ])
                    })
            ),
            ("orders", .array(d.orders.map(order))), ("events", .array(d.events.map(event))),
        ])
    }

    static func stats(_ s: StoreStats) -> JSONText {
        .object([
            ("store", .string(s.store)), ("store_id", .int(s.storeID)), ("customers", .int(s.customers)),
            ("orders", .int(s.orders)), ("line_items", .int(s.lineItems)), ("shipments", .int(s.shipments)),
            ("events", .int(s.events)),
            ("revenue", .object(s.revenue.keys.sorted().map { ($0, .int(s.revenue[$0]!)) })),
            ("refunds", .object(s.refunds.keys.sorted().map { ($0, .int(s.refunds[$0]!)) })),
        ])
    }
}
