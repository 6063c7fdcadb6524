import EncoreCore

extension IngestPlanner {
    private func requireOrder(_ key: String, _ existing: Existing) throws {
        if existing.orders[key] == nil && !batch.orders.contains(where: { $0.key == key }) {
            throw IngestError.unknownOrder(key: key)
        }
    }

    /// The quantity the order has of the line; throws when it has no such line.
    private func requireLine(_ orderKey: String, _ lineKey: String, _ existing: Existing) throws -> Int64 {
        if let order = batch.orders.first(where: { $0.key == orderKey }) {
            if let line = order.lines.first(where: { $0.key == lineKey }) { return line.quantity }
        } else if let quantity = existing.lines[orderKey + "\u{0}" + lineKey] {
            return quantity
        }
        throw IngestError.unknownLine(orderKey: orderKey, lineKey: lineKey)
    }

    /// Checks the lines of one refund or return: each a line of the order, named once, with no
    /// more units than the order has of it.
    private func checkLines(_ lines: [(key: String, quantity: Int64)], of orderKey: String, _ existing: Existing) throws {
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            guard seen.insert(line.key).inserted else { throw IngestError.duplicateLine(lineKey: line.key, index: index) }
            let ordered = try requireLine(orderKey, line.key, existing)
            if line.quantity > ordered {
                throw IngestError.quantityExceedsOrdered(
                    lineKey: line.key, index: index, quantity: line.quantity, ordered: ordered)
            }
        }
    }

    /// Upserts shipments, merging timelines: checkpoints are only ever added. Each new checkpoint derives an event.
    func shipmentStatements(
        _ existing: Existing, _ customers: [String: String], _ decision: inout Decision, _ derived: inout [NewEvent]
    ) throws -> [SQLStatement] {
        var statements: [SQLStatement] = []
        var checkpointRows: [[SQLValue]] = []
        for shipment in batch.shipments {
            try requireOrder(shipment.orderKey, existing)
            let stored = existing.shipments[shipment.key]
            if let stored, stored.orderKey != shipment.orderKey {
                throw IngestError.shipmentOfAnotherOrder(shipmentKey: shipment.key, orderKey: stored.orderKey)
            }
            let known = existing.checkpoints[shipment.key] ?? []
            var seen = known
            var fresh: [ShipmentCheckpoint] = []
            for checkpoint in shipment.checkpoints.sorted(by: { $0.at < $1.at }) {
                let id = checkpoint.status.rawValue + "@" + String(checkpoint.at.millisecondsSinceEpoch)
                if seen.insert(id).inserted { fresh.append(checkpoint) }
            }
            let carrier = shipment.carrier ?? stored?.carrier
            let tracking = shipment.trackingNumber ?? stored?.tracking
            let eta = shipment.estimatedDelivery?.millisecondsSinceEpoch ?? stored?.eta
            let outcome: UpsertOutcome
            if stored == nil {
                outcome = .created
            } else if !fresh.isEmpty || carrier != stored?.carrier || tracking != stored?.tracking || eta != stored?.eta {
                outcome = .updated
            } else {
                outcome = .unchanged
            }
            decision.result.shipments[shipment.key] = outcome
            guard outcome != .unchanged else { continue }
            // The status is that of the latest checkpoint of the whole merged timeline.
            var latest: (at: Int64, status: String)?
            for id in seen {
                let parts = id.split(separator: "@")
                guard parts.count == 2, let at = Int64(parts[1]) else { continue }
                if latest == nil || at > latest!.at || (at == latest!.at && String(parts[0]) > latest!.status) {
                    latest = (at, String(parts[0]))
                }
            }
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO shipments (store_id, shipment_key, order_key, carrier, tracking_number, estimated_delivery,
                    status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (store_id, shipment_key) DO UPDATE SET carrier = excluded.carrier,
                    tracking_number = excluded.tracking_number, estimated_delivery = excluded.estimated_delivery,
                    status = excluded.status, updated_at = excluded.updated_at
                    """,
                    [
                        .int(storeID), .text(shipment.key), .text(shipment.orderKey), SQLValue(carrier),
                        SQLValue(tracking), SQLValue(eta), SQLValue(latest?.status), .int(now.millisecondsSinceEpoch),
                        .int(now.millisecondsSinceEpoch),
                    ]))
            for checkpoint in fresh {
                checkpointRows.append([
                    .int(storeID), .text(shipment.key), .text(checkpoint.status.rawValue),
                    .int(checkpoint.at.millisecondsSinceEpoch), SQLValue(checkpoint.location),
                    SQLValue(checkpoint.message),
                ])
            }
            derived += DerivedEvents.forShipment(
                shipment, newCheckpoints: fresh, customerKey: customers[shipment.orderKey], origin: batch.origin)
        }
        statements += BulkInsert(
            "INSERT INTO shipment_checkpoints (store_id, shipment_key, status, at, location, message)", types: "ittitt",
            tail: "ON CONFLICT (store_id, shipment_key, at, status) DO NOTHING", dialect: dialect
        ).statements(checkpointRows)
        return statements
    }

    /// Records new refunds (a refund is immutable once recorded) and moves the order's financial status.
    func refundStatements(
        _ existing: Existing, _ customers: [String: String], _ decision: inout Decision, _ derived: inout [NewEvent]
    ) throws -> [SQLStatement] {
        var statements: [SQLStatement] = []
        var refundedSoFar = existing.refunded
        for refund in batch.refunds {
            try requireOrder(refund.orderKey, existing)
            if let storedOrder = existing.refunds[refund.key] {
                guard storedOrder == refund.orderKey else {
                    throw IngestError.refundOfAnotherOrder(refundKey: refund.key, orderKey: storedOrder)
                }
                decision.result.refunds[refund.key] = .unchanged
                continue
            }
            let batchOrder = batch.orders.first(where: { $0.key == refund.orderKey })
            let currency = batchOrder?.currency.code ?? existing.orders[refund.orderKey]!.currency
            let total = batchOrder?.total ?? existing.orders[refund.orderKey]!.total
            let status =
                batchOrder?.financialStatus.rawValue ?? existing.orders[refund.orderKey]!.financialStatus
            if currency != refund.currency.code {
                throw IngestError.currencyMismatch(orderKey: refund.orderKey, expected: currency, got: refund.currency.code)
            }
            try checkLines(refund.lines.map { ($0.lineKey, $0.quantity) }, of: refund.orderKey, existing)
            let already = refundedSoFar[refund.orderKey] ?? 0
            if refund.amount > total - already {
                throw IngestError.refundExceedsTotal(orderKey: refund.orderKey, remaining: max(0, total - already))
            }
            refundedSoFar[refund.orderKey] = already + refund.amount
            decision.result.refunds[refund.key] = .created
            statements.append(
                SQLStatement(
                    "INSERT INTO refunds (store_id, refund_key, order_key, amount, currency, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        .int(storeID), .text(refund.key), .text(refund.orderKey), .int(refund.amount),
                        .text(refund.currency.code), SQLValue(refund.reason), .int(refund.createdAt.millisecondsSinceEpoch),
                    ]))
            statements += BulkInsert(
                "INSERT INTO refund_lines (store_id, refund_key, line_key, quantity, amount)", types: "ittii",
                tail: "ON CONFLICT (store_id, refund_key, line_key) DO NOTHING", dialect: dialect
            ).statements(
                refund.lines.map { [.int(storeID), .text(refund.key), .text($0.lineKey), .int($0.quantity), .int($0.amount)] })
            let newStatus = DerivedEvents.financialStatus(
                total: total, refunded: already + refund.amount, current: FinancialStatus(rawValue: status) ?? .paid)
            statements.append(
                SQLStatement(
                    "UPDATE orders SET financial_status = ?, updated_at = ? WHERE store_id = ? AND order_key = ?",
                    [.text(newStatus.rawValue), .int(now.millisecondsSinceEpoch), .int(storeID), .text(refund.orderKey)]))
            derived += DerivedEvents.forRefund(refund, customerKey: customers[refund.orderKey], origin: batch.origin)
        }
        return statements
    }

    /// Upserts returns; a status or reason change replaces the return's lines and derives a "return.<status>" event.
    func returnStatements(
        _ existing: Existing, _ customers: [String: String], _ decision: inout Decision, _ derived: inout [NewEvent]
    ) throws -> [SQLStatement] {
        var statements: [SQLStatement] = []
        for ret in batch.returns {
            try requireOrder(ret.orderKey, existing)
            if let stored = existing.returns[ret.key], stored.orderKey != ret.orderKey {
                throw IngestError.returnOfAnotherOrder(returnKey: ret.key, orderKey: stored.orderKey)
            }
            try checkLines(ret.lines.map { ($0.lineKey, $0.quantity) }, of: ret.orderKey, existing)
            let outcome: UpsertOutcome
            if let stored = existing.returns[ret.key] {
                outcome = stored.status == ret.status.rawValue && stored.reason == ret.reason ? .unchanged : .updated
            } else {
                outcome = .created
            }
            decision.result.returns[ret.key] = outcome
            guard outcome != .unchanged else { continue }
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO returns (store_id, return_key, order_key, status, reason, requested_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, return_key) DO UPDATE SET
                    status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at
                    """,
                    [
                        .int(storeID), .text(ret.key), .text(ret.orderKey), .text(ret.status.rawValue),
                        SQLValue(ret.reason), .int(ret.requestedAt.millisecondsSinceEpoch),
                        .int(now.millisecondsSinceEpoch),
                    ]))
            statements.append(
                SQLStatement(
                    "DELETE FROM return_lines WHERE store_id = ? AND return_key = ?", [.int(storeID), .text(ret.key)]))
            statements += BulkInsert(
                "INSERT INTO return_lines (store_id, return_key, line_key, quantity, reason)", types: "ittit",
                dialect: dialect
            ).statements(
                ret.lines.map { [.int(storeID), .text(ret.key), .text($0.lineKey), .int($0.quantity), SQLValue($0.reason)] })
            derived += DerivedEvents.forReturn(
                ret, outcome: outcome, customerKey: customers[ret.orderKey], origin: batch.origin, now: now)
        }
        return statements
    }

    /// Checks the batch's own events against stored ones: a replay keeps its id, a reused key with
    /// other content is an error. Returns the events still to insert.
    func explicitEvents(_ existing: Existing, _ decision: inout Decision) throws -> [NewEvent] {
        var fresh: [NewEvent] = []
        var seen: [String: String] = [:]
        for event in batch.events {
            let hash = event.contentHash
            if let stored = existing.events[event.idempotencyKey] {
                if stored.hash != hash { throw IngestError.idempotencyKeyReused(key: event.idempotencyKey) }
                decision.explicitExisting.append(stored.id)
                continue
            }
            decision.explicitExisting.append(nil)
            if let earlier = seen[event.idempotencyKey] {
                if earlier != hash { throw IngestError.idempotencyKeyReused(key: event.idempotencyKey) }
                continue
            }
            seen[event.idempotencyKey] = hash
            fresh.append(event)
        }
        return fresh
    }

    /// Inserts events; a key already stored is skipped by the database, and the insert returns the new ids.
    func eventStatements(_ events: [NewEvent]) -> [SQLStatement] {
        BulkInsert(
            """
            INSERT INTO events (store_id, type, customer_key, order_key, occurred_at, received_at, payload,
            idempotency_key, content_hash, origin)
            """, types: "itttiitttt",
            tail: "ON CONFLICT (store_id, idempotency_key) DO NOTHING RETURNING idempotency_key, id", dialect: dialect
        ).statements(
            events.map { e in
                [
                    .int(storeID), .text(e.type), SQLValue(e.customerKey), SQLValue(e.orderKey),
                    .int(e.occurredAt.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch), .text(e.payload),
                    .text(e.idempotencyKey), .text(e.contentHash), .text(e.origin.rawValue),
                ]
            })
    }
}
