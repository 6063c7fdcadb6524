import EncoreCore
import EncoreLoyalty
import Foundation

extension SQLBackend {
    public func publishLoyaltyProgram(storeID: StoreID, program: LoyaltyProgram, source: String, now: Timestamp)
        async throws -> ApplyOutcome
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definition = String(decoding: try encoder.encode(program), as: UTF8.self)
        // The rules decide whether a version is new: editing only the comments of the file publishes nothing.
        var hasher = StableHasher()
        hasher.combine(definition)
        let hash = hasher.hexDigest
        let (_, outcome) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Self.lockKey("loyalty-program")]),
            reads: [
                SQLStatement(
                    "SELECT version, content_hash FROM loyalty_programs WHERE store_id = ? ORDER BY version DESC LIMIT 1",
                    [.int(storeID)])
            ]
        ) { rows in
            let latest = rows[0].first
            if let latest, latest.text(1) == hash { return ([], ApplyOutcome.unchanged(version: Int(latest.int(0)))) }
            let version = Int(latest?.int(0) ?? 0) + 1
            return (
                [
                    SQLStatement(
                        """
                        INSERT INTO loyalty_programs (store_id, version, definition, source, content_hash, published_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .int(storeID), .int(Int64(version)), .text(definition), .text(source), .text(hash),
                            .int(now.millisecondsSinceEpoch),
                        ])
                ], ApplyOutcome.created(version: version)
            )
        }
        return outcome
    }

    public func loyaltyProgram(storeID: StoreID) async throws -> PublishedLoyaltyProgram? {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.loyaltyProgramColumns) FROM loyalty_programs WHERE store_id = ? ORDER BY version DESC LIMIT 1",
                [.int(storeID)])
        ])
        return try rows[0].first.map { try Self.decodeLoyaltyProgram($0, storeID: storeID) }
    }

    public func loyaltyProgram(storeID: StoreID, version: Int) async throws -> PublishedLoyaltyProgram? {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.loyaltyProgramColumns) FROM loyalty_programs WHERE store_id = ? AND version = ?",
                [.int(storeID), .int(Int64(version))])
        ])
        return try rows[0].first.map { try Self.decodeLoyaltyProgram($0, storeID: storeID) }
    }

    static var loyaltyProgramColumns: String { "version, definition, source, published_at" }

    static func decodeLoyaltyProgram(_ row: SQLRow, storeID: StoreID) throws -> PublishedLoyaltyProgram {
        let program = try JSONDecoder().decode(LoyaltyProgram.self, from: Data(row.text(1).utf8))
        return PublishedLoyaltyProgram(
            storeID: storeID, version: Int(row.int(0)), program: program, source: row.text(2),
            publishedAt: Timestamp(millisecondsSinceEpoch: row.int(3)))
    }
}
