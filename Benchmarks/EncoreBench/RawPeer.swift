import EncoreCore
import EncoreStore
import Foundation

/// The scheduler's peer: one batch of the same durable work as a journey step that sends one
/// email (claim the due timers, mark the instances completed, delete the timers, append two log
/// lines, queue one outbox message each) as plain set-based SQL over the same schema, with a
/// message body of the same size made once. No engine, no context reads, no rendering: what the
/// database and the bench's SQL layer alone cost for these writes.
struct RawPeer: Sendable {
    let db: BenchDatabase
    let html: String
    let text: String

    init(db: BenchDatabase, bodyBytes: Int) {
        self.db = db
        html = String(repeating: "<p>Thank you for your order.</p>\n", count: max(1, bodyBytes * 4 / 5 / 32))
        text = String(repeating: "Thank you for your order.\n", count: max(1, bodyBytes / 5 / 26))
    }

    /// Runs one batch; returns how many instances it advanced.
    func batch(now: Timestamp, limit: Int) async throws -> Int {
        let claim = UUID().uuidString
        let skipLocked = db.postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let at = now.millisecondsSinceEpoch
        let postgres = db.postgres
        let html = self.html
        let text = self.text
        let (_, steps) = try await db.sql.transaction(
            locks: AdvisoryLocks(storeID: 0, keys: []),
            reads: [
                SQLStatement(
                    """
                    UPDATE journey_timers SET claim = ? WHERE (store_id, instance_key) IN (
                        SELECT store_id, instance_key FROM journey_timers WHERE due_at <= ? ORDER BY due_at LIMIT ? \(skipLocked))
                    RETURNING instance_key
                    """, [.text(claim), .int(at), .int(Int64(limit))]),
                SQLStatement(
                    """
                    SELECT i.store_id, i.instance_key, i.journey_id, i.customer_key, i.log_seq, c.email FROM journey_timers t
                    JOIN journey_instances i ON i.store_id = t.store_id AND i.instance_key = t.instance_key
                    JOIN customers c ON c.store_id = i.store_id AND c.customer_key = i.customer_key
                    WHERE t.claim = ? ORDER BY t.due_at
                    """, [.text(claim)]),
            ]
        ) { rows in
            var log: [[SQLValue]] = []
            var outbox: [[SQLValue]] = []
            for row in rows[1] {
                let (store, key, journey, customer, seq) = (row.int(0), row.text(1), row.text(2), row.text(3), row.int(4))
                let message = "m" + key
                log.append([.int(store), .text(key), .int(seq + 1), .int(at), .text("confirm"), .text("sent"), .text("email"),
                    .text("order-confirmation"), .null, .text(message)])
                log.append([.int(store), .text(key), .int(seq + 2), .int(at), .null, .text("finished"), .null, .null,
                    .text("completed"), .null])
                outbox.append([.int(store), .text(message), .text(key), .text(journey), .text("confirm"), .text(customer),
                    .text("email"), .text("transactional"), .text(row.text(5)), .text("Your order is confirmed"), .text(text),
                    .text(html), .text(#"[{"name":"From","value":"bench <shop@example.com>"}]"#), .text("pending"), .int(0),
                    .int(at), .int(at), .null, .null])
            }
            let statements =
                [
                    SQLStatement(
                        """
                        UPDATE journey_instances SET status = 'completed', state = REPLACE(state, '"active"', '"completed"'),
                        current_step = NULL, log_seq = log_seq + 2, updated_at = ?, finished_at = ?, finish_reason = 'completed'
                        WHERE (store_id, instance_key) IN (SELECT store_id, instance_key FROM journey_timers WHERE claim = ?)
                        """, [.int(at), .int(at), .text(claim)]),
                    SQLStatement("DELETE FROM journey_timers WHERE claim = ?", [.text(claim)]),
                ]
                + Self.bulk(
                    "INSERT INTO journey_log (store_id, instance_key, seq, at, step_id, kind, channel, template, reason, message_id)",
                    types: "itiitttttt", rows: log, postgres: postgres)
                + Self.bulk(
                    """
                    INSERT INTO outbox (store_id, message_id, instance_key, journey_id, step_id, customer_key, channel, category,
                    recipient, subject, body_text, body_html, headers, status, attempts, next_attempt_at, created_at, delivered_at,
                    last_error)
                    """, types: "itttttttttttttiiiit", rows: outbox, postgres: postgres)
            return (statements, rows[1].count)
        }
        return steps
    }

    /// Multi-row VALUES on SQLite (within its argument limit), `unnest` of one array per column on
    /// PostgreSQL: the forms Encore's own bulk inserts use.
    static func bulk(_ head: String, types: String, rows: [[SQLValue]], postgres: Bool) -> [SQLStatement] {
        guard !rows.isEmpty else { return [] }
        let types = Array(types)
        if postgres {
            let casts = types.map { $0 == "i" ? "?::bigint[]" : "?::text[]" }.joined(separator: ", ")
            let arrays = types.indices.map { column -> SQLValue in
                var literal = "{"
                for (index, row) in rows.enumerated() {
                    if index > 0 { literal += "," }
                    switch row[column] {
                    case .null: literal += "NULL"
                    case .int(let v): literal += String(v)
                    case .real(let v): literal += String(v)
                    case .text(let v):
                        literal += "\""
                        for scalar in v.unicodeScalars {
                            if scalar == "\\" || scalar == "\"" { literal += "\\" }
                            literal.unicodeScalars.append(scalar)
                        }
                        literal += "\""
                    }
                }
                return .text(literal + "}")
            }
            return [SQLStatement("\(head) SELECT * FROM unnest(\(casts))", arrays)]
        }
        let perStatement = max(1, 30_000 / types.count)
        var out: [SQLStatement] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let tuple = "(" + Array(repeating: "?", count: types.count).joined(separator: ",") + ")"
            out.append(
                SQLStatement(
                    "\(head) VALUES " + Array(repeating: tuple, count: end - start).joined(separator: ","),
                    Array(rows[start..<end].joined())))
            start = end
        }
        return out
    }
}
