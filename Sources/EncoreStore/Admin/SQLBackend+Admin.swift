import Foundation
import EncoreCore

extension SQLBackend {
    public func organisations() async throws -> [Organisation] {
        try await read([SQLStatement("SELECT id, name FROM organisations ORDER BY name")])[0].map {
            Organisation(id: $0.int(0), name: $0.text(1))
        }
    }

    /// Emails are compared trimmed and lower-cased.
    static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public func createAdminUser(email: String, organisation: String, passwordHash: String, now: Timestamp) async throws
        -> AdminUser
    {
        let email = Self.normalizedEmail(email)
        let rows = try await write([
            SQLStatement("SELECT id FROM organisations WHERE name = ?", [.text(organisation)]),
            SQLStatement(
                """
                INSERT INTO admin_users (organisation_id, email, password_hash, created_at)
                SELECT id, ?, ?, ? FROM organisations WHERE name = ?
                ON CONFLICT (email) DO NOTHING RETURNING id, organisation_id
                """,
                [.text(email), .text(passwordHash), .int(now.millisecondsSinceEpoch), .text(organisation)]),
        ])
        guard !rows[0].isEmpty else { throw StorageError.invalid("no organisation named '\(organisation)'") }
        guard let row = rows[1].first else {
            throw StorageError.conflict("a user with email '\(email)' already exists")
        }
        return AdminUser(
            id: row.int(0), organisationID: row.int(1), email: email, passwordHash: passwordHash, createdAt: now)
    }

    public func adminUser(email: String) async throws -> AdminUser? {
        try await read([
            SQLStatement(
                "SELECT id, organisation_id, email, password_hash, created_at FROM admin_users WHERE email = ?",
                [.text(Self.normalizedEmail(email))])
        ])[0].first.map {
            AdminUser(
                id: $0.int(0), organisationID: $0.int(1), email: $0.text(2), passwordHash: $0.text(3),
                createdAt: Timestamp(millisecondsSinceEpoch: $0.int(4)))
        }
    }

    public func createAdminSession(
        tokenHash: String, userID: Int64, csrfToken: String, now: Timestamp, expiresAt: Timestamp
    ) async throws {
        _ = try await write([
            SQLStatement("DELETE FROM admin_sessions WHERE expires_at <= ?", [.int(now.millisecondsSinceEpoch)]),
            SQLStatement(
                """
                INSERT INTO admin_sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?)
                """,
                [
                    .text(tokenHash), .int(userID), .text(csrfToken), .int(now.millisecondsSinceEpoch),
                    .int(expiresAt.millisecondsSinceEpoch),
                ]),
        ])
    }

    public func adminSession(tokenHash: String, now: Timestamp) async throws -> AdminSession? {
        try await read([
            SQLStatement(
                """
                SELECT s.user_id, u.organisation_id, o.name, u.email, s.csrf_token, s.created_at, s.expires_at
                FROM admin_sessions s JOIN admin_users u ON u.id = s.user_id
                JOIN organisations o ON o.id = u.organisation_id
                WHERE s.token_hash = ? AND s.expires_at > ?
                """,
                [.text(tokenHash), .int(now.millisecondsSinceEpoch)])
        ])[0].first.map {
            AdminSession(
                userID: $0.int(0), organisationID: $0.int(1), organisationName: $0.text(2), email: $0.text(3),
                csrfToken: $0.text(4), createdAt: Timestamp(millisecondsSinceEpoch: $0.int(5)),
                expiresAt: Timestamp(millisecondsSinceEpoch: $0.int(6)))
        }
    }

    public func deleteAdminSession(tokenHash: String) async throws {
        _ = try await write([SQLStatement("DELETE FROM admin_sessions WHERE token_hash = ?", [.text(tokenHash)])])
    }

    public func stores(organisationID: Int64) async throws -> [Store] {
        try await read([
            SQLStatement(
                "SELECT \(Self.storeColumns) FROM stores WHERE organisation_id = ? ORDER BY name",
                [.int(organisationID)])
        ])[0].map(Self.decodeStore)
    }

    public func outboxMessage(storeID: StoreID, messageID: String) async throws -> OutboxMessage? {
        try await read([
            SQLStatement(
                "SELECT \(Self.outboxColumns) FROM outbox WHERE store_id = ? AND message_id = ?",
                [.int(storeID), .text(messageID)])
        ])[0].first.map(Self.decodeOutbox)
    }

    public func outbox(storeID: StoreID, channel: Channel, statuses: [OutboxStatus], limit: Int) async throws
        -> [OutboxMessage]
    {
        guard !statuses.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: statuses.count).joined(separator: ", ")
        return try await read([
            SQLStatement(
                """
                SELECT \(Self.outboxColumns) FROM outbox WHERE store_id = ? AND channel = ? AND status IN (\(marks))
                ORDER BY created_at DESC, message_id LIMIT ?
                """,
                [.int(storeID), .text(channel.rawValue)] + statuses.map { .text($0.rawValue) } + [.int(Int64(limit))])
        ])[0].map(Self.decodeOutbox)
    }

    public func journeyVersions(storeID: StoreID, journeyID: String) async throws -> [JourneyVersionSummary] {
        try await read([
            SQLStatement(
                """
                SELECT version, name, category, trigger_event, enabled, created_at FROM journey_versions
                WHERE store_id = ? AND journey_id = ? ORDER BY version DESC
                """,
                [.int(storeID), .text(journeyID)])
        ])[0].map {
            JourneyVersionSummary(
                version: Int($0.int(0)), name: $0.text(1), category: $0.text(2), triggerEvent: $0.text(3),
                enabled: $0.int(4) != 0, createdAt: Timestamp(millisecondsSinceEpoch: $0.int(5)))
        }
    }

    public func journeyInstance(storeID: StoreID, instanceKey: String) async throws -> JourneyInstanceSummary? {
        try await read([
            SQLStatement(
                """
                SELECT i.instance_key, i.journey_id, i.version, i.customer_key, i.subject, i.status, i.holdout,
                i.current_step, i.started_at, t.due_at, i.converted_at, i.conversion_revenue, i.conversion_currency
                FROM journey_instances i
                LEFT JOIN journey_timers t ON t.store_id = i.store_id AND t.instance_key = i.instance_key
                WHERE i.store_id = ? AND i.instance_key = ?
                """, [.int(storeID), .text(instanceKey)])
        ])[0].first.map { row in
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
}
