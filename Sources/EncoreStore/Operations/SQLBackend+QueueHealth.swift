import EncoreCore

extension SQLBackend {
    public func queueHealth(now: Timestamp) async throws -> QueueHealth {
        let at = SQLValue.int(now.millisecondsSinceEpoch)
        // Each query reads one queue through the index its workers claim by.
        let results = try await read([
            SQLStatement(
                """
                SELECT channel, COUNT(*), SUM(CASE WHEN next_attempt_at <= ? THEN 1 ELSE 0 END),
                       MIN(CASE WHEN next_attempt_at <= ? THEN next_attempt_at END)
                FROM outbox WHERE status = 'pending' GROUP BY channel
                """, [at, at]),
            Self.queueStatement(table: "journey_timers", time: "due_at", now: at),
            Self.queueStatement(table: "journey_inbox", time: "enqueued_at", now: at),
            Self.queueStatement(table: "loyalty_inbox", time: "enqueued_at", now: at),
        ])
        var health = QueueHealth()
        for row in results[0] {
            guard let channel = Channel(rawValue: row.text(0)) else { continue }
            health.outbox[channel] = Self.queue(row, now: now, from: 1)
        }
        health.journeyTimers = results[1].first.map { Self.queue($0, now: now, from: 0) } ?? .init()
        health.journeyInbox = results[2].first.map { Self.queue($0, now: now, from: 0) } ?? .init()
        health.loyaltyInbox = results[3].first.map { Self.queue($0, now: now, from: 0) } ?? .init()
        return health
    }

    private static func queueStatement(table: String, time: String, now: SQLValue) -> SQLStatement {
        SQLStatement(
            """
            SELECT COUNT(*), SUM(CASE WHEN \(time) <= ? THEN 1 ELSE 0 END), MIN(CASE WHEN \(time) <= ? THEN \(time) END)
            FROM \(table)
            """, [now, now])
    }

    private static func queue(_ row: SQLRow, now: Timestamp, from column: Int) -> QueueHealth.Queue {
        let oldest = row.optionalInt(column + 2)
        return QueueHealth.Queue(
            depth: Int(row.int(column)), due: Int(row.int(column + 1)),
            lagMilliseconds: oldest.map { max(0, now.millisecondsSinceEpoch - $0) } ?? 0)
    }
}
