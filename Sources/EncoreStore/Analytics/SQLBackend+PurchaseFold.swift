import EncoreCore

extension SQLBackend {
    public func foldPurchases(_ scan: PurchaseScan) async throws -> PurchaseFold {
        try await foldPurchasesInPages(scan)
    }

    /// The fold on any backend: the orders in customer, time and key order, read in pages of
    /// `pageSize` rows, each page starting after the last row of the one before (on the
    /// `orders_by_customer` index), so memory holds one page whatever the store's size.
    func foldPurchasesInPages(_ scan: PurchaseScan, pageSize: Int = 10_000) async throws -> PurchaseFold {
        let adjustments = try await orderAdjustments(storeID: scan.storeID)
        let select = """
            SELECT customer_key, placed_at, order_key, total FROM orders
            WHERE store_id = ? AND customer_key IS NOT NULL AND currency = ? AND cancelled_at IS NULL AND placed_at < ?
            """
        let order = "ORDER BY customer_key, placed_at, order_key LIMIT ?"
        let filter: [SQLValue] = [.int(scan.storeID), .text(scan.currency.code), .int(scan.before.millisecondsSinceEpoch)]
        var fold = scan.emptyFold
        var days = scan.days
        var customer: String?
        var last: (customer: String, placedAt: Int64, order: String)?
        func endCustomer(_ key: String) { fold.endCustomer { scan.referred.contains(key) } }
        while true {
            let statement =
                if let last {
                    SQLStatement(
                        "\(select) AND (customer_key, placed_at, order_key) > (?, ?, ?) \(order)",
                        filter + [.text(last.customer), .int(last.placedAt), .text(last.order), .int(Int64(pageSize))])
                } else {
                    SQLStatement("\(select) \(order)", filter + [.int(Int64(pageSize))])
                }
            let rows = try await read([statement])[0]
            for row in rows {
                let key = row.text(0)
                if key != customer {
                    if let customer { endCustomer(customer) }
                    customer = key
                }
                let adjustment = adjustments[row.text(2)]
                fold.add(
                    day: days.day(of: row.int(1)), amount: scan.major(row.int(3) - (adjustment?.refunded ?? 0)),
                    returned: adjustment?.returned ?? false)
            }
            guard rows.count == pageSize, let end = rows.last else { break }
            last = (end.text(0), end.int(1), end.text(2))
        }
        if let customer { endCustomer(customer) }
        return fold
    }
}
