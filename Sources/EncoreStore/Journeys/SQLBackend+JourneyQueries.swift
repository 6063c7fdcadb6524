import EncoreCore
import EncoreJourneys
import Foundation

extension SQLBackend {
    public func journeyFunnels(storeID: StoreID) async throws -> [JourneyFunnel] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT journey_id, version, holdout, COUNT(*),
                    SUM(CASE WHEN status IN ('active', 'waiting') THEN 1 ELSE 0 END),
                    SUM(CASE WHEN converted_at IS NOT NULL THEN 1 ELSE 0 END)
                FROM journey_instances WHERE store_id = ? GROUP BY journey_id, version, holdout
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, l.kind, COUNT(*) FROM journey_log l
                JOIN journey_instances i ON i.store_id = l.store_id AND i.instance_key = l.instance_key
                WHERE l.store_id = ? AND l.kind IN ('sent', 'skipped') GROUP BY i.journey_id, i.version, i.holdout, l.kind
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, COUNT(*) FROM outbox o
                JOIN journey_instances i ON i.store_id = o.store_id AND i.instance_key = o.instance_key
                WHERE o.store_id = ? AND o.status = 'delivered' GROUP BY i.journey_id, i.version, i.holdout
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT journey_id, version, holdout, conversion_currency, CAST(SUM(conversion_revenue) AS BIGINT) FROM journey_instances
                WHERE store_id = ? AND converted_at IS NOT NULL AND conversion_currency IS NOT NULL
                GROUP BY journey_id, version, holdout, conversion_currency
                """, [.int(storeID)]),
            SQLStatement(
                """
                SELECT i.journey_id, i.version, i.holdout, e.kind, COUNT(*) FROM message_engagements e
                JOIN outbox o ON o.store_id = e.store_id AND o.message_id = e.message_id
                JOIN journey_instances i ON i.store_id = o.store_id AND i.instance_key = o.instance_key
                WHERE e.store_id = ? GROUP BY i.journey_id, i.version, i.holdout, e.kind
                """, [.int(storeID)]),
        ])
        func key(_ row: SQLRow) -> FunnelKey { FunnelKey(journey: row.text(0), version: Int(row.int(1)), heldOut: row.int(2) != 0) }
        var funnels: [FunnelKey: JourneyFunnel] = [:]
        for row in rows[0] {
            let k = key(row)
            funnels[k] = JourneyFunnel(
                journeyID: k.journey, version: k.version, heldOut: k.heldOut, entered: Int(row.int(3)),
                active: Int(row.int(4)), sent: 0, delivered: 0, opened: 0, clicked: 0, skipped: 0,
                converted: Int(row.int(5)), revenue: [:])
        }
        for row in rows[1] {
            if row.text(3) == "sent" { funnels[key(row)]?.sent = Int(row.int(4)) } else { funnels[key(row)]?.skipped = Int(row.int(4)) }
        }
        for row in rows[2] { funnels[key(row)]?.delivered = Int(row.int(3)) }
        for row in rows[3] { funnels[key(row)]?.revenue[row.text(3)] = row.int(4) }
        for row in rows[4] {
            if row.text(3) == "opened" { funnels[key(row)]?.opened = Int(row.int(4)) }
            if row.text(3) == "clicked" { funnels[key(row)]?.clicked = Int(row.int(4)) }
        }
        return funnels.values.sorted { ($0.journeyID, $0.version, $0.heldOut ? 1 : 0) < ($1.journeyID, $1.version, $1.heldOut ? 1 : 0) }
    }

    public func journeyInstances(storeID: StoreID, journeyID: String?, subject: String?, limit: Int) async throws
        -> [JourneyInstanceSummary]
    {
        var sql = """
            SELECT i.instance_key, i.journey_id, i.version, i.customer_key, i.subject, i.status, i.holdout, i.current_step,
            i.started_at, t.due_at, i.converted_at, i.conversion_revenue, i.conversion_currency
            FROM journey_instances i LEFT JOIN journey_timers t ON t.store_id = i.store_id AND t.instance_key = i.instance_key
            WHERE i.store_id = ?
            """
        var arguments: [SQLValue] = [.int(storeID)]
        if let journeyID {
            sql += " AND i.journey_id = ?"
            arguments.append(.text(journeyID))
        }
        if let subject {
            sql += " AND i.subject = ?"
            arguments.append(.text(subject))
        }
        sql += " ORDER BY i.started_at DESC, i.instance_key LIMIT ?"
        arguments.append(.int(Int64(limit)))
        return try await read([SQLStatement(sql, arguments)])[0].map { row in
            JourneyInstanceSummary(
                instanceKey: row.text(0), journeyID: row.text(1), version: Int(row.int(2)), customerKey: row.text(3),
                subject: row.text(4), status: row.text(5), heldOut: row.int(6) != 0, currentStep: row.optionalText(7),
                startedAt: Timestamp(millisecondsSinceEpoch: row.int(8)),
                nextDue: row.optionalInt(9).map(Timestamp.init(millisecondsSinceEpoch:)),
                convertedAt: row.optionalInt(10).map(Timestamp.init(millisecondsSinceEpoch:)),
                conversionRevenue: row.optionalInt(11).flatMap { minor in
                    Currency(code: row.text(12)).map { Money(minorUnits: minor, currency: $0) }
                })
        }
    }

    public func journeyLog(storeID: StoreID, instanceKey: String) async throws -> [JourneyLogEntry] {
        try await read([
            SQLStatement(
                """
                SELECT seq, at, step_id, kind, channel, template, reason, message_id FROM journey_log
                WHERE store_id = ? AND instance_key = ? ORDER BY seq
                """, [.int(storeID), .text(instanceKey)])
        ])[0].map { row in
            JourneyLogEntry(
                seq: Int(row.int(0)), at: Timestamp(millisecondsSinceEpoch: row.int(1)), stepID: row.optionalText(2),
                kind: row.text(3), channel: row.optionalText(4), template: row.optionalText(5), reason: row.optionalText(6),
                messageID: row.optionalText(7))
        }
    }

    public func journeyDryRunInputs(storeID: StoreID, orderKey: String, runtime: JourneyRuntime) async throws
        -> DryRunInputs?
    {
        let driver = "SELECT o.store_id, o.customer_key, o.order_key FROM orders o WHERE o.store_id = ? AND o.order_key = ?"
        let arguments: [SQLValue] = [.int(storeID), .text(orderKey)]
        let now = SystemClock().now()
        let rows = try await read(
            JourneyRecords.statements(Self.self, driver: driver, arguments: arguments, now: now) + [
                SQLStatement(
                    "SELECT type, occurred_at FROM events WHERE store_id = ? AND order_key = ? ORDER BY occurred_at, id",
                    arguments)
            ])
        let records = JourneyRecords(Self.self, rows: rows, offset: 0)
        guard let order = records.orders[JourneyRecords.OrderRef(storeID: storeID, key: orderKey)] else { return nil }
        let customerKey = order.customerKey ?? ""
        guard var inputs = records.inputs(storeID: storeID, customerKey: customerKey, orderKey: orderKey, now: now) else {
            return nil
        }
        inputs.eventType = "order.placed"
        for purpose in LinkRequest.Purpose.contextLinks {
            inputs.links[purpose.rawValue] = runtime.link(
                LinkRequest(
                    purpose: purpose, storeID: storeID, customerKey: customerKey, orderKey: orderKey, messageID: nil,
                    target: purpose.contextTarget(orderKey: orderKey), issuedAt: now))
        }
        let zone =
            TimeZone(identifier: inputs.customer?.timeZone ?? "") ?? TimeZone(identifier: inputs.store.timeZone)
            ?? TimeZone(identifier: "UTC")!
        return DryRunInputs(
            context: JourneyContextBuilder.build(inputs),
            facts: records.facts(storeID: storeID, customerKey: customerKey, extraSends: [], cap: runtime.frequencyCap),
            zone: zone, customerKey: customerKey, placedAt: order.placedAt,
            events: rows[JourneyRecords.statementCount].map {
                KnownEvent(type: $0.text(0), at: Timestamp(millisecondsSinceEpoch: $0.int(1)))
            })
    }
}

private struct FunnelKey: Hashable {
    var journey: String
    var version: Int
    var heldOut: Bool
}
