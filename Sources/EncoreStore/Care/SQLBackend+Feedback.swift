import EncoreCore

extension SQLBackend {
    static var feedbackColumns: String {
        "store_id, feedback_key, customer_key, kind, touchpoint, subject_key, order_key, status, score, reason, asked_at, answered_at" }

    static func decodeFeedback(_ row: SQLRow) -> FeedbackRecord {
        var record = FeedbackRecord(
            storeID: row.int(0), kind: SurveyKind(rawValue: row.text(3)) ?? .nps,
            touchpoint: Touchpoint(rawValue: row.text(4)) ?? .order, subjectKey: row.text(5),
            customerKey: row.text(2), orderKey: row.optionalText(6),
            askedAt: Timestamp(millisecondsSinceEpoch: row.int(10)))
        record.key = row.text(1)
        record.status = row.text(7)
        record.score = row.optionalInt(8).map(Int.init)
        record.reason = row.optionalText(9)
        record.answeredAt = row.optionalInt(11).map(Timestamp.init(millisecondsSinceEpoch:))
        return record
    }

    static func feedbackValues(_ r: FeedbackRecord) -> [SQLValue] {
        [
            .int(r.storeID), .text(r.key), .text(r.customerKey), .text(r.kind.rawValue), .text(r.touchpoint.rawValue),
            .text(r.subjectKey), SQLValue(r.orderKey), .text(r.status), SQLValue(r.score.map(Int64.init)),
            SQLValue(r.reason), .int(r.askedAt.millisecondsSinceEpoch), SQLValue(r.answeredAt?.millisecondsSinceEpoch),
        ]
    }

    static func feedbackSelect(_ storeID: StoreID, _ key: String) -> SQLStatement {
        SQLStatement(
            "SELECT \(feedbackColumns) FROM feedback WHERE store_id = ? AND feedback_key = ?", [.int(storeID), .text(key)])
    }

    public func feedback(storeID: StoreID, key: String) async throws -> FeedbackRecord? {
        try await read([Self.feedbackSelect(storeID, key)])[0].first.map(Self.decodeFeedback)
    }

    public func lastSurveyAsked(storeID: StoreID, customerKey: String) async throws -> FeedbackRecord? {
        try await read([
            SQLStatement(
                """
                SELECT \(Self.feedbackColumns) FROM feedback WHERE store_id = ? AND customer_key = ?
                ORDER BY asked_at DESC LIMIT 1
                """, [.int(storeID), .text(customerKey)])
        ])[0].first.map(Self.decodeFeedback)
    }

    public func askFeedback(_ record: FeedbackRecord) async throws -> FeedbackRecord {
        let marks = Array(repeating: "?", count: 12).joined(separator: ", ")
        let rows = try await write([
            SQLStatement(
                "INSERT INTO feedback (\(Self.feedbackColumns)) VALUES (\(marks)) ON CONFLICT (store_id, feedback_key) DO NOTHING",
                Self.feedbackValues(record)),
            Self.feedbackSelect(record.storeID, record.key),
        ])
        return rows[1].first.map(Self.decodeFeedback) ?? record
    }

    public func answerFeedback(_ record: FeedbackRecord, event: NewEvent, ticket: NewTicket?, now: Timestamp)
        async throws -> (record: FeedbackRecord, recorded: Bool, ticket: Ticket?)
    {
        let dialect = self.dialect
        let (rows, outcome) = try await transaction(
            locks: AdvisoryLocks(storeID: record.storeID, keys: [Self.ticketNumberLock, Self.lockKey(record.key)]),
            reads: [Self.feedbackSelect(record.storeID, record.key)]
        ) { reads -> (statements: [SQLStatement], result: (FeedbackRecord, Bool)) in
            if let stored = reads[0].first.map(Self.decodeFeedback), stored.status == "answered" {
                return ([], (stored, false))
            }
            var answered = record
            answered.status = "answered"
            answered.answeredAt = now
            if let stored = reads[0].first.map(Self.decodeFeedback) { answered.askedAt = stored.askedAt }
            let marks = Array(repeating: "?", count: 12).joined(separator: ", ")
            var statements = [
                SQLStatement(
                    """
                    INSERT INTO feedback (\(Self.feedbackColumns)) VALUES (\(marks))
                    ON CONFLICT (store_id, feedback_key) DO UPDATE SET status = 'answered', score = excluded.score,
                    answered_at = excluded.answered_at
                    """, Self.feedbackValues(answered)),
                Self.eventInsert(event, now: now),
            ]
            if let ticket { statements += Self.ticketInserts(ticket, dialect: dialect) }
            return (statements, (answered, true))
        }
        var opened: Ticket?
        if outcome.1, ticket != nil, let ticketRows = rows.last {
            opened = ticketRows.first.map(Self.decodeTicket)
        }
        if outcome.1, opened == nil, let ticket {
            opened = try await self.ticket(storeID: ticket.storeID, source: ticket.source, sourceRef: ticket.sourceRef)
        }
        return (outcome.0, outcome.1, opened)
    }

    public func setFeedbackReason(storeID: StoreID, key: String, reason: String, now: Timestamp) async throws -> Bool {
        let rows = try await write([
            SQLStatement(
                """
                UPDATE feedback SET reason = ? WHERE store_id = ? AND feedback_key = ? AND status = 'answered'
                RETURNING feedback_key
                """, [.text(reason), .int(storeID), .text(key)])
        ])
        return !rows[0].isEmpty
    }

    public func dismissFeedback(_ record: FeedbackRecord, now: Timestamp) async throws -> Bool {
        var dismissed = record
        dismissed.status = "dismissed"
        dismissed.answeredAt = now
        let marks = Array(repeating: "?", count: 12).joined(separator: ", ")
        let rows = try await write([
            SQLStatement(
                """
                INSERT INTO feedback (\(Self.feedbackColumns)) VALUES (\(marks))
                ON CONFLICT (store_id, feedback_key) DO UPDATE SET status = 'dismissed', answered_at = excluded.answered_at
                WHERE feedback.status <> 'answered'
                """, Self.feedbackValues(dismissed)),
            Self.feedbackSelect(record.storeID, record.key),
        ])
        return rows[1].first.map(Self.decodeFeedback)?.status == "dismissed"
    }

    /// Appends one live event (skipped by the database when its key is already stored); the
    /// journey inbox trigger sees it like any other.
    static func eventInsert(_ e: NewEvent, now: Timestamp) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO events (store_id, type, customer_key, order_key, occurred_at, received_at, payload,
            idempotency_key, content_hash, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (store_id, idempotency_key) DO NOTHING
            """,
            [
                .int(e.storeID), .text(e.type), SQLValue(e.customerKey), SQLValue(e.orderKey),
                .int(e.occurredAt.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch), .text(e.payload),
                .text(e.idempotencyKey), .text(e.contentHash), .text(e.origin.rawValue),
            ])
    }
}
