import EncoreCore
import EncoreJourneys

extension SQLBackend {
    static var predictionColumns: String {
        """
        customer_key, p_alive, expected_purchases, expected_spend, clv, clv_decile, next_purchase_day, rfm_recency,
        rfm_frequency, rfm_monetary, rfm_segment, refreshed_at
        """
    }

    public func savePredictions(
        storeID: StoreID, run: PredictionRun, predictions: [StoredPrediction], entered: [SegmentMove], left: [SegmentMove],
        events: [NewEvent]
    ) async throws {
        var statements = [SQLStatement("DELETE FROM customer_predictions WHERE store_id = ?", [.int(storeID)])]
        var rows = SQLRows("INSERT INTO customer_predictions (store_id, \(Self.predictionColumns)) VALUES", columns: 13, chunk: 500)
        for p in predictions {
            rows.append([
                .int(storeID), .text(p.customerKey), .real(p.pAlive), .real(p.expectedPurchases), Self.real(p.expectedSpend),
                Self.real(p.value), SQLValue(p.valueDecile.map(Int64.init)), .int(Int64(p.nextPurchaseDay)),
                .int(Int64(p.rfmRecency)), .int(Int64(p.rfmFrequency)), .int(Int64(p.rfmMonetary)), .text(p.rfmSegment),
                .int(p.refreshedAt.millisecondsSinceEpoch),
            ])
        }
        statements += rows.statements()
        for move in left {
            statements.append(
                SQLStatement(
                    "DELETE FROM segment_members WHERE store_id = ? AND segment_key = ? AND customer_key = ?",
                    [.int(storeID), .text(move.segment), .text(move.customerKey)]))
        }
        var members = SQLRows(
            "INSERT INTO segment_members (store_id, segment_key, customer_key, since) VALUES", columns: 4,
            tail: "ON CONFLICT (store_id, segment_key, customer_key) DO NOTHING", chunk: 500)
        for move in entered {
            members.append([.int(storeID), .text(move.segment), .text(move.customerKey), .int(run.at.millisecondsSinceEpoch)])
        }
        statements += members.statements()
        statements += events.map { Self.eventInsert($0, now: run.at) }
        statements.append(Self.runInsert(storeID: storeID, run))
        _ = try await write(statements)
    }

    public func recordPredictionRun(storeID: StoreID, run: PredictionRun) async throws {
        _ = try await write([Self.runInsert(storeID: storeID, run)])
    }

    static func runInsert(storeID: StoreID, _ run: PredictionRun) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO prediction_runs (store_id, run_at, status, reason, customers, model, events, seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (store_id, run_at) DO UPDATE SET status = excluded.status, reason = excluded.reason,
            customers = excluded.customers, model = excluded.model, events = excluded.events, seconds = excluded.seconds
            """,
            [
                .int(storeID), .int(run.at.millisecondsSinceEpoch), .text(run.status.rawValue), SQLValue(run.reason),
                .int(Int64(run.customers)), SQLValue(run.model), SQLValue(run.events), .real(run.seconds),
            ])
    }

    static func real(_ value: Double?) -> SQLValue { value.map { $0.isFinite ? .real($0) : .null } ?? .null }

    public func prediction(storeID: StoreID, customerKey: String) async throws -> StoredPrediction? {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.predictionColumns) FROM customer_predictions WHERE store_id = ? AND customer_key = ?",
                [.int(storeID), .text(customerKey)]),
            SQLStatement(
                "SELECT segment_key FROM segment_members WHERE store_id = ? AND customer_key = ? ORDER BY segment_key",
                [.int(storeID), .text(customerKey)]),
        ])
        guard var prediction = rows[0].first.map(Self.decodePrediction) else { return nil }
        prediction.segments = rows[1].map { $0.text(0) }
        return prediction
    }

    public func predictions(storeID: StoreID, limit: Int) async throws -> [StoredPrediction] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.predictionColumns) FROM customer_predictions WHERE store_id = ?
                ORDER BY CASE WHEN clv IS NULL THEN 1 ELSE 0 END, clv DESC, p_alive DESC, customer_key LIMIT ?
                """, [.int(storeID), .int(Int64(limit))])
        ])
        return rows[0].map(Self.decodePrediction)
    }

    static func decodePrediction(_ row: SQLRow) -> StoredPrediction {
        StoredPrediction(
            customerKey: row.text(0), pAlive: row.double(1), expectedPurchases: row.double(2), expectedSpend: row[3].double,
            value: row[4].double, valueDecile: row.optionalInt(5).map(Int.init), nextPurchaseDay: Int(row.int(6)),
            rfmRecency: Int(row.int(7)), rfmFrequency: Int(row.int(8)), rfmMonetary: Int(row.int(9)),
            rfmSegment: row.text(10), refreshedAt: Timestamp(millisecondsSinceEpoch: row.int(11)))
    }

    public func predictionRuns(storeID: StoreID, limit: Int) async throws -> [PredictionRun] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT run_at, status, reason, customers, model, events, seconds FROM prediction_runs
                WHERE store_id = ? ORDER BY run_at DESC LIMIT ?
                """, [.int(storeID), .int(Int64(limit))])
        ])
        return rows[0].map {
            PredictionRun(
                at: Timestamp(millisecondsSinceEpoch: $0.int(0)), status: PredictionRun.Status(rawValue: $0.text(1)) ?? .failed,
                reason: $0.optionalText(2), customers: Int($0.int(3)), model: $0.optionalText(4), events: $0.optionalText(5),
                seconds: $0.double(6))
        }
    }

    public func claimPredictionRefresh(storeID: StoreID, now: Timestamp, firstAt: Timestamp, lease: Int64) async throws -> Bool {
        let t = now.millisecondsSinceEpoch
        let rows = try await write([
            SQLStatement(
                """
                INSERT INTO prediction_schedule (store_id, next_at, lease_until) VALUES (?, ?, 0)
                ON CONFLICT (store_id) DO NOTHING
                """, [.int(storeID), .int(firstAt.millisecondsSinceEpoch)]),
            SQLStatement(
                """
                UPDATE prediction_schedule SET lease_until = ? WHERE store_id = ? AND next_at <= ? AND lease_until <= ?
                RETURNING store_id
                """, [.int(t + lease), .int(storeID), .int(t), .int(t)]),
        ])
        return !rows[1].isEmpty
    }

    public func finishPredictionRefresh(storeID: StoreID, next: Timestamp) async throws {
        _ = try await write([
            SQLStatement(
                "UPDATE prediction_schedule SET next_at = ?, lease_until = 0 WHERE store_id = ?",
                [.int(next.millisecondsSinceEpoch), .int(storeID)])
        ])
    }

    public func customerTags(storeID: StoreID) async throws -> [String: [String]] {
        let rows = try await read([
            SQLStatement("SELECT customer_key, tag FROM customer_tags WHERE store_id = ? ORDER BY customer_key, tag", [.int(storeID)])
        ])
        var out: [String: [String]] = [:]
        for row in rows[0] { out[row.text(0), default: []].append(row.text(1)) }
        return out
    }
}

extension SQLBackend {
    /// Which of `keys` are already idempotency keys of the store's events.
    public func existingEventKeys(storeID: StoreID, keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        var statements: [SQLStatement] = []
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + 500, keys.count)]
            statements.append(
                SQLStatement(
                    "SELECT idempotency_key FROM events WHERE store_id = ? AND idempotency_key IN ("
                        + Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")",
                    [.int(storeID)] + chunk.map(SQLValue.text)))
            start += 500
        }
        return Set(try await read(statements).flatMap { $0.map { $0.text(0) } })
    }
}

/// One CLV decile of the last predictions refresh: how many customers, their lowest, highest and
/// total predicted value (major units).
public struct PredictionDecile: Sendable, Hashable {
    public var decile: Int
    public var customers: Int
    public var low: Double
    public var high: Double
    public var total: Double
}

extension SQLBackend {
    public func predictionDeciles(storeID: StoreID) async throws -> [PredictionDecile] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT clv_decile, COUNT(*), MIN(clv), MAX(clv), SUM(clv) FROM customer_predictions
                WHERE store_id = ? AND clv_decile IS NOT NULL AND clv IS NOT NULL GROUP BY clv_decile ORDER BY clv_decile
                """, [.int(storeID)])
        ])
        return rows[0].map {
            PredictionDecile(
                decile: Int($0.int(0)), customers: Int($0.int(1)), low: $0.double(2), high: $0.double(3), total: $0.double(4))
        }
    }
}
