import EncoreCore
import Foundation

extension SQLBackend {
    static var outboxColumns: String { OutboxSQL.columns }
    static func decodeOutbox(_ row: SQLRow) -> OutboxMessage { OutboxSQL.decode(row) }
    static func outboxInserts(_ messages: [OutboxMessage], dialect: SQLDialect) -> [SQLStatement] {
        OutboxSQL.inserts(messages, dialect: dialect)
    }

    public func enqueue(_ messages: [OutboxMessage]) async throws {
        _ = try await write(Self.outboxInserts(messages, dialect: dialect))
    }

    public func claimOutbox(now: Timestamp, limit: Int, leaseMilliseconds: Int64, channel: Channel?) async throws
        -> [OutboxMessage]
    {
        let at = now.millisecondsSinceEpoch
        let onChannel = channel == nil ? "" : " AND channel = ?"
        let channelArgument: [SQLValue] = channel.map { [.text($0.rawValue)] } ?? []
        // A cheap look first: an idle sender opens no write transaction.
        let due = try await read([
            SQLStatement(
                """
                SELECT 1 FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?\(onChannel)
                AND (lease_until IS NULL OR lease_until <= ?) LIMIT 1
                """, [.int(at)] + channelArgument + [.int(at)])
        ])
        guard !due[0].isEmpty else { return [] }
        let skipLocked = dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        let rows = try await write([
            SQLStatement(
                """
                UPDATE outbox SET lease_until = ?, attempts = attempts + 1 FROM (
                    SELECT store_id AS claimed_store, message_id AS claimed_message FROM outbox
                    WHERE status = 'pending' AND next_attempt_at <= ?\(onChannel) AND (lease_until IS NULL OR lease_until <= ?)
                    ORDER BY next_attempt_at LIMIT ? \(skipLocked)) AS due
                WHERE outbox.store_id = due.claimed_store AND outbox.message_id = due.claimed_message
                RETURNING \(JourneyRecords.prefixed("outbox", Self.outboxColumns))
                """,
                [.int(at + leaseMilliseconds), .int(at)] + channelArgument + [.int(at), .int(Int64(limit))])
        ])
        return rows[0].map(Self.decodeOutbox).sorted { $0.nextAttemptAt < $1.nextAttemptAt }
    }

    public func recordDeliveries(
        _ results: [(message: OutboxMessage, outcome: DeliveryOutcome)], policy: RetryPolicy, now: Timestamp
    ) async throws {
        guard !results.isEmpty else { return }
        var statements: [SQLStatement] = []
        let at = now.millisecondsSinceEpoch
        for (message, outcome) in results {
            let key: [SQLValue] = [.int(message.storeID), .text(message.messageID)]
            switch outcome {
            case .delivered(let reply):
                statements.append(
                    SQLStatement(
                        """
                        UPDATE outbox SET status = 'delivered', delivered_at = ?, provider_reply = ?, lease_until = NULL,
                        last_error = NULL WHERE store_id = ? AND message_id = ?
                        """, [.int(at), .text(String(reply.prefix(1_000)))] + key))
            case .transient(let reason):
                if let next = policy.nextAttempt(
                    afterFailedAttempts: message.attempts, messageID: message.messageID, queuedAt: message.createdAt, now: now)
                {
                    statements.append(
                        SQLStatement(
                            """
                            UPDATE outbox SET status = 'pending', next_attempt_at = ?, lease_until = NULL, last_error = ?
                            WHERE store_id = ? AND message_id = ?
                            """, [.int(next.millisecondsSinceEpoch), .text(String(reason.prefix(1_000)))] + key))
                } else {
                    statements.append(
                        SQLStatement(
                            "UPDATE outbox SET status = 'dead', lease_until = NULL, last_error = ? WHERE store_id = ? AND message_id = ?",
                            [.text(String(reason.prefix(1_000)))] + key))
                }
            case .permanent(let reason):
                statements.append(
                    SQLStatement(
                        "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ? WHERE store_id = ? AND message_id = ?",
                        [.text(String(reason.prefix(1_000)))] + key))
                if message.channel == .email || message.channel == .sms {
                    statements.append(Self.suppressStatement(
                        storeID: message.storeID, channel: message.channel, address: message.recipient, reason: "bounce", at: at))
                }
            }
        }
        _ = try await write(statements)
    }

    public func releaseOutbox(_ messages: [OutboxMessage]) async throws {
        guard !messages.isEmpty else { return }
        _ = try await write(
            messages.map { message in
                SQLStatement(
                    """
                    UPDATE outbox SET lease_until = NULL, attempts = attempts - 1
                    WHERE store_id = ? AND message_id = ? AND status = 'pending' AND attempts = ?
                    """, [.int(message.storeID), .text(message.messageID), .int(Int64(message.attempts))])
            })
    }

    public func outbox(storeID: StoreID, status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage] {
        var sql = "SELECT \(Self.outboxColumns) FROM outbox WHERE store_id = ?"
        var arguments: [SQLValue] = [.int(storeID)]
        if let status {
            sql += " AND status = ?"
            arguments.append(.text(status.rawValue))
        }
        sql += " ORDER BY created_at DESC, message_id LIMIT ?"
        arguments.append(.int(Int64(limit)))
        return try await read([SQLStatement(sql, arguments)])[0].map(Self.decodeOutbox)
    }

    public func outboxCounts(storeID: StoreID) async throws -> [OutboxStatus: Int] {
        let rows = try await read([
            SQLStatement("SELECT status, COUNT(*) FROM outbox WHERE store_id = ? GROUP BY status", [.int(storeID)])
        ])[0]
        var counts: [OutboxStatus: Int] = [:]
        for row in rows { if let status = OutboxStatus(rawValue: row.text(0)) { counts[status] = Int(row.int(1)) } }
        return counts
    }

    /// Adds an address; a bounce or complaint replaces an earlier unsubscribe (which stops
    /// marketing only), anything else keeps the first reason.
    static func suppressStatement(storeID: StoreID, channel: Channel, address: String, reason: String, at: Int64)
        -> SQLStatement
    {
        SQLStatement(
            """
            INSERT INTO suppressions (store_id, channel, address, reason, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (store_id, channel, address) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at
            WHERE suppressions.reason = 'unsubscribed' AND excluded.reason <> 'unsubscribed'
            """,
            [.int(storeID), .text(channel.rawValue), .text(normalizedAddress(address)), .text(reason), .int(at)])
    }

    /// Addresses are compared lower-cased and trimmed.
    static func normalizedAddress(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespaces).lowercased()
    }

    public func suppress(storeID: StoreID, channel: Channel, address: String, reason: String, now: Timestamp) async throws {
        _ = try await write([
            Self.suppressStatement(
                storeID: storeID, channel: channel, address: address, reason: reason, at: now.millisecondsSinceEpoch)
        ])
    }

    public func recordEngagement(storeID: StoreID, messageID: String, kind: String, detail: String?, now: Timestamp)
        async throws
    {
        _ = try await write([
            SQLStatement(
                """
                INSERT INTO message_engagements (store_id, message_id, kind, at, detail)
                SELECT store_id, message_id, ?, ?, ? FROM outbox WHERE store_id = ? AND message_id = ?
                ON CONFLICT (store_id, message_id, kind) DO NOTHING
                """,
                [.text(kind), .int(now.millisecondsSinceEpoch), SQLValue(detail.map { String($0.prefix(500)) }),
                    .int(storeID), .text(messageID)])
        ])
    }

    public func unsuppress(storeID: StoreID, channel: Channel, address: String) async throws {
        _ = try await write([
            SQLStatement(
                "DELETE FROM suppressions WHERE store_id = ? AND channel = ? AND address = ? AND reason = 'unsubscribed'",
                [.int(storeID), .text(channel.rawValue), .text(Self.normalizedAddress(address))])
        ])
    }

    public func suppressions(storeID: StoreID, channel: Channel) async throws -> [(address: String, reason: String)] {
        try await read([
            SQLStatement(
                "SELECT address, reason FROM suppressions WHERE store_id = ? AND channel = ? ORDER BY address",
                [.int(storeID), .text(channel.rawValue)])
        ])[0].map { ($0.text(0), $0.text(1)) }
    }
}

/// How outbox messages are written and read.
enum OutboxSQL {
    static var columns: String {
        """
        store_id, message_id, instance_key, journey_id, step_id, customer_key, channel, category, recipient,
        subject, body_text, body_html, headers, status, attempts, next_attempt_at, created_at, delivered_at, last_error
        """
    }

    /// The insert for new outbox messages (ON CONFLICT DO NOTHING: a replayed step adds nothing).
    static func inserts(_ messages: [OutboxMessage], dialect: SQLDialect) -> [SQLStatement] {
        BulkInsert(
            "INSERT INTO outbox (\(columns))", types: "itttttttttttttiiiit",
            tail: "ON CONFLICT (store_id, message_id) DO NOTHING", dialect: dialect
        ).statements(
            messages.map { m in
                [
                    .int(m.storeID), .text(m.messageID), SQLValue(m.instanceKey), SQLValue(m.journeyID),
                    SQLValue(m.stepID), SQLValue(m.customerKey), .text(m.channel.rawValue), .text(m.category.rawValue),
                    .text(m.recipient), SQLValue(m.subject), .text(m.text), SQLValue(m.html),
                    .text(encodeHeaders(m.headers)), .text(m.status.rawValue), .int(Int64(m.attempts)),
                    .int(m.nextAttemptAt.millisecondsSinceEpoch), .int(m.createdAt.millisecondsSinceEpoch),
                    SQLValue(m.deliveredAt?.millisecondsSinceEpoch), SQLValue(m.lastError),
                ]
            })
    }

    static func encodeHeaders(_ headers: [MessageHeader]) -> String {
        guard !headers.isEmpty, let data = try? JSONEncoder().encode(headers) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ row: SQLRow) -> OutboxMessage {
        let headers = (try? JSONDecoder().decode([MessageHeader].self, from: Data(row.text(12).utf8))) ?? []
        return OutboxMessage(
            storeID: row.int(0), messageID: row.text(1), instanceKey: row.optionalText(2), journeyID: row.optionalText(3),
            stepID: row.optionalText(4), customerKey: row.optionalText(5),
            channel: Channel(rawValue: row.text(6)) ?? .email, category: Purpose(rawValue: row.text(7)) ?? .transactional,
            recipient: row.text(8), subject: row.optionalText(9), text: row.text(10), html: row.optionalText(11),
            headers: headers, status: OutboxStatus(rawValue: row.text(13)) ?? .pending, attempts: Int(row.int(14)),
            nextAttemptAt: Timestamp(millisecondsSinceEpoch: row.int(15)),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int(16)),
            deliveredAt: row.optionalInt(17).map(Timestamp.init(millisecondsSinceEpoch:)), lastError: row.optionalText(18))
    }

}
