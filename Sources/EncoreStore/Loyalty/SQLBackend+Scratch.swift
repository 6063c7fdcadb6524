import EncoreCore
import EncoreLoyalty
import Foundation

extension SQLBackend {
    public func createScratchCampaign(storeID: StoreID, record: ScratchCampaignRecord) async throws {
        let definition = String(decoding: try JSONEncoder().encode(ScratchCampaignDocument(record.campaign)), as: UTF8.self)
        let rows = try await write([
            SQLStatement(
                """
                INSERT INTO scratch_campaigns (store_id, campaign_key, definition, seed, minimum_order, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, campaign_key) DO NOTHING RETURNING campaign_key
                """,
                [
                    .int(storeID), .text(record.campaign.key), .text(definition), .text(record.seed), .int(record.minimumOrder),
                    .int(record.createdAt.millisecondsSinceEpoch),
                ])
        ])
        guard !rows[0].isEmpty else {
            throw StorageError.conflict("the store already has a scratch campaign '\(record.campaign.key)'")
        }
    }

    public func scratchCampaigns(storeID: StoreID) async throws -> [ScratchCampaignRecord] {
        let rows = try await read([
            SQLStatement(
                "SELECT definition, seed, minimum_order, created_at FROM scratch_campaigns WHERE store_id = ? ORDER BY created_at, campaign_key",
                [.int(storeID)])
        ])
        return try rows[0].map { row in
            let document = try JSONDecoder().decode(ScratchCampaignDocument.self, from: Data(row.text(0).utf8))
            return ScratchCampaignRecord(
                campaign: document.campaign, minimumOrder: row.int(2), seed: row.text(1),
                createdAt: Timestamp(millisecondsSinceEpoch: row.int(3)))
        }
    }

    public func issueScratchCard(
        storeID: StoreID, campaignKey: String, orderKey: String, customerKey: String, now: Timestamp,
        draw: @escaping @Sendable (ScratchUsage) throws -> ScratchOutcome
    ) async throws -> ScratchCard {
        let campaign: [SQLValue] = [.int(storeID), .text(campaignKey)]
        let reads = [
            SQLStatement(
                "SELECT \(Self.scratchColumns) FROM scratch_cards WHERE store_id = ? AND campaign_key = ? AND order_key = ?",
                campaign + [.text(orderKey)]),
            SQLStatement(
                """
                SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN prize_key IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(cost), 0) AS BIGINT)
                FROM scratch_cards WHERE store_id = ? AND campaign_key = ?
                """, campaign),
            SQLStatement(
                """
                SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN prize_key IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT)
                FROM scratch_cards WHERE store_id = ? AND campaign_key = ? AND customer_key = ?
                """, campaign + [.text(customerKey)]),
        ]
        let (_, card) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Self.lockKey("scratch:" + campaignKey)]), reads: reads
        ) { rows -> (statements: [SQLStatement], result: ScratchCard) in
            if let existing = rows[0].first { return ([], Self.decodeScratchCard(existing)) }
            let overall = rows[1].first
            let mine = rows[2].first
            let outcome = try draw(
                ScratchUsage(
                    budgetSpent: overall?.int(2) ?? 0, cardsIssued: overall?.int(0) ?? 0, prizesAwarded: overall?.int(1) ?? 0,
                    customerCards: mine?.int(0) ?? 0, customerPrizes: mine?.int(1) ?? 0))
            let card = ScratchCard(
                campaignKey: campaignKey, orderKey: orderKey, customerKey: customerKey, roll: outcome.roll,
                ticket: outcome.ticket, prizeKey: outcome.prize?.key, prizeLabel: outcome.prize?.label,
                reason: outcome.reason, cost: outcome.cost, issuedAt: now, revealedAt: nil)
            let insert = SQLStatement(
                """
                INSERT INTO scratch_cards (store_id, campaign_key, order_key, customer_key, roll, ticket, prize_key, prize_label,
                reason, cost, issued_at, revealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                """,
                campaign + [
                    .text(orderKey), .text(customerKey), .text(String(card.roll)), .text(String(card.ticket)),
                    SQLValue(card.prizeKey), SQLValue(card.prizeLabel), SQLValue(card.reason?.rawValue), .int(card.cost),
                    .int(now.millisecondsSinceEpoch),
                ])
            return ([insert], card)
        }
        return card
    }

    public func scratchCards(storeID: StoreID, orderKey: String) async throws -> [ScratchCard] {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.scratchColumns) FROM scratch_cards WHERE store_id = ? AND order_key = ? ORDER BY campaign_key",
                [.int(storeID), .text(orderKey)])
        ])
        return rows[0].map(Self.decodeScratchCard)
    }

    public func revealScratchCard(storeID: StoreID, campaignKey: String, orderKey: String, now: Timestamp) async throws
        -> ScratchCard?
    {
        let key: [SQLValue] = [.int(storeID), .text(campaignKey), .text(orderKey)]
        let rows = try await write([
            SQLStatement(
                "UPDATE scratch_cards SET revealed_at = ? WHERE store_id = ? AND campaign_key = ? AND order_key = ? AND revealed_at IS NULL",
                [.int(now.millisecondsSinceEpoch)] + key),
            SQLStatement(
                "SELECT \(Self.scratchColumns) FROM scratch_cards WHERE store_id = ? AND campaign_key = ? AND order_key = ?", key),
        ])
        return rows[1].first.map(Self.decodeScratchCard)
    }

    public func scratchTotals(storeID: StoreID) async throws -> [String: ScratchTotals] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT campaign_key, COUNT(*), CAST(COALESCE(SUM(CASE WHEN prize_key IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(cost), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN revealed_at IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT)
                FROM scratch_cards WHERE store_id = ? GROUP BY campaign_key
                """, [.int(storeID)])
        ])
        return Dictionary(
            rows[0].map { ($0.text(0), ScratchTotals(cards: $0.int(1), prizes: $0.int(2), budgetSpent: $0.int(3), revealed: $0.int(4))) },
            uniquingKeysWith: { first, _ in first })
    }

    static var scratchColumns: String {
        "campaign_key, order_key, customer_key, roll, ticket, prize_key, prize_label, reason, cost, issued_at, revealed_at"
    }

    static func decodeScratchCard(_ row: SQLRow) -> ScratchCard {
        ScratchCard(
            campaignKey: row.text(0), orderKey: row.text(1), customerKey: row.text(2), roll: UInt64(row.text(3)) ?? 0,
            ticket: UInt64(row.text(4)) ?? 0, prizeKey: row.optionalText(5), prizeLabel: row.optionalText(6),
            reason: row.optionalText(7).flatMap(ScratchNoPrizeReason.init(rawValue:)), cost: row.int(8),
            issuedAt: Timestamp(millisecondsSinceEpoch: row.int(9)),
            revealedAt: row.optionalInt(10).map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
