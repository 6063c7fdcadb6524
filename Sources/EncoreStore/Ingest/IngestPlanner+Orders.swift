import EncoreCore

extension IngestPlanner {
    /// Upserts customers: the batch's, merged per key, plus a bare row for any order's customer.
    /// A NULL field never overwrites a stored value, and a replay writes nothing.
    func customerStatements() -> [SQLStatement] {
        var merged: [String: Customer] = [:]
        var order: [String] = []
        for customer in batch.customers {
            if var current = merged[customer.key] {
                current.email = customer.email ?? current.email
                current.phone = customer.phone ?? current.phone
                current.firstName = customer.firstName ?? current.firstName
                current.lastName = customer.lastName ?? current.lastName
                current.timeZone = customer.timeZone ?? current.timeZone
                current.locale = customer.locale ?? current.locale
                current.birthday = customer.birthday ?? current.birthday
                current.consents += customer.consents
                current.createdAt = min(current.createdAt, customer.createdAt)
                merged[customer.key] = current
            } else {
                merged[customer.key] = customer
                order.append(customer.key)
            }
        }
        for o in batch.orders {
            guard let key = o.customerKey else { continue }
            if var current = merged[key] {
                current.createdAt = min(current.createdAt, o.placedAt)
                merged[key] = current
            } else {
                merged[key] = Customer(storeID: storeID, key: key, createdAt: o.placedAt)
                order.append(key)
            }
        }
        guard !order.isEmpty else { return [] }
        let columns = ["email", "phone", "first_name", "last_name", "time_zone", "locale", "birthday"]
        let changed = columns.map { "(excluded.\($0) IS NOT NULL AND excluded.\($0) IS DISTINCT FROM customers.\($0))" }
            .joined(separator: " OR ")
        let sets = columns.map { "\($0) = COALESCE(excluded.\($0), customers.\($0))" }.joined(separator: ", ")
        // A birthday that changes restarts its clock (the birthday's points wait 30 days after it);
        // the same birthday again keeps it. SET reads the row as it was, in both dialects.
        let insert = BulkInsert(
            """
            INSERT INTO customers (store_id, customer_key, email, phone, first_name, last_name, time_zone, locale,
            birthday, birthday_set_at, created_at, updated_at)
            """,
            types: "ittttttttiii",
            tail: """
                ON CONFLICT (store_id, customer_key) DO UPDATE SET \(sets),
                birthday_set_at = CASE WHEN excluded.birthday IS NOT NULL AND excluded.birthday IS DISTINCT FROM customers.birthday
                    THEN excluded.birthday_set_at ELSE customers.birthday_set_at END,
                created_at = \(dialect.least("customers.created_at", "excluded.created_at")),
                updated_at = excluded.updated_at
                WHERE \(changed) OR excluded.created_at < customers.created_at
                """, dialect: dialect)
        var statements = insert.statements(
            order.map { key in
                let c = merged[key]!
                return [
                    .int(storeID), .text(key), SQLValue(c.email), SQLValue(c.phone), SQLValue(c.firstName),
                    SQLValue(c.lastName), SQLValue(c.timeZone), SQLValue(c.locale), SQLValue(c.birthday?.text),
                    SQLValue(c.birthday == nil ? nil : now.millisecondsSinceEpoch), .int(c.createdAt.millisecondsSinceEpoch),
                    .int(now.millisecondsSinceEpoch),
                ]
            })
        var consents: [String: Consent] = [:]
        for key in order {
            for consent in merged[key]!.consents {
                let id = "\(key)\u{0}\(consent.channel.rawValue)\u{0}\(consent.purpose.rawValue)"
                if let current = consents[id], current.updatedAt > consent.updatedAt { continue }
                consents[id] = consent
            }
        }
        if !consents.isEmpty {
            let consentInsert = BulkInsert(
                "INSERT INTO consents (store_id, customer_key, channel, purpose, granted, updated_at)", types: "itttii",
                tail: """
                    ON CONFLICT (store_id, customer_key, channel, purpose) DO UPDATE SET
                    granted = excluded.granted, updated_at = excluded.updated_at
                    WHERE excluded.updated_at >= consents.updated_at AND excluded.granted <> consents.granted
                    """, dialect: dialect)
            statements += consentInsert.statements(
                consents.keys.sorted().map { id in
                    let consent = consents[id]!
                    let customerKey = String(id.split(separator: "\u{0}", omittingEmptySubsequences: false)[0])
                    return [
                        .int(storeID), .text(customerKey), .text(consent.channel.rawValue),
                        .text(consent.purpose.rawValue), SQLValue(consent.granted),
                        .int(consent.updatedAt.millisecondsSinceEpoch),
                    ]
                })
        }
        return statements
    }

    /// Bulk upserts of order rows and of line rows (lines after orders).
    func orderInserts(rows: [[SQLValue]], lines lineRows: [[SQLValue]]) -> [SQLStatement] {
        let updatable = [
            "number", "customer_key", "placed_at", "subtotal", "discounts", "tax", "shipping", "total", "channel",
            "financial_status", "fulfilment_status", "cancelled_at", "cancel_reason", "shipping_address", "content_hash",
            "updated_at",
        ]
        let orders = BulkInsert(
            """
            INSERT INTO orders (store_id, order_key, number, customer_key, placed_at, currency, subtotal, discounts, tax,
            shipping, total, channel, financial_status, fulfilment_status, cancelled_at, cancel_reason,
            shipping_address, origin, content_hash, created_at, updated_at)
            """, types: "itttitiiiiitttittttii",
            tail: "ON CONFLICT (store_id, order_key) DO UPDATE SET "
                + updatable.map { "\($0) = excluded.\($0)" }.joined(separator: ", "), dialect: dialect)
        let lines = BulkInsert(
            "INSERT INTO line_items (store_id, order_key, line_key, sku, title, category, quantity, unit_price, discount, total)",
            types: "itttttiiii",
            tail: """
                ON CONFLICT (store_id, order_key, line_key) DO UPDATE SET sku = excluded.sku, title = excluded.title,
                category = excluded.category, quantity = excluded.quantity, unit_price = excluded.unit_price,
                discount = excluded.discount, total = excluded.total
                """, dialect: dialect)
        return orders.statements(rows) + lines.statements(lineRows)
    }

    /// The row values of an order and its lines, as the bulk inserts want them.
    static func prepare(_ order: Order, origin: EventOrigin, now: Timestamp) -> PreparedOrder {
        let hash = order.contentHash
        let store = SQLValue.int(order.storeID)
        let key = SQLValue.text(order.key)
        let row: [SQLValue] = [
            store, key, SQLValue(order.number), SQLValue(order.customerKey),
            .int(order.placedAt.millisecondsSinceEpoch), .text(order.currency.code), .int(order.subtotal),
            .int(order.discounts), .int(order.tax), .int(order.shipping), .int(order.total),
            .text(order.channel.rawValue), .text(order.financialStatus.rawValue),
            .text(order.fulfilmentStatus.rawValue), SQLValue(order.cancelledAt?.millisecondsSinceEpoch),
            SQLValue(order.cancelReason), SQLValue(order.shippingAddress), .text(origin.rawValue), .text(hash),
            .int(now.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch),
        ]
        let lines = order.lines.map { line -> [SQLValue] in
            [
                store, key, .text(line.key), SQLValue(line.sku), .text(line.title), SQLValue(line.category),
                .int(line.quantity), .int(line.unitPrice), .int(line.discount), .int(line.total),
            ]
        }
        return PreparedOrder(hash: hash, row: row, lines: lines)
    }

    /// Upserts products by SKU; the last mention in the batch wins.
    func productStatements() -> [SQLStatement] {
        let products = Self.lastByKey(batch.products, \.sku)
        guard !products.isEmpty else { return [] }
        let insert = BulkInsert(
            "INSERT INTO products (store_id, sku, title, category, price, currency, updated_at)", types: "itttiti",
            tail: """
                ON CONFLICT (store_id, sku) DO UPDATE SET title = excluded.title,
                category = COALESCE(excluded.category, products.category),
                price = COALESCE(excluded.price, products.price), currency = COALESCE(excluded.currency, products.currency),
                updated_at = excluded.updated_at
                WHERE excluded.title IS DISTINCT FROM products.title
                   OR (excluded.category IS NOT NULL AND excluded.category IS DISTINCT FROM products.category)
                   OR (excluded.price IS NOT NULL AND excluded.price IS DISTINCT FROM products.price)
                """, dialect: dialect)
        return insert.statements(
            products.map { p in
                [
                    .int(storeID), .text(p.sku), .text(p.title), SQLValue(p.category), SQLValue(p.price?.minorUnits),
                    SQLValue(p.price?.currency.code), .int(now.millisecondsSinceEpoch),
                ]
            })
    }

    /// Inserts new orders, rewrites changed ones (lines replaced), skips replays; derives order events.
    func orderStatements(_ existing: Existing, _ decision: inout Decision, _ derived: inout [NewEvent]) throws
        -> [SQLStatement]
    {
        if !batch.orders.contains(where: { existing.orders[$0.key] != nil }) {
            // All new: the inserts were built before the transaction.
            for order in batch.orders {
                decision.result.orders[order.key] = .created
                derived += DerivedEvents.forOrder(
                    order, outcome: .created, wasCancelled: false, origin: batch.origin, now: now)
            }
            return prebuiltNewOrders
        }
        var rows: [[SQLValue]] = []
        var lineRows: [[SQLValue]] = []
        var changedKeys: [String] = []
        for (order, prepared) in zip(batch.orders, preparedOrders) {
            let outcome: UpsertOutcome
            if let state = existing.orders[order.key] {
                if state.currency != order.currency.code {
                    throw IngestError.currencyMismatch(
                        orderKey: order.key, expected: state.currency, got: order.currency.code)
                }
                outcome = state.contentHash == prepared.hash ? .unchanged : .updated
            } else {
                outcome = .created
            }
            decision.result.orders[order.key] = outcome
            derived += DerivedEvents.forOrder(
                order, outcome: outcome, wasCancelled: existing.orders[order.key]?.cancelled ?? false,
                origin: batch.origin, now: now)
            guard outcome != .unchanged else { continue }
            if outcome == .updated { changedKeys.append(order.key) }
            rows.append(prepared.row)
            lineRows += prepared.lines
        }
        var statements = orderInserts(rows: rows, lines: [])
        statements += selectIn(
            "DELETE FROM line_items WHERE store_id = ? AND order_key", storeID: storeID, keys: changedKeys)
        statements += orderInserts(rows: [], lines: lineRows)
        return statements
    }
}
