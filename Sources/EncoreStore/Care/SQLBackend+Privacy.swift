import EncoreCore

extension SQLBackend {
    public func revokeLinks(storeID: StoreID, orderKey: String, now: Timestamp) async throws {
        _ = try await write([
            SQLStatement(
                """
                INSERT INTO link_revocations (store_id, order_key, revoked_at) VALUES (?, ?, ?)
                ON CONFLICT (store_id, order_key) DO UPDATE SET revoked_at = excluded.revoked_at
                """, [.int(storeID), .text(orderKey), .int(now.millisecondsSinceEpoch)])
        ])
    }

    public func linksRevokedAt(storeID: StoreID, orderKey: String) async throws -> Timestamp? {
        try await read([
            SQLStatement(
                "SELECT revoked_at FROM link_revocations WHERE store_id = ? AND order_key = ?",
                [.int(storeID), .text(orderKey)])
        ])[0].first.map { Timestamp(millisecondsSinceEpoch: $0.int(0)) }
    }

    /// The sections of a customer's export: a name, the columns, and a query with the store and
    /// customer as its only parameters (`?` twice where a sub-select needs them again).
    private static var exportSections: [(name: String, columns: [String], from: String, parameters: Int)] {
        let ofOrders = "order_key IN (SELECT order_key FROM orders WHERE store_id = ? AND customer_key = ?)"
        return [
            ("customer", ["customer_key", "email", "phone", "first_name", "last_name", "time_zone", "locale", "created_at",
                          "birthday", "birthday_set_at"],
             "customers WHERE store_id = ? AND customer_key = ?", 2),
            ("consents", ["channel", "purpose", "granted", "updated_at"],
             "consents WHERE store_id = ? AND customer_key = ?", 2),
            ("orders", ["order_key", "number", "placed_at", "currency", "subtotal", "discounts", "tax", "shipping", "total",
                        "channel", "financial_status", "fulfilment_status", "cancelled_at", "shipping_address"],
             "orders WHERE store_id = ? AND customer_key = ?", 2),
            ("line_items", ["order_key", "line_key", "sku", "title", "quantity", "unit_price", "discount", "total"],
             "line_items WHERE store_id = ? AND \(ofOrders)", 3),
            ("shipments", ["order_key", "shipment_key", "carrier", "tracking_number", "estimated_delivery", "status"],
             "shipments WHERE store_id = ? AND \(ofOrders)", 3),
            ("returns", ["order_key", "return_key", "status", "reason", "requested_at"],
             "returns WHERE store_id = ? AND \(ofOrders)", 3),
            ("refunds", ["order_key", "refund_key", "amount", "currency", "reason", "created_at"],
             "refunds WHERE store_id = ? AND \(ofOrders)", 3),
            ("feedback", ["kind", "touchpoint", "subject_key", "status", "score", "reason", "asked_at", "answered_at"],
             "feedback WHERE store_id = ? AND customer_key = ?", 2),
            ("reviews", ["order_key", "sku", "stars", "title", "body", "status", "reply", "created_at"],
             "reviews WHERE store_id = ? AND customer_key = ?", 2),
            ("tickets", ["ticket_key", "number", "subject", "status", "order_key", "created_at", "resolved_at"],
             "tickets WHERE store_id = ? AND customer_key = ?", 2),
            ("ticket_messages", ["ticket_key", "seq", "kind", "author", "body", "created_at"],
             "ticket_messages WHERE kind <> 'note' AND store_id = ? AND ticket_key IN (SELECT ticket_key FROM tickets WHERE store_id = ? AND customer_key = ?)", 3),
            ("messages", ["message_id", "channel", "category", "recipient", "subject", "status", "created_at", "delivered_at"],
             "outbox WHERE store_id = ? AND customer_key = ?", 2),
            ("journeys", ["journey_id", "version", "status", "started_at", "finished_at", "finish_reason"],
             "journey_instances WHERE store_id = ? AND customer_key = ?", 2),
            ("tags", ["tag", "created_at"], "customer_tags WHERE store_id = ? AND customer_key = ?", 2),
            ("events", ["type", "order_key", "occurred_at", "payload"], "events WHERE store_id = ? AND customer_key = ?", 2),
        ]
    }

    public func exportCustomer(storeID: StoreID, customerKey: String) async throws -> String? {
        let sections = Self.exportSections
        let statements = sections.map { section -> SQLStatement in
            var arguments: [SQLValue] = [.int(storeID)]
            for index in 1..<section.parameters { arguments.append(index % 2 == 1 ? .text(customerKey) : .int(storeID)) }
            if section.parameters == 3 { arguments = [.int(storeID), .int(storeID), .text(customerKey)] }
            return SQLStatement("SELECT \(section.columns.joined(separator: ", ")) FROM \(section.from)", arguments)
        }
        let rows = try await read(statements)
        guard !rows[0].isEmpty else { return nil }
        var document: [(String, JSONText)] = [("store_id", .int(storeID))]
        for (section, sectionRows) in zip(sections, rows) {
            let objects = sectionRows.map { row -> JSONText in
                .object(
                    zip(section.columns, row.values).map { column, value -> (String, JSONText) in
                        switch value {
                        case .null: return (column, .null)
                        case .int(let number):
                            return (column, column.hasSuffix("_at") || column == "estimated_delivery"
                                ? .string(Timestamp(millisecondsSinceEpoch: number).iso8601) : .int(number))
                        case .real(let number): return (column, .raw(String(number)))
                        case .text(let text): return (column, column == "payload" ? .raw(text) : .string(text))
                        }
                    })
            }
            document.append((section.name, section.name == "customer" ? (objects.first ?? .null) : .array(objects)))
        }
        return JSONText.object(document).rendered
    }

    public func requestErasure(storeID: StoreID, customerKey: String, now: Timestamp) async throws {
        _ = try await write([
            SQLStatement(
                """
                INSERT INTO erasures (store_id, customer_key, requested_at) VALUES (?, ?, ?)
                ON CONFLICT (store_id, customer_key) DO NOTHING
                """, [.int(storeID), .text(customerKey), .int(now.millisecondsSinceEpoch)])
        ])
    }

    public func eraseCustomer(storeID: StoreID, customerKey: String, now: Timestamp) async throws {
        let store = SQLValue.int(storeID)
        let customer = SQLValue.text(customerKey)
        let at = SQLValue.int(now.millisecondsSinceEpoch)
        _ = try await write([
            SQLStatement(
                """
                UPDATE customers SET email = NULL, phone = NULL, first_name = NULL, last_name = NULL, time_zone = NULL,
                locale = NULL, birthday = NULL, birthday_set_at = NULL, updated_at = ? WHERE store_id = ? AND customer_key = ?
                """, [at, store, customer]),
            SQLStatement("DELETE FROM consents WHERE store_id = ? AND customer_key = ?", [store, customer]),
            // The orders stay for the accounts; where they were shipped is personal data.
            SQLStatement(
                """
                UPDATE orders SET shipping_address = NULL
                WHERE store_id = ? AND customer_key = ? AND shipping_address IS NOT NULL
                """, [store, customer]),
            SQLStatement("DELETE FROM customer_tags WHERE store_id = ? AND customer_key = ?", [store, customer]),
            SQLStatement("DELETE FROM reviews WHERE store_id = ? AND customer_key = ?", [store, customer]),
            SQLStatement("UPDATE feedback SET reason = NULL WHERE store_id = ? AND customer_key = ?", [store, customer]),
            SQLStatement(
                """
                UPDATE ticket_messages SET body = '[erased]', author = CASE WHEN kind = 'customer' THEN 'erased' ELSE author END
                WHERE store_id = ? AND ticket_key IN (SELECT ticket_key FROM tickets WHERE store_id = ? AND customer_key = ?)
                """, [store, store, customer]),
            SQLStatement(
                "UPDATE tickets SET email = NULL, subject = '[erased]', updated_at = ? WHERE store_id = ? AND customer_key = ?",
                [at, store, customer]),
            SQLStatement(
                """
                UPDATE outbox SET status = 'dead', last_error = 'customer erased', lease_until = NULL
                WHERE store_id = ? AND customer_key = ? AND status = 'pending'
                """, [store, customer]),
            SQLStatement(
                """
                UPDATE outbox SET recipient = 'erased', subject = NULL, body_text = '', body_html = NULL, headers = '[]'
                WHERE store_id = ? AND customer_key = ?
                """, [store, customer]),
            // Order and refund events carry ids and totals only (bookkeeping); every other payload goes.
            SQLStatement(
                """
                UPDATE events SET payload = '{"erased":true}' WHERE store_id = ? AND customer_key = ?
                AND type NOT IN ('order.placed', 'order.updated', 'order.cancelled', 'refund.created')
                """, [store, customer]),
            SQLStatement(
                """
                DELETE FROM journey_timers WHERE store_id = ? AND instance_key IN
                (SELECT instance_key FROM journey_instances WHERE store_id = ? AND customer_key = ? AND status IN ('active', 'waiting'))
                """, [store, store, customer]),
            SQLStatement(
                """
                UPDATE journey_instances SET status = 'exited', finish_reason = 'erased', finished_at = ?, updated_at = ?,
                waiting_event = NULL, waiting_key = NULL WHERE store_id = ? AND customer_key = ?
                AND status IN ('active', 'waiting')
                """, [at, at, store, customer]),
            SQLStatement(
                """
                INSERT INTO erasures (store_id, customer_key, requested_at, erased_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (store_id, customer_key) DO UPDATE SET erased_at = excluded.erased_at
                """, [store, customer, at, at]),
        ])
    }
}

extension SQLBackend {
    public func findOrder(storeID: StoreID, number: String, email: String) async throws -> String? {
        let wanted = Self.normalizedEmail(email)
        let rows = try await read([
            SQLStatement(
                """
                SELECT o.order_key, c.email FROM orders o JOIN customers c
                ON c.store_id = o.store_id AND c.customer_key = o.customer_key
                WHERE o.store_id = ? AND o.number IN (?, ?)
                """, [.int(storeID), .text(number), .text(number.hasPrefix("#") ? String(number.dropFirst()) : "#" + number)])
        ])
        return rows[0].first { Self.normalizedEmail($0.text(1)) == wanted && !wanted.isEmpty }?.text(0)
    }

    public func setConsents(storeID: StoreID, customerKey: String, consents: [Consent]) async throws {
        _ = try await write(
            consents.map { consent in
                SQLStatement(
                    """
                    INSERT INTO consents (store_id, customer_key, channel, purpose, granted, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (store_id, customer_key, channel, purpose) DO UPDATE SET granted = excluded.granted,
                    updated_at = excluded.updated_at
                    """,
                    [
                        .int(storeID), .text(customerKey), .text(consent.channel.rawValue), .text(consent.purpose.rawValue),
                        SQLValue(consent.granted), .int(consent.updatedAt.millisecondsSinceEpoch),
                    ])
            })
    }
}
