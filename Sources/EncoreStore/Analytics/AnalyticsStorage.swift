import EncoreCore

/// One order as the customer-base models count it: who bought, when, and for how much (the
/// order's total less its refunds, minor units of the store's currency).
public struct StorePurchase: Sendable, Hashable {
    public var customerKey: String
    public var at: Timestamp
    public var amount: Int64

    public init(customerKey: String, at: Timestamp, amount: Int64) {
        self.customerKey = customerKey
        self.at = at
        self.amount = amount
    }
}

/// Reads for analytics: the order history the lifetime models are fitted on.
public protocol AnalyticsStorage: Sendable {
    /// Every order of the store in `currency` placed at or before `through` by a known customer
    /// and not cancelled, by customer then time.
    func purchases(storeID: StoreID, currency: Currency, through: Timestamp) async throws -> [StorePurchase]
}

extension SQLBackend {
    public func purchases(storeID: StoreID, currency: Currency, through: Timestamp) async throws -> [StorePurchase] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT o.customer_key, o.placed_at, o.total - CAST(COALESCE((SELECT SUM(r.amount) FROM refunds r
                    WHERE r.store_id = o.store_id AND r.order_key = o.order_key), 0) AS BIGINT)
                FROM orders o WHERE o.store_id = ? AND o.currency = ? AND o.cancelled_at IS NULL AND o.customer_key IS NOT NULL
                AND o.placed_at <= ? ORDER BY o.customer_key, o.placed_at
                """,
                [.int(storeID), .text(currency.code), .int(through.millisecondsSinceEpoch)])
        ])
        return rows[0].map { StorePurchase(customerKey: $0.text(0), at: Timestamp(millisecondsSinceEpoch: $0.int(1)), amount: $0.int(2)) }
    }
}
