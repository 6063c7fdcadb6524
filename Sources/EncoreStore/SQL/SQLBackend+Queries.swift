import Foundation
import EncoreCore

extension SQLBackend {
    static var orderColumns: String {
        """
        order_key, number, customer_key, placed_at, currency, subtotal, discounts, tax, shipping, total, channel,
        financial_status, fulfilment_status, cancelled_at, cancel_reason, shipping_address
        """
    }

    static func decodeOrder(_ row: SQLRow, storeID: StoreID, lines: [LineItem]) -> Order {
        Order(
            storeID: storeID, key: row.text(0), number: row.optionalText(1), customerKey: row.optionalText(2),
            placedAt: Timestamp(millisecondsSinceEpoch: row.int(3)), currency: Currency(code: row.text(4)) ?? .usd,
            subtotal: row.int(5), discounts: row.int(6), tax: row.int(7), shipping: row.int(8), total: row.int(9),
            channel: SalesChannel(rawValue: row.text(10)) ?? .web,
            financialStatus: FinancialStatus(rawValue: row.text(11)) ?? .paid,
            fulfilmentStatus: FulfilmentStatus(rawValue: row.text(12)) ?? .unfulfilled,
            cancelledAt: row.optionalInt(13).map(Timestamp.init(millisecondsSinceEpoch:)), cancelReason: row.optionalText(14),
            lines: lines, shippingAddress: row.optionalText(15))
    }

    static func decodeLines(_ rows: [SQLRow]) -> [String: [LineItem]] {
        var lines: [String: [LineItem]] = [:]
        for row in rows {
            lines[row.text(0), default: []].append(
                LineItem(
                    key: row.text(1), sku: row.optionalText(2), title: row.text(3), category: row.optionalText(4),
                    quantity: row.int(5), unitPrice: row.int(6), discount: row.int(7), total: row.int(8)))
        }
        return lines
    }

    static var lineColumns: String { "order_key, line_key, sku, title, category, quantity, unit_price, discount, total" }

    public func customer(storeID: StoreID, key: String, eventLimit: Int) async throws -> CustomerDetail? {
        let args: [SQLValue] = [.int(storeID), .text(key)]
        let rows = try await read([
            SQLStatement(
                "SELECT customer_key, email, phone, first_name, last_name, time_zone, locale, created_at, birthday, birthday_set_at FROM customers WHERE store_id = ? AND customer_key = ?",
                args),
            SQLStatement(
                "SELECT channel, purpose, granted, updated_at FROM consents WHERE store_id = ? AND customer_key = ? ORDER BY channel, purpose",
                args),
            SQLStatement(
                "SELECT \(Self.orderColumns) FROM orders WHERE store_id = ? AND customer_key = ? ORDER BY placed_at DESC, order_key",
                args),
            SQLStatement(
                """
                SELECT \(Self.lineColumns.split(separator: ",").map { "l." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
                FROM line_items l JOIN orders o ON o.store_id = l.store_id AND o.order_key = l.order_key
                WHERE o.store_id = ? AND o.customer_key = ? ORDER BY l.order_key, l.line_key
                """, args),
            SQLStatement(
                """
                SELECT id, type, customer_key, order_key, occurred_at, received_at, payload, idempotency_key, origin
                FROM events WHERE store_id = ? AND customer_key = ? ORDER BY id DESC LIMIT \(max(0, eventLimit))
                """, args),
        ])
        guard let c = rows[0].first else { return nil }
        let consents = Self.decodeConsents(rows[1])
        let customer = Customer(
            storeID: storeID, key: c.text(0), email: c.optionalText(1), phone: c.optionalText(2),
            firstName: c.optionalText(3), lastName: c.optionalText(4), timeZone: c.optionalText(5),
            locale: c.optionalText(6), consents: consents, createdAt: Timestamp(millisecondsSinceEpoch: c.int(7)),
            birthday: c.optionalText(8).flatMap { try? Birthday(parsing: $0) },
            birthdaySetAt: c.optionalInt(9).map(Timestamp.init(millisecondsSinceEpoch:)))
        let lines = Self.decodeLines(rows[3])
        let orders = rows[2].map { Self.decodeOrder($0, storeID: storeID, lines: lines[$0.text(0)] ?? []) }
        let events = rows[4].map { row in
            Event(
                id: row.int(0), storeID: storeID, type: row.text(1), customerKey: row.optionalText(2),
                orderKey: row.optionalText(3), occurredAt: Timestamp(millisecondsSinceEpoch: row.int(4)),
                receivedAt: Timestamp(millisecondsSinceEpoch: row.int(5)), payload: row.text(6),
                idempotencyKey: row.text(7), origin: EventOrigin(rawValue: row.text(8)) ?? .live)
        }
        return CustomerDetail(customer: customer, orders: orders, events: events)
    }

    /// Rows of `SELECT channel, purpose, granted, updated_at FROM consents`.
    static func decodeConsents(_ rows: [SQLRow]) -> [Consent] {
        rows.compactMap { row in
            guard let channel = Channel(rawValue: row.text(0)), let purpose = Purpose(rawValue: row.text(1)) else { return nil }
            return Consent(
                channel: channel, purpose: purpose, granted: row.int(2) != 0,
                updatedAt: Timestamp(millisecondsSinceEpoch: row.int(3)))
        }
    }

    public func order(storeID: StoreID, key: String) async throws -> OrderDetail? {
        Self.decodeOrderDetail(try await read(Self.orderDetailStatements(storeID: storeID, key: key))[...], storeID: storeID, key: key)
    }

    /// The eight reads of an order's detail, in the order `decodeOrderDetail` takes their rows.
    static func orderDetailStatements(storeID: StoreID, key: String) -> [SQLStatement] {
        let args: [SQLValue] = [.int(storeID), .text(key)]
        return [
            SQLStatement("SELECT \(Self.orderColumns) FROM orders WHERE store_id = ? AND order_key = ?", args),
            SQLStatement(
                "SELECT \(Self.lineColumns) FROM line_items WHERE store_id = ? AND order_key = ? ORDER BY line_key", args),
            SQLStatement(
                "SELECT shipment_key, carrier, tracking_number, estimated_delivery FROM shipments WHERE store_id = ? AND order_key = ? ORDER BY created_at, shipment_key",
                args),
            SQLStatement(
                """
                SELECT c.shipment_key, c.status, c.at, c.location, c.message FROM shipment_checkpoints c
                JOIN shipments s ON s.store_id = c.store_id AND s.shipment_key = c.shipment_key
                WHERE s.store_id = ? AND s.order_key = ? ORDER BY c.at, c.status
                """, args),
            SQLStatement(
                "SELECT refund_key, amount, currency, reason, created_at FROM refunds WHERE store_id = ? AND order_key = ? ORDER BY created_at, refund_key",
                args),
            SQLStatement(
                """
                SELECT l.refund_key, l.line_key, l.quantity, l.amount FROM refund_lines l
                JOIN refunds r ON r.store_id = l.store_id AND r.refund_key = l.refund_key
                WHERE r.store_id = ? AND r.order_key = ? ORDER BY l.line_key
                """, args),
            SQLStatement(
                "SELECT return_key, status, reason, requested_at FROM returns WHERE store_id = ? AND order_key = ? ORDER BY requested_at, return_key",
                args),
            SQLStatement(
                """
                SELECT l.return_key, l.line_key, l.quantity, l.reason FROM return_lines l
                JOIN returns r ON r.store_id = l.store_id AND r.return_key = l.return_key
                WHERE r.store_id = ? AND r.order_key = ? ORDER BY l.line_key
                """, args),
        ]
    }

    static func decodeOrderDetail(_ rows: ArraySlice<[SQLRow]>, storeID: StoreID, key: String) -> OrderDetail? {
        let rows = Array(rows)
        guard let orderRow = rows[0].first else { return nil }
        let order = Self.decodeOrder(orderRow, storeID: storeID, lines: Self.decodeLines(rows[1])[key] ?? [])
        var checkpoints: [String: [ShipmentCheckpoint]] = [:]
        for row in rows[3] {
            guard let status = ShipmentStatus(rawValue: row.text(1)) else { continue }
            checkpoints[row.text(0), default: []].append(
                ShipmentCheckpoint(
                    status: status, at: Timestamp(millisecondsSinceEpoch: row.int(2)), location: row.optionalText(3),
                    message: row.optionalText(4)))
        }
        let shipments = rows[2].map { row in
            Shipment(
                storeID: storeID, key: row.text(0), orderKey: key, carrier: row.optionalText(1),
                trackingNumber: row.optionalText(2),
                estimatedDelivery: row.optionalInt(3).map(Timestamp.init(millisecondsSinceEpoch:)),
                checkpoints: checkpoints[row.text(0)] ?? [])
        }
        var refundLines: [String: [RefundLine]] = [:]
        for row in rows[5] {
            refundLines[row.text(0), default: []].append(
                RefundLine(lineKey: row.text(1), quantity: row.int(2), amount: row.int(3)))
        }
        let refunds = rows[4].map { row in
            Refund(
                storeID: storeID, key: row.text(0), orderKey: key, amount: row.int(1),
                currency: Currency(code: row.text(2)) ?? order.currency, reason: row.optionalText(3),
                createdAt: Timestamp(millisecondsSinceEpoch: row.int(4)), lines: refundLines[row.text(0)] ?? [])
        }
        var returnLines: [String: [ReturnLine]] = [:]
        for row in rows[7] {
            returnLines[row.text(0), default: []].append(
                ReturnLine(lineKey: row.text(1), quantity: row.int(2), reason: row.optionalText(3)))
        }
        let returns = rows[6].map { row in
            Return(
                storeID: storeID, key: row.text(0), orderKey: key, status: ReturnStatus(rawValue: row.text(1)) ?? .requested,
                reason: row.optionalText(2), requestedAt: Timestamp(millisecondsSinceEpoch: row.int(3)),
                lines: returnLines[row.text(0)] ?? [])
        }
        return OrderDetail(order: order, shipments: shipments, refunds: refunds, returns: returns)
    }

    public func stats(storeID: StoreID?) async throws -> [StoreStats] {
        let stores: [Store]
        if let storeID {
            stores = try await store(id: storeID).map { [$0] } ?? []
        } else {
            stores = try await self.stores()
        }
        var out: [StoreStats] = []
        for store in stores {
            let id: [SQLValue] = [.int(store.id)]
            let rows = try await read([
                SQLStatement("SELECT COUNT(*) FROM customers WHERE store_id = ?", id),
                SQLStatement("SELECT COUNT(*) FROM orders WHERE store_id = ?", id),
                SQLStatement("SELECT COUNT(*) FROM line_items WHERE store_id = ?", id),
                SQLStatement("SELECT COUNT(*) FROM shipments WHERE store_id = ?", id),
                SQLStatement("SELECT COUNT(*) FROM events WHERE store_id = ?", id),
                SQLStatement(
                    "SELECT currency, CAST(SUM(total) AS BIGINT) FROM orders WHERE store_id = ? AND cancelled_at IS NULL GROUP BY currency ORDER BY currency",
                    id),
                SQLStatement(
                    "SELECT currency, CAST(SUM(amount) AS BIGINT) FROM refunds WHERE store_id = ? GROUP BY currency ORDER BY currency",
                    id),
            ])
            func count(_ i: Int) -> Int64 { rows[i].first?.int(0) ?? 0 }
            var revenue: [String: Int64] = [:]
            for row in rows[5] { revenue[row.text(0)] = row.int(1) }
            var refunds: [String: Int64] = [:]
            for row in rows[6] { refunds[row.text(0)] = row.int(1) }
            out.append(
                StoreStats(
                    store: store.name, storeID: store.id, customers: count(0), orders: count(1), lineItems: count(2),
                    shipments: count(3), events: count(4), revenue: revenue, refunds: refunds))
        }
        return out
    }
}

extension SQLiteBackend: EncoreStorage {}
extension PostgresBackend: EncoreStorage {}
