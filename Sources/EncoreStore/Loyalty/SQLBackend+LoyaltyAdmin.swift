import EncoreCore
import EncoreLoyalty

/// Points a store owes its customers at an instant.
public struct LoyaltyLiability: Sendable, Hashable {
    /// Points earned but not spendable yet (return windows still open).
    public var pending: Int64
    public var available: Int64
    /// Points customers owe (refunds of spent points).
    public var debt: Int64
    /// Customers holding points.
    public var members: Int64
    /// Points outstanding: pending and available, less debts.
    public var outstanding: Int64 { pending + available - debt }

    public init(pending: Int64, available: Int64, debt: Int64, members: Int64) {
        self.pending = pending
        self.available = available
        self.debt = debt
        self.members = members
    }
}

/// What the admin pages read of the loyalty program.
public protocol LoyaltyAdminStorage: Sendable {
    /// The points outstanding at `now` (open lots, debts).
    func loyaltyLiability(storeID: StoreID, now: Timestamp) async throws -> LoyaltyLiability
    /// Customers per tier key.
    func loyaltyTierCounts(storeID: StoreID) async throws -> [String: Int64]
    /// The customer's postings, newest first, at most `limit`.
    func loyaltyPostings(storeID: StoreID, customerKey: String, limit: Int) async throws -> [Posting]
}

extension SQLBackend {
    public func loyaltyLiability(storeID: StoreID, now: Timestamp) async throws -> LoyaltyLiability {
        let remaining = "points - spent - expired - reversed - applied_to_debt"
        let rows = try await read([
            SQLStatement(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN available_at IS NOT NULL AND available_at <= ? THEN 0 ELSE \(remaining) END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN available_at IS NOT NULL AND available_at <= ? THEN \(remaining) ELSE 0 END), 0) AS BIGINT),
                    COUNT(DISTINCT customer_key)
                FROM loyalty_lots WHERE store_id = ? AND open = 1
                """, [.int(now.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch), .int(storeID)]),
            SQLStatement(
                "SELECT CAST(COALESCE(SUM(debt), 0) AS BIGINT) FROM loyalty_accounts WHERE store_id = ?", [.int(storeID)]),
        ])
        let lots = rows[0].first
        return LoyaltyLiability(
            pending: lots?.int(0) ?? 0, available: lots?.int(1) ?? 0, debt: rows[1].first?.int(0) ?? 0,
            members: lots?.int(2) ?? 0)
    }

    public func loyaltyTierCounts(storeID: StoreID) async throws -> [String: Int64] {
        let rows = try await read([
            SQLStatement(
                "SELECT tier_key, COUNT(*) FROM loyalty_tiers WHERE store_id = ? AND tier_key IS NOT NULL GROUP BY tier_key",
                [.int(storeID)])
        ])
        return Dictionary(rows[0].map { ($0.text(0), $0.int(1)) }, uniquingKeysWith: +)
    }

    public func loyaltyPostings(storeID: StoreID, customerKey: String, limit: Int) async throws -> [Posting] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.postingColumns) FROM loyalty_postings WHERE store_id = ? AND customer_key = ?
                ORDER BY at DESC, posting_key LIMIT ?
                """, [.int(storeID), .text(customerKey), .int(Int64(limit))])
        ])
        return try rows[0].map(Self.decodePosting)
    }
}
