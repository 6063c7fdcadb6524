import Foundation
import EncoreCore

extension SQLBackend {
    public func createStore(
        name: String, organisation: String?, currency: Currency, timeZone: String, webhookSecret: String?,
        now: Timestamp
    ) async throws -> Store {
        if try await store(named: name) != nil { throw StorageError.conflict("store '\(name)' already exists") }
        let organisationName = organisation ?? name
        let rows = try await write([
            SQLStatement(
                "INSERT INTO organisations (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                [.text(organisationName), .int(now.millisecondsSinceEpoch)]),
            SQLStatement(
                """
                INSERT INTO stores (organisation_id, name, currency, time_zone, webhook_secret, created_at)
                SELECT id, ?, ?, ?, ?, ? FROM organisations WHERE name = ?
                ON CONFLICT (name) DO NOTHING RETURNING id, organisation_id
                """,
                [
                    .text(name), .text(currency.code), .text(timeZone), SQLValue(webhookSecret),
                    .int(now.millisecondsSinceEpoch), .text(organisationName),
                ]),
        ])
        guard let row = rows[1].first else { throw StorageError.conflict("store '\(name)' already exists") }
        return Store(
            id: row.int(0), organisationID: row.int(1), name: name, currency: currency, timeZone: timeZone,
            webhookSecret: webhookSecret, createdAt: now)
    }

    static var storeColumns: String {
        "id, organisation_id, name, currency, time_zone, webhook_secret, created_at, settings"
    }

    static func decodeStore(_ row: SQLRow) -> Store {
        Store(
            id: row.int(0), organisationID: row.int(1), name: row.text(2), currency: Currency(code: row.text(3)) ?? .usd,
            timeZone: row.text(4), webhookSecret: row.optionalText(5),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int(6)),
            settings: row.optionalText(7).flatMap(StoreSettingsCache.shared.decode) ?? StoreSettings())
    }

    public func updateSettings(storeID: StoreID, settings: StoreSettings) async throws {
        let text = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        let rows = try await write([
            SQLStatement("UPDATE stores SET settings = ? WHERE id = ? RETURNING id", [.text(text), .int(storeID)])
        ])
        if rows[0].isEmpty { throw StorageError.invalid("no store with id \(storeID)") }
    }

    public func store(named name: String) async throws -> Store? {
        try await read([SQLStatement("SELECT \(Self.storeColumns) FROM stores WHERE name = ?", [.text(name)])])[0]
            .first.map(Self.decodeStore)
    }

    public func store(id: StoreID) async throws -> Store? {
        try await read([SQLStatement("SELECT \(Self.storeColumns) FROM stores WHERE id = ?", [.int(id)])])[0]
            .first.map(Self.decodeStore)
    }

    public func stores() async throws -> [Store] {
        try await read([SQLStatement("SELECT \(Self.storeColumns) FROM stores ORDER BY id")])[0].map(Self.decodeStore)
    }

    public func addAPIKey(storeID: StoreID, keyHash: String, prefix: String, now: Timestamp) async throws {
        _ = try await write([
            SQLStatement(
                "INSERT INTO api_keys (store_id, key_hash, prefix, created_at) VALUES (?, ?, ?, ?)",
                [.int(storeID), .text(keyHash), .text(prefix), .int(now.millisecondsSinceEpoch)])
        ])
    }

    public func revokeAPIKeys(storeID: StoreID, prefix: String, now: Timestamp) async throws -> Int {
        let rows = try await write([
            SQLStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE store_id = ? AND prefix = ? AND revoked_at IS NULL RETURNING prefix",
                [.int(now.millisecondsSinceEpoch), .int(storeID), .text(prefix)])
        ])
        return rows[0].count
    }

    public func apiKeys(storeID: StoreID) async throws -> [(prefix: String, createdAt: Timestamp, revokedAt: Timestamp?)] {
        try await read([
            SQLStatement(
                "SELECT prefix, created_at, revoked_at FROM api_keys WHERE store_id = ? ORDER BY created_at, prefix",
                [.int(storeID)])
        ])[0].map {
            ($0.text(0), Timestamp(millisecondsSinceEpoch: $0.int(1)), $0.optionalInt(2).map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }

    public func store(forAPIKeyHash hash: String) async throws -> Store? {
        let columns = Self.storeColumns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        return try await read([
            SQLStatement(
                "SELECT \(columns) FROM api_keys k JOIN stores s ON s.id = k.store_id WHERE k.key_hash = ? AND k.revoked_at IS NULL",
                [.text(hash)])
        ])[0].first.map(Self.decodeStore)
    }

    public func ingest(_ batch: IngestBatch, now: Timestamp) async throws -> IngestResult {
        if batch.isEmpty && batch.webhookDelivery == nil { return IngestResult() }
        let planner = IngestPlanner(batch: batch, now: now, dialect: dialect)
        let groups = planner.readGroups()
        let counts = groups.map(\.count)
        let (rows, decision) = try await transaction(
            locks: AdvisoryLocks(storeID: batch.storeID, keys: planner.lockKeys), reads: groups.flatMap { $0 }) {
            readRows in
            var grouped: [[SQLRow]] = []
            var offset = 0
            for count in counts {
                grouped.append(readRows[offset..<offset + count].flatMap { $0 })
                offset += count
            }
            return try planner.plan(reads: grouped)
        }
        return planner.finish(decision, rows: rows)
    }

    public func webhookDelivery(storeID: StoreID, source: String, id: String) async throws -> (
        status: Int, response: String
    )? {
        try await read([
            SQLStatement(
                "SELECT status, response FROM webhook_deliveries WHERE store_id = ? AND source = ? AND delivery_id = ?",
                [.int(storeID), .text(source), .text(id)])
        ])[0].first.map { (Int($0.int(0)), $0.text(1)) }
    }
}
