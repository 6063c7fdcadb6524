import EncoreCore
import EncoreLoyalty

extension SQLBackend {
    public func loyaltyCustomersWithExpiredLots(now: Timestamp, limit: Int) async throws
        -> [(storeID: StoreID, customerKey: String)]
    {
        let rows = try await read([
            SQLStatement(
                """
                SELECT DISTINCT store_id, customer_key FROM loyalty_lots
                WHERE open = 1 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY store_id, customer_key LIMIT ?
                """, [.int(now.millisecondsSinceEpoch), .int(Int64(limit))])
        ])
        return rows[0].map { ($0.int(0), $0.text(1)) }
    }

    public func loyaltyLotsToAnnounce(storeID: StoreID, after: Timestamp, through: Timestamp, limit: Int) async throws
        -> [PointLot]
    {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.lotColumns), customer_key FROM loyalty_lots l
                WHERE l.open = 1 AND l.expires_at > ? AND l.expires_at <= ? AND l.store_id = ? AND NOT EXISTS (
                    SELECT 1 FROM loyalty_expiry_warnings w WHERE w.store_id = l.store_id AND w.warning_key = l.lot_key)
                ORDER BY l.expires_at, l.lot_key LIMIT ?
                """,
                [
                    .int(after.millisecondsSinceEpoch), .int(through.millisecondsSinceEpoch), .int(storeID),
                    .int(Int64(limit)),
                ])
        ])
        return rows[0].map { Self.decodeLot($0, customerKey: $0.text(Self.lotColumnCount)) }
    }

    public func loyaltyInactiveCustomers(storeID: StoreID, lastPurchaseBy: Timestamp, limit: Int) async throws
        -> [(customerKey: String, lastPurchase: Timestamp)]
    {
        let rows = try await read([
            SQLStatement(
                """
                SELECT a.customer_key, MAX(o.placed_at) FROM loyalty_accounts a
                JOIN orders o ON o.store_id = a.store_id AND o.customer_key = a.customer_key AND o.cancelled_at IS NULL
                WHERE a.store_id = ? AND EXISTS (
                    SELECT 1 FROM loyalty_lots l WHERE l.store_id = a.store_id AND l.customer_key = a.customer_key AND l.open = 1)
                GROUP BY a.customer_key HAVING MAX(o.placed_at) <= ? ORDER BY a.customer_key LIMIT ?
                """, [.int(storeID), .int(lastPurchaseBy.millisecondsSinceEpoch), .int(Int64(limit))])
        ])
        return rows[0].map { ($0.text(0), Timestamp(millisecondsSinceEpoch: $0.int(1))) }
    }

    public func loyaltyWarningsSent(storeID: StoreID, keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        var statements: [SQLStatement] = []
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = keys[start..<min(start + 500, keys.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            statements.append(
                SQLStatement(
                    "SELECT warning_key FROM loyalty_expiry_warnings WHERE store_id = ? AND warning_key IN (\(marks))",
                    [.int(storeID)] + chunk.map { .text($0) }))
        }
        return Set(try await read(statements).flatMap { $0.map { $0.text(0) } })
    }

    public func recordLoyaltyWarnings(storeID: StoreID, keys: [String], now: Timestamp) async throws {
        guard !keys.isEmpty else { return }
        _ = try await write(
            keys.map {
                SQLStatement(
                    """
                    INSERT INTO loyalty_expiry_warnings (store_id, warning_key, warned_at) VALUES (?, ?, ?)
                    ON CONFLICT (store_id, warning_key) DO NOTHING
                    """, [.int(storeID), .text($0), .int(now.millisecondsSinceEpoch)])
            })
    }
}
