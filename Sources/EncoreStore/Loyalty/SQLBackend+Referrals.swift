import EncoreCore
import EncoreLoyalty

extension SQLBackend {
    public func referralCode(storeID: StoreID, customerKey: String, candidate: String, now: Timestamp) async throws
        -> String?
    {
        let rows = try await write([
            SQLStatement(
                "INSERT INTO referral_codes (store_id, customer_key, code, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [.int(storeID), .text(customerKey), .text(candidate), .int(now.millisecondsSinceEpoch)]),
            SQLStatement(
                "SELECT code FROM referral_codes WHERE store_id = ? AND customer_key = ?", [.int(storeID), .text(customerKey)]),
        ])
        return rows[1].first?.text(0)
    }

    public func referralCode(storeID: StoreID, customerKey: String) async throws -> String? {
        let rows = try await read([
            SQLStatement(
                "SELECT code FROM referral_codes WHERE store_id = ? AND customer_key = ?", [.int(storeID), .text(customerKey)])
        ])
        return rows[0].first?.text(0)
    }

    public func referralOwner(storeID: StoreID, code: String) async throws -> String? {
        let rows = try await read([
            SQLStatement("SELECT customer_key FROM referral_codes WHERE store_id = ? AND code = ?", [.int(storeID), .text(code)])
        ])
        return rows[0].first?.text(0)
    }

    public func claimReferral(
        storeID: StoreID, id: String, referrerKey: String, code: String, friendEmail: String, ip: String?, now: Timestamp,
        screen: @escaping @Sendable (ReferralClaimFacts) -> ReferralRejection?
    ) async throws -> ReferralClaim {
        let since = now.millisecondsSinceEpoch - 86_400_000
        let reads = [
            SQLStatement(
                "SELECT \(Self.referralColumns) FROM referrals WHERE store_id = ? AND friend_email = ? AND status <> 'rejected' ORDER BY created_at LIMIT 1",
                [.int(storeID), .text(friendEmail)]),
            SQLStatement(
                """
                SELECT c.customer_key, (SELECT COUNT(*) FROM orders o WHERE o.store_id = c.store_id AND o.customer_key = c.customer_key)
                FROM customers c WHERE c.store_id = ? AND lower(c.email) = lower(?) ORDER BY c.customer_key LIMIT 1
                """, [.int(storeID), .text(friendEmail)]),
            SQLStatement(
                "SELECT COUNT(*) FROM referrals WHERE store_id = ? AND ip = ? AND created_at > ?",
                [.int(storeID), SQLValue(ip), .int(since)]),
        ]
        let (_, claim) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: [Self.lockKey("referrals")]), reads: reads
        ) { rows -> (statements: [SQLStatement], result: ReferralClaim) in
            if let existing = rows[0].first { return ([], .existing(Self.decodeReferral(existing))) }
            let friend = rows[1].first
            let facts = ReferralClaimFacts(
                friendCustomerKey: friend?.text(0), friendOrders: Int(friend?.int(1) ?? 0),
                referralsFromIPLast24h: ip == nil ? 0 : Int(rows[2].first?.int(0) ?? 0))
            let rejection = screen(facts)
            let record = ReferralRecord(
                id: id, referrerKey: referrerKey, code: code, friendEmail: friendEmail,
                friendKey: rejection == nil ? nil : facts.friendCustomerKey, ip: ip,
                status: rejection == nil ? .invited : .rejected, reason: rejection, createdAt: now, updatedAt: now)
            let insert = SQLStatement(
                """
                INSERT INTO referrals (store_id, referral_id, referrer_key, code, friend_email, friend_key, friend_order_key, ip,
                status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)
                """,
                [
                    .int(storeID), .text(id), .text(referrerKey), .text(code), .text(friendEmail), SQLValue(record.friendKey),
                    SQLValue(ip), .text(record.status.rawValue), SQLValue(rejection?.rawValue),
                    .int(now.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch),
                ])
            return ([insert], .recorded(record))
        }
        return claim
    }

    public func invitedReferral(storeID: StoreID, friendEmail: String) async throws -> ReferralRecord? {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.referralColumns) FROM referrals WHERE store_id = ? AND friend_email = ? AND status = 'invited' ORDER BY created_at LIMIT 1",
                [.int(storeID), .text(friendEmail)])
        ])
        return rows[0].first.map(Self.decodeReferral)
    }

    public func moveReferral(
        storeID: StoreID, id: String, from: ReferralStatus, to: ReferralStatus, reason: ReferralRejection?,
        friendKey: String?, friendOrderKey: String?, now: Timestamp
    ) async throws -> Bool {
        let rows = try await write([
            SQLStatement(
                """
                UPDATE referrals SET status = ?, reason = ?, friend_key = COALESCE(?, friend_key),
                    friend_order_key = COALESCE(?, friend_order_key), updated_at = ?
                WHERE store_id = ? AND referral_id = ? AND status = ? RETURNING referral_id
                """,
                [
                    .text(to.rawValue), SQLValue(reason?.rawValue), SQLValue(friendKey), SQLValue(friendOrderKey),
                    .int(now.millisecondsSinceEpoch), .int(storeID), .text(id), .text(from.rawValue),
                ])
        ])
        return !rows[0].isEmpty
    }

    public func referrals(storeID: StoreID, referrerKey: String?, status: ReferralStatus?, limit: Int) async throws
        -> [ReferralRecord]
    {
        var sql = "SELECT \(Self.referralColumns) FROM referrals WHERE store_id = ?"
        var values: [SQLValue] = [.int(storeID)]
        if let referrerKey {
            sql += " AND referrer_key = ?"
            values.append(.text(referrerKey))
        }
        if let status {
            sql += " AND status = ?"
            values.append(.text(status.rawValue))
        }
        sql += " ORDER BY created_at DESC, referral_id LIMIT ?"
        values.append(.int(Int64(max(0, limit))))
        return try await read([SQLStatement(sql, values)])[0].map(Self.decodeReferral)
    }

    public func referralCounts(storeID: StoreID) async throws -> [ReferralStatus: Int64] {
        let rows = try await read([
            SQLStatement("SELECT status, COUNT(*) FROM referrals WHERE store_id = ? GROUP BY status", [.int(storeID)])
        ])
        var counts: [ReferralStatus: Int64] = [:]
        for row in rows[0] {
            if let status = ReferralStatus(rawValue: row.text(0)) { counts[status] = row.int(1) }
        }
        return counts
    }

    static var referralColumns: String {
        "referral_id, referrer_key, code, friend_email, friend_key, friend_order_key, ip, status, reason, created_at, updated_at"
    }

    static func decodeReferral(_ row: SQLRow) -> ReferralRecord {
        ReferralRecord(
            id: row.text(0), referrerKey: row.text(1), code: row.text(2), friendEmail: row.text(3),
            friendKey: row.optionalText(4), friendOrderKey: row.optionalText(5), ip: row.optionalText(6),
            status: ReferralStatus(rawValue: row.text(7)) ?? .rejected,
            reason: row.optionalText(8).flatMap(ReferralRejection.init(rawValue:)),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int(9)), updatedAt: Timestamp(millisecondsSinceEpoch: row.int(10)))
    }
}
