import EncoreCore

extension SQLBackend {
    public func customerKey(storeID: StoreID, emailOrKey: String) async throws -> String? {
        let rows = try await read([
            SQLStatement("SELECT customer_key FROM customers WHERE store_id = ? AND customer_key = ?", [.int(storeID), .text(emailOrKey)]),
            SQLStatement(
                "SELECT customer_key FROM customers WHERE store_id = ? AND lower(email) = lower(?) ORDER BY customer_key LIMIT 2",
                [.int(storeID), .text(emailOrKey)]),
        ])
        if let exact = rows[0].first { return exact.text(0) }
        return rows[1].count == 1 ? rows[1][0].text(0) : nil
    }
}
