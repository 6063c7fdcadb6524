import EncoreCore

/// One order as the customer-base models count it: who bought, when, and for how much (the
/// order's total less its refunds, minor units of the store's currency).
public struct StorePurchase: Sendable, Hashable {
    public var customerKey: String
    public var at: Timestamp
    public var amount: Int64
    /// A return of the order was requested and not rejected.
    public var returned: Bool

    public init(customerKey: String, at: Timestamp, amount: Int64, returned: Bool = false) {
        self.customerKey = customerKey
        self.at = at
        self.amount = amount
        self.returned = returned
    }
}

/// The store's feedback, reviews and tickets of a period, for the metrics.
public struct CareFigures: Sendable, Hashable {
    /// NPS answers (0-10) answered in the period.
    public var nps: [Int]
    /// CSAT answers (1-5) answered in the period.
    public var csat: [Int]
    /// Stars of the reviews written in the period (published or waiting, never the rejected).
    public var reviewStars: [Int]
    /// The tickets opened in the period.
    public var tickets: [SLAAttainment.Ticket]

    public init(nps: [Int], csat: [Int], reviewStars: [Int], tickets: [SLAAttainment.Ticket]) {
        self.nps = nps
        self.csat = csat
        self.reviewStars = reviewStars
        self.tickets = tickets
    }
}

/// Reads for analytics: the order history the lifetime models are fitted on.
public protocol AnalyticsStorage: Sendable {
    /// Every order of the store in `currency` placed at or before `through` by a known customer
    /// and not cancelled, by customer then time (then order key).
    func purchases(storeID: StoreID, currency: Currency, through: Timestamp) async throws -> [StorePurchase]

    /// The purchase figures and cohort matrix of `scan`'s period, folded from the store's orders
    /// customer by customer in one pass (see `PurchaseScan` for the orders read). The same figures
    /// as `PurchaseMetrics.compute` and `CohortMatrix.compute` over `purchases(...)`, without
    /// holding the orders: memory grows with the customers and the period's orders, one number each.
    func foldPurchases(_ scan: PurchaseScan) async throws -> PurchaseFold

    /// Brings the store's purchase histories up to date and returns how many customers' were
    /// rebuilt. SQLite keeps one packed history per customer for `foldPurchases` (marked stale in
    /// the transaction of every order, refund or return written; a stale one is read from the
    /// orders, so the figures are right either way, only slower); PostgreSQL keeps none (0).
    func refreshPurchaseHistories(storeID: StoreID) async throws -> Int

    /// The customers of the store who came through a referral (invited and then bought, or credited).
    func referredCustomers(storeID: StoreID) async throws -> Set<String>

    /// The feedback answered, the reviews written and the tickets opened in `[from, to)`.
    func careFigures(storeID: StoreID, from: Timestamp, to: Timestamp) async throws -> CareFigures
}

extension SQLBackend {
    public func refreshPurchaseHistories(storeID: StoreID) async throws -> Int { 0 }

    public func purchases(storeID: StoreID, currency: Currency, through: Timestamp) async throws -> [StorePurchase] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT o.customer_key, o.placed_at, o.total - CAST(COALESCE((SELECT SUM(r.amount) FROM refunds r
                    WHERE r.store_id = o.store_id AND r.order_key = o.order_key), 0) AS BIGINT),
                    CASE WHEN EXISTS (SELECT 1 FROM returns x WHERE x.store_id = o.store_id AND x.order_key = o.order_key
                        AND x.status <> 'rejected') THEN 1 ELSE 0 END
                FROM orders o WHERE o.store_id = ? AND o.currency = ? AND o.cancelled_at IS NULL AND o.customer_key IS NOT NULL
                AND o.placed_at <= ? ORDER BY o.customer_key, o.placed_at, o.order_key
                """,
                [.int(storeID), .text(currency.code), .int(through.millisecondsSinceEpoch)])
        ])
        return rows[0].map {
            StorePurchase(
                customerKey: $0.text(0), at: Timestamp(millisecondsSinceEpoch: $0.int(1)), amount: $0.int(2), returned: $0.int(3) != 0)
        }
    }

    public func referredCustomers(storeID: StoreID) async throws -> Set<String> {
        let rows = try await read([
            SQLStatement(
                "SELECT DISTINCT friend_key FROM referrals WHERE store_id = ? AND friend_key IS NOT NULL AND status IN ('ordered', 'credited')",
                [.int(storeID)])
        ])
        return Set(rows[0].map { $0.text(0) })
    }

    public func careFigures(storeID: StoreID, from: Timestamp, to: Timestamp) async throws -> CareFigures {
        let range: [SQLValue] = [.int(storeID), .int(from.millisecondsSinceEpoch), .int(to.millisecondsSinceEpoch)]
        let rows = try await read([
            SQLStatement(
                """
                SELECT kind, score FROM feedback WHERE store_id = ? AND status = 'answered' AND score IS NOT NULL
                AND answered_at >= ? AND answered_at < ? ORDER BY answered_at
                """, range),
            SQLStatement(
                "SELECT stars FROM reviews WHERE store_id = ? AND status <> 'rejected' AND created_at >= ? AND created_at < ? ORDER BY created_at",
                range),
            SQLStatement(
                """
                SELECT created_at, priority, first_response_at FROM tickets WHERE store_id = ?
                AND created_at >= ? AND created_at < ? ORDER BY created_at
                """, range),
        ])
        return CareFigures(
            nps: rows[0].filter { $0.text(0) == "nps" }.map { Int($0.int(1)) },
            csat: rows[0].filter { $0.text(0) == "csat" }.map { Int($0.int(1)) },
            reviewStars: rows[1].map { Int($0.int(0)) },
            tickets: rows[2].map {
                SLAAttainment.Ticket(
                    createdAt: Timestamp(millisecondsSinceEpoch: $0.int(0)), priority: TicketPriority(rawValue: $0.text(1)) ?? .normal,
                    firstResponseAt: $0.optionalInt(2).map(Timestamp.init(millisecondsSinceEpoch:)))
            })
    }
}
