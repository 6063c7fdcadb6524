import EncoreCore

extension SQLBackend {
    public func setBirthdayIfMissing(storeID: StoreID, customerKey: String, birthday: Birthday, now: Timestamp)
        async throws -> Bool
    {
        let at = SQLValue.int(now.millisecondsSinceEpoch)
        let rows = try await write([
            SQLStatement(
                """
                UPDATE customers SET birthday = ?, birthday_set_at = ?, updated_at = ?
                WHERE store_id = ? AND customer_key = ? AND birthday IS NULL RETURNING customer_key
                """, [.text(birthday.text), at, at, .int(storeID), .text(customerKey)])
        ])
        return !(rows.first ?? []).isEmpty
    }

    public func birthdayCustomers(storeID: StoreID, birthdays: [Birthday], year: Int, limit: Int) async throws
        -> [BirthdayCustomer]
    {
        guard !birthdays.isEmpty, limit > 0 else { return [] }
        let marks = Array(repeating: "?", count: birthdays.count).joined(separator: ", ")
        let rows = try await read([
            SQLStatement(
                """
                SELECT c.customer_key, c.birthday, c.birthday_set_at FROM customers c
                WHERE c.store_id = ? AND c.birthday IN (\(marks)) AND NOT EXISTS (
                    SELECT 1 FROM events e WHERE e.store_id = c.store_id
                    AND e.idempotency_key = ? || c.customer_key || ?)
                ORDER BY c.customer_key LIMIT \(limit)
                """,
                [.int(storeID)] + birthdays.map { .text($0.text) } + [
                    .text(Birthday.eventKeyPrefix), .text(Birthday.eventKeySuffix(year: year)),
                ])
        ])[0]
        return rows.compactMap { row in
            guard let birthday = try? Birthday(parsing: row.text(1)) else { return nil }
            return BirthdayCustomer(
                customerKey: row.text(0), birthday: birthday,
                setAt: row.optionalInt(2).map(Timestamp.init(millisecondsSinceEpoch:)))
        }
    }
}
