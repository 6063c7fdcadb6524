import EncoreCore
import EncoreJourneys

extension SQLBackend {
    public func segments(storeID: StoreID) async throws -> [SegmentRecord] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT s.segment_key, s.name, s.expression, s.created_at, s.updated_at,
                    (SELECT COUNT(*) FROM segment_members m WHERE m.store_id = s.store_id AND m.segment_key = s.segment_key)
                FROM customer_segments s WHERE s.store_id = ? ORDER BY s.segment_key
                """, [.int(storeID)])
        ])
        return rows[0].map {
            SegmentRecord(
                id: $0.text(0), name: $0.text(1), expression: $0.text(2), members: Int($0.int(5)),
                createdAt: Timestamp(millisecondsSinceEpoch: $0.int(3)), updatedAt: Timestamp(millisecondsSinceEpoch: $0.int(4)))
        }
    }

    public func saveSegment(storeID: StoreID, segment: CustomerSegment, now: Timestamp) async throws -> String {
        let rows = try await write([
            SQLStatement(
                "SELECT name, expression FROM customer_segments WHERE store_id = ? AND segment_key = ?",
                [.int(storeID), .text(segment.id)]),
            SQLStatement(
                """
                INSERT INTO customer_segments (store_id, segment_key, name, expression, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (store_id, segment_key) DO UPDATE SET name = excluded.name, expression = excluded.expression,
                updated_at = excluded.updated_at
                WHERE customer_segments.name <> excluded.name OR customer_segments.expression <> excluded.expression
                """,
                [
                    .int(storeID), .text(segment.id), .text(segment.name), .text(segment.text),
                    .int(now.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch),
                ]),
        ])
        guard let before = rows[0].first else { return "created" }
        return before.text(0) == segment.name && before.text(1) == segment.text ? "unchanged" : "updated"
    }

    public func deleteSegment(storeID: StoreID, id: String) async throws -> Bool {
        let rows = try await write([
            SQLStatement("DELETE FROM segment_members WHERE store_id = ? AND segment_key = ?", [.int(storeID), .text(id)]),
            SQLStatement(
                "DELETE FROM customer_segments WHERE store_id = ? AND segment_key = ? RETURNING segment_key",
                [.int(storeID), .text(id)]),
        ])
        return !rows[1].isEmpty
    }

    public func segmentMembers(storeID: StoreID) async throws -> [String: Set<String>] {
        let rows = try await read([
            SQLStatement("SELECT segment_key, customer_key FROM segment_members WHERE store_id = ?", [.int(storeID)])
        ])
        var out: [String: Set<String>] = [:]
        for row in rows[0] { out[row.text(0), default: []].insert(row.text(1)) }
        return out
    }
}
