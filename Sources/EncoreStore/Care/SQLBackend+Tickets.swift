import EncoreCore

extension SQLBackend {
    /// Held while a ticket takes the next number of its store.
    static var ticketNumberLock: Int64 { lockKey("ticket-number") }

    static var ticketColumns: String {
        """
        store_id, ticket_key, number, customer_key, email, order_key, subject, status, priority, assignee, source,
        source_ref, created_at, first_response_due, first_response_at, resolved_at, updated_at
        """
    }

    static func decodeTicket(_ row: SQLRow) -> Ticket {
        Ticket(
            storeID: row.int(0), key: row.text(1), number: row.int(2), customerKey: row.optionalText(3),
            email: row.optionalText(4), orderKey: row.optionalText(5), subject: row.text(6),
            status: TicketStatus(rawValue: row.text(7)) ?? .open, priority: TicketPriority(rawValue: row.text(8)) ?? .normal,
            assignee: row.optionalText(9), source: TicketSource(rawValue: row.text(10)) ?? .api, sourceRef: row.text(11),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int(12)),
            firstResponseDue: Timestamp(millisecondsSinceEpoch: row.int(13)),
            firstResponseAt: row.optionalInt(14).map(Timestamp.init(millisecondsSinceEpoch:)),
            resolvedAt: row.optionalInt(15).map(Timestamp.init(millisecondsSinceEpoch:)),
            updatedAt: Timestamp(millisecondsSinceEpoch: row.int(16)))
    }

    /// The key of a new ticket: its source and reference, hashed (stable, so a retried insert
    /// collides with the first instead of making a second ticket).
    static func ticketKey(_ t: NewTicket) -> String {
        var hasher = StableHasher()
        hasher.combine(t.source.rawValue)
        hasher.combine(t.sourceRef)
        return "t_" + String(hasher.hexDigest.prefix(20))
    }

    /// Inserts a ticket numbered after the store's highest (callers hold `ticketNumberLock`) and
    /// its first message; the last statement returns the new ticket's row, or none if the source
    /// already opened one.
    static func ticketInserts(_ t: NewTicket, dialect: SQLDialect) -> [SQLStatement] {
        let key = ticketKey(t)
        let created = Int64(t.createdAt.millisecondsSinceEpoch)
        return [
            SQLStatement(
                """
                INSERT INTO ticket_messages (store_id, ticket_key, seq, kind, author, body, created_at)
                SELECT ?, ?, 1, CASE WHEN ? = 'encore' THEN 'system' ELSE 'customer' END, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE store_id = ? AND source = ? AND source_ref = ?)
                ON CONFLICT (store_id, ticket_key, seq) DO NOTHING
                """,
                [
                    .int(t.storeID), .text(key), .text(t.author), .text(t.author), .text(t.body), .int(created), .int(t.storeID),
                    .text(t.source.rawValue), .text(t.sourceRef),
                ]),
            SQLStatement(
                """
                INSERT INTO tickets (\(ticketColumns))
                SELECT ?, ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, 'open', ?, NULL, ?, ?, ?, ?, NULL, NULL, ?
                FROM tickets WHERE store_id = ?
                ON CONFLICT (store_id, source, source_ref) DO NOTHING
                RETURNING \(ticketColumns)
                """,
                [
                    .int(t.storeID), .text(key), SQLValue(t.customerKey), SQLValue(t.email), SQLValue(t.orderKey),
                    .text(t.subject), .text(t.priority.rawValue), .text(t.source.rawValue), .text(t.sourceRef),
                    .int(created), .int(t.firstResponseDue.millisecondsSinceEpoch), .int(created), .int(t.storeID),
                ]),
        ]
    }

    func ticket(storeID: StoreID, source: TicketSource, sourceRef: String) async throws -> Ticket? {
        try await read([
            SQLStatement(
                "SELECT \(Self.ticketColumns) FROM tickets WHERE store_id = ? AND source = ? AND source_ref = ?",
                [.int(storeID), .text(source.rawValue), .text(sourceRef)])
        ])[0].first.map(Self.decodeTicket)
    }

    public func openTicket(_ ticket: NewTicket) async throws -> (ticket: Ticket, created: Bool) {
        let dialect = self.dialect
        let (rows, _) = try await transaction(
            locks: AdvisoryLocks(storeID: ticket.storeID, keys: [Self.ticketNumberLock]), reads: []
        ) { _ in (Self.ticketInserts(ticket, dialect: dialect), ()) }
        if let created = rows.last?.first.map(Self.decodeTicket) { return (created, true) }
        guard let existing = try await self.ticket(storeID: ticket.storeID, source: ticket.source, sourceRef: ticket.sourceRef)
        else { throw StorageError.invalid("the ticket was neither created nor found") }
        return (existing, false)
    }

    public func tickets(storeID: StoreID, statuses: [TicketStatus], limit: Int) async throws -> [Ticket] {
        guard !statuses.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: statuses.count).joined(separator: ", ")
        return try await read([
            SQLStatement(
                """
                SELECT \(Self.ticketColumns) FROM tickets WHERE store_id = ? AND status IN (\(marks))
                ORDER BY created_at, number LIMIT ?
                """, [.int(storeID)] + statuses.map { .text($0.rawValue) } + [.int(Int64(limit))])
        ])[0].map(Self.decodeTicket)
    }

    public func tickets(storeID: StoreID, customerKey: String) async throws -> [Ticket] {
        try await read([
            SQLStatement(
                "SELECT \(Self.ticketColumns) FROM tickets WHERE store_id = ? AND customer_key = ? ORDER BY created_at DESC",
                [.int(storeID), .text(customerKey)])
        ])[0].map(Self.decodeTicket)
    }

    public func ticket(storeID: StoreID, key: String) async throws -> (ticket: Ticket, messages: [TicketMessage])? {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.ticketColumns) FROM tickets WHERE store_id = ? AND ticket_key = ?", [.int(storeID), .text(key)]),
            SQLStatement(
                """
                SELECT seq, kind, author, body, created_at FROM ticket_messages WHERE store_id = ? AND ticket_key = ?
                ORDER BY seq
                """, [.int(storeID), .text(key)]),
        ])
        guard let ticket = rows[0].first.map(Self.decodeTicket) else { return nil }
        let messages = rows[1].map {
            TicketMessage(
                seq: $0.int(0), kind: TicketMessage.Kind(rawValue: $0.text(1)) ?? .note, author: $0.text(2),
                body: $0.text(3), createdAt: Timestamp(millisecondsSinceEpoch: $0.int(4)))
        }
        return (ticket, messages)
    }

    static func messageInsert(storeID: StoreID, key: String, kind: TicketMessage.Kind, author: String, body: String, now: Timestamp)
        -> SQLStatement
    {
        SQLStatement(
            """
            INSERT INTO ticket_messages (store_id, ticket_key, seq, kind, author, body, created_at)
            SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM ticket_messages WHERE store_id = ? AND ticket_key = ?
            """,
            [
                .int(storeID), .text(key), .text(kind.rawValue), .text(author), .text(body),
                .int(now.millisecondsSinceEpoch), .int(storeID), .text(key),
            ])
    }

    public func addTicketMessage(
        storeID: StoreID, key: String, kind: TicketMessage.Kind, author: String, body: String, email: OutboxMessage?,
        now: Timestamp
    ) async throws -> Bool {
        let dialect = self.dialect
        let (_, found) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Self.lockKey("ticket:" + key)]),
            reads: [SQLStatement("SELECT status FROM tickets WHERE store_id = ? AND ticket_key = ?", [.int(storeID), .text(key)])]
        ) { reads -> (statements: [SQLStatement], result: Bool) in
            guard let status = reads[0].first?.text(0) else { return ([], false) }
            var statements = [Self.messageInsert(storeID: storeID, key: key, kind: kind, author: author, body: body, now: now)]
            let at = SQLValue.int(now.millisecondsSinceEpoch)
            switch kind {
            case .reply:
                let next = status == TicketStatus.open.rawValue ? TicketStatus.pending.rawValue : status
                statements.append(
                    SQLStatement(
                        """
                        UPDATE tickets SET first_response_at = COALESCE(first_response_at, ?), status = ?, updated_at = ?
                        WHERE store_id = ? AND ticket_key = ?
                        """, [at, .text(next), at, .int(storeID), .text(key)]))
                if let email { statements += OutboxSQL.inserts([email], dialect: dialect) }
            case .customer:
                // The customer wrote again: the ticket needs the team's attention.
                statements.append(
                    SQLStatement(
                        "UPDATE tickets SET status = 'open', resolved_at = NULL, updated_at = ? WHERE store_id = ? AND ticket_key = ?",
                        [at, .int(storeID), .text(key)]))
            case .note, .system:
                statements.append(
                    SQLStatement(
                        "UPDATE tickets SET updated_at = ? WHERE store_id = ? AND ticket_key = ?", [at, .int(storeID), .text(key)]))
            }
            return (statements, true)
        }
        return found
    }

    public func updateTicket(
        storeID: StoreID, key: String, status: TicketStatus?, priority: TicketPriority?, assignee: String?,
        actor: String, now: Timestamp
    ) async throws -> Ticket? {
        let (_, updated) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Self.lockKey("ticket:" + key)]),
            reads: [
                SQLStatement(
                    "SELECT \(Self.ticketColumns) FROM tickets WHERE store_id = ? AND ticket_key = ?", [.int(storeID), .text(key)])
            ]
        ) { reads -> (statements: [SQLStatement], result: Ticket?) in
            guard var ticket = reads[0].first.map(Self.decodeTicket) else { return ([], nil) }
            var changes: [String] = []
            if let status, status != ticket.status {
                guard ticket.status.canMove(to: status) else {
                    throw StorageError.invalid("a \(ticket.status.rawValue) ticket cannot become \(status.rawValue)")
                }
                changes.append("status \(ticket.status.rawValue) → \(status.rawValue)")
                ticket.status = status
                if status == .resolved || status == .closed {
                    ticket.resolvedAt = ticket.resolvedAt ?? now
                } else {
                    ticket.resolvedAt = nil
                }
            }
            if let priority, priority != ticket.priority {
                changes.append("priority \(ticket.priority.rawValue) → \(priority.rawValue)")
                ticket.priority = priority
            }
            if let assignee, assignee != (ticket.assignee ?? "") {
                changes.append(assignee.isEmpty ? "unassigned" : "assigned to \(assignee)")
                ticket.assignee = assignee.isEmpty ? nil : assignee
            }
            guard !changes.isEmpty else { return ([], ticket) }
            ticket.updatedAt = now
            return (
                [
                    SQLStatement(
                        """
                        UPDATE tickets SET status = ?, priority = ?, assignee = ?, resolved_at = ?, updated_at = ?
                        WHERE store_id = ? AND ticket_key = ?
                        """,
                        [
                            .text(ticket.status.rawValue), .text(ticket.priority.rawValue), SQLValue(ticket.assignee),
                            SQLValue(ticket.resolvedAt?.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch),
                            .int(storeID), .text(key),
                        ]),
                    Self.messageInsert(
                        storeID: storeID, key: key, kind: .system, author: actor, body: changes.joined(separator: "; "),
                        now: now),
                ], ticket
            )
        }
        return updated
    }
}
