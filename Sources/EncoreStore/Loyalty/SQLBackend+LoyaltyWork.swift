import EncoreCore
import EncoreLoyalty
import Foundation

extension SQLBackend {
    public func claimLoyaltyEvents(limit: Int, now: Timestamp, leaseMilliseconds: Int64) async throws
        -> (claim: String, events: [LoyaltyInboxEvent])
    {
        let claim = UUID().uuidString
        // A cheap look first: an idle worker opens no write transaction.
        let waiting = try await read([SQLStatement("SELECT 1 FROM loyalty_inbox LIMIT 1")])
        guard !waiting[0].isEmpty else { return (claim, []) }
        let skipLocked = dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let expired = now.millisecondsSinceEpoch - leaseMilliseconds
        let rows = try await write([
            SQLStatement(
                """
                UPDATE loyalty_inbox SET claim = ?, claimed_at = ? WHERE (store_id, event_id) IN (
                    SELECT store_id, event_id FROM loyalty_inbox WHERE claim IS NULL OR claimed_at < ?
                    ORDER BY enqueued_at, event_id LIMIT ? \(skipLocked))
                """,
                [.text(claim), .int(now.millisecondsSinceEpoch), .int(expired), .int(Int64(limit))]),
            SQLStatement(
                """
                SELECT e.store_id, e.id, e.type, e.customer_key, e.order_key, e.occurred_at, e.received_at, e.payload
                FROM loyalty_inbox q JOIN events e ON e.store_id = q.store_id AND e.id = q.event_id
                WHERE q.claim = ? ORDER BY q.enqueued_at, q.event_id
                """, [.text(claim)]),
        ])
        let events = rows[1].map { row in
            LoyaltyInboxEvent(
                storeID: row.int(0), eventID: row.int(1), type: row.text(2), customerKey: row.optionalText(3),
                orderKey: row.optionalText(4), occurredAt: Timestamp(millisecondsSinceEpoch: row.int(5)),
                receivedAt: Timestamp(millisecondsSinceEpoch: row.int(6)), payload: row.text(7))
        }
        return (claim, events)
    }

    public func requeueLoyaltyEvents(storeID: StoreID, eventIDs: [Int64], now: Timestamp) async throws {
        let types = Schema.loyaltyEventTypesV7.map { "'\($0)'" }.joined(separator: ", ")
        var statements: [SQLStatement] = []
        for chunk in stride(from: 0, to: eventIDs.count, by: 500).map({ Array(eventIDs[$0..<min($0 + 500, eventIDs.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO loyalty_inbox (store_id, event_id, enqueued_at)
                    SELECT store_id, id, ? FROM events WHERE store_id = ? AND id IN (\(marks)) AND type IN (\(types))
                    ON CONFLICT (store_id, event_id) DO NOTHING
                    """, [.int(now.millisecondsSinceEpoch), .int(storeID)] + chunk.map { .int($0) }))
        }
        if !statements.isEmpty { _ = try await write(statements) }
    }

    public func finishLoyaltyEvents(claim: String) async throws {
        _ = try await write([SQLStatement("DELETE FROM loyalty_inbox WHERE claim = ?", [.text(claim)])])
    }

    public func loyaltyPrograms(storeID: StoreID) async throws -> [PublishedLoyaltyProgram] {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.loyaltyProgramColumns) FROM loyalty_programs WHERE store_id = ? ORDER BY version",
                [.int(storeID)])
        ])
        return try rows[0].map { try Self.decodeLoyaltyProgram($0, storeID: storeID) }
    }

    public func loyaltyLots(storeID: StoreID, source: String) async throws -> [PointLot] {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.lotColumns), customer_key FROM loyalty_lots WHERE store_id = ? AND source = ? ORDER BY earned_at, lot_key",
                [.int(storeID), .text(source)])
        ])
        return rows[0].map { Self.decodeLot($0, customerKey: $0.text(Self.lotColumnCount)) }
    }

    public func loyaltyLots(storeID: StoreID, customerKey: String, source: String, since: Timestamp) async throws
        -> [PointLot]
    {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.lotColumns) FROM loyalty_lots WHERE store_id = ? AND source = ? AND customer_key = ? AND earned_at >= ?
                ORDER BY earned_at, lot_key
                """, [.int(storeID), .text(source), .text(customerKey), .int(since.millisecondsSinceEpoch)])
        ])
        return rows[0].map { Self.decodeLot($0, customerKey: customerKey) }
    }

    public func loyaltyTier(storeID: StoreID, customerKey: String) async throws -> LoyaltyTierRecord? {
        let rows = try await read([
            SQLStatement(
                "SELECT tier_key, reached_at, floor_key FROM loyalty_tiers WHERE store_id = ? AND customer_key = ?",
                [.int(storeID), .text(customerKey)])
        ])
        return rows[0].first.map { row in
            var current: CurrentTier?
            if let key = row.optionalText(0), let reached = row.optionalInt(1) {
                current = CurrentTier(key: key, reachedAt: Timestamp(millisecondsSinceEpoch: reached))
            }
            return LoyaltyTierRecord(current: current, floor: row.optionalText(2))
        }
    }

    public func setLoyaltyTier(storeID: StoreID, customerKey: String, record: LoyaltyTierRecord, now: Timestamp)
        async throws
    {
        let tier: SQLValue = record.current.map { .text($0.key) } ?? .null
        let reached: SQLValue = record.current.map { .int($0.reachedAt.millisecondsSinceEpoch) } ?? .null
        let floor: SQLValue = record.floor.map { .text($0) } ?? .null
        _ = try await write([
            SQLStatement(
                """
                INSERT INTO loyalty_tiers (store_id, customer_key, tier_key, reached_at, floor_key, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (store_id, customer_key) DO UPDATE SET tier_key = excluded.tier_key,
                    reached_at = excluded.reached_at, floor_key = excluded.floor_key, updated_at = excluded.updated_at
                """,
                [.int(storeID), .text(customerKey), tier, reached, floor, .int(now.millisecondsSinceEpoch)])
        ])
    }

    public func qualifyingActivity(storeID: StoreID, customerKey: String, basis: TierBasis, since: Timestamp)
        async throws -> [QualifyingActivity]
    {
        let arguments: [SQLValue] = [.int(storeID), .text(customerKey), .int(since.millisecondsSinceEpoch)]
        let statement: SQLStatement
        switch basis {
        case .spend:
            statement = SQLStatement(
                """
                SELECT o.placed_at, o.total - CAST(COALESCE(
                    (SELECT SUM(r.amount) FROM refunds r WHERE r.store_id = o.store_id AND r.order_key = o.order_key), 0) AS BIGINT)
                FROM orders o WHERE o.store_id = ? AND o.customer_key = ? AND o.placed_at >= ? AND o.cancelled_at IS NULL
                ORDER BY o.placed_at
                """, arguments)
        case .points:
            statement = SQLStatement(
                """
                SELECT at, CASE WHEN kind = 'reverse' THEN -points ELSE points END FROM loyalty_postings
                WHERE store_id = ? AND customer_key = ? AND at >= ? AND kind IN ('earn', 'reverse')
                ORDER BY at
                """, arguments)
        }
        let rows = try await read([statement])
        return rows[0].map { QualifyingActivity(at: Timestamp(millisecondsSinceEpoch: $0.int(0)), amount: $0.int(1)) }
    }

    public func lastPurchase(storeID: StoreID, customerKey: String) async throws -> Timestamp? {
        let rows = try await read([
            SQLStatement(
                "SELECT MAX(placed_at) FROM orders WHERE store_id = ? AND customer_key = ? AND cancelled_at IS NULL",
                [.int(storeID), .text(customerKey)])
        ])
        return rows[0].first?.optionalInt(0).map(Timestamp.init(millisecondsSinceEpoch:))
    }
}
