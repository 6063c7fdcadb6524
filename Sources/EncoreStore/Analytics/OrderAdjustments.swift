import EncoreCore

/// What happened to an order after it was placed, as the metrics count it: the refunds' total
/// (minor units) and whether a return was requested and not rejected.
public struct OrderAdjustment: Sendable, Hashable {
    public var refunded: Int64 = 0
    public var returned = false
}

extension SQLBackend {
    /// The store's orders with a refund or a return, by order key: read from the refunds and
    /// returns tables once (a small share of the orders), so a scan of the orders adds each
    /// order's refunds and return from memory instead of asking the database per order.
    func orderAdjustments(storeID: StoreID) async throws -> [String: OrderAdjustment] {
        let rows = try await read([
            SQLStatement("SELECT order_key, amount FROM refunds WHERE store_id = ?", [.int(storeID)]),
            SQLStatement("SELECT order_key FROM returns WHERE store_id = ? AND status <> 'rejected'", [.int(storeID)]),
        ])
        var adjustments: [String: OrderAdjustment] = [:]
        adjustments.reserveCapacity(rows[0].count + rows[1].count)
        for row in rows[0] { adjustments[row.text(0), default: OrderAdjustment()].refunded += row.int(1) }
        for row in rows[1] { adjustments[row.text(0), default: OrderAdjustment()].returned = true }
        return adjustments
    }
}
