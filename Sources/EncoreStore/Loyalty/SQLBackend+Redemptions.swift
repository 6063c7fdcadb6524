import EncoreCore
import EncoreLoyalty

extension SQLBackend {
    public func redeem(
        storeID: StoreID, customerKey: String, reward: Reward, programVersion: Int, requestKey: String,
        issuedCode: String?, announcement: OutboxMessage?, now: Timestamp
    ) async throws -> RedemptionOutcome {
        let key = customerKey + "|" + requestKey
        let posting = try PostingKey(store: storeID, source: "redemption", sourceID: key, ruleVersion: programVersion)
        let rewardArgs: [SQLValue] = [.int(storeID), .text(reward.key)]
        let reads = [
            Self.openLotsRead(storeID: storeID, customerKey: customerKey),
            Self.debtRead(storeID: storeID, customerKey: customerKey),
            SQLStatement(
                "SELECT \(Self.redemptionColumns) FROM loyalty_redemptions WHERE store_id = ? AND redemption_key = ?",
                [.int(storeID), .text(key)]),
            SQLStatement(
                "SELECT COUNT(*) FROM loyalty_redemptions WHERE store_id = ? AND reward_key = ? AND customer_key = ?",
                rewardArgs + [.text(customerKey)]),
            SQLStatement("SELECT COUNT(*) FROM loyalty_redemptions WHERE store_id = ? AND reward_key = ?", rewardArgs),
            SQLStatement(
                """
                SELECT code FROM loyalty_reward_codes WHERE store_id = ? AND reward_key = ? AND redemption_key IS NULL
                ORDER BY code LIMIT 1
                """, rewardArgs),
        ]
        let locks = [Self.lockKey("loyalty:" + customerKey), Self.lockKey("reward:" + reward.key)]
        let dialect = self.dialect
        let (_, outcome) = try await transaction(
            locks: AdvisoryLocks(storeID: storeID, keys: Array(Set(locks)).sorted()), reads: reads
        ) { rows -> (statements: [SQLStatement], result: RedemptionOutcome) in
            if let earlier = rows[2].first { return ([], .redeemed(Self.decodeRedemption(earlier), replay: true)) }
            let poolCode = rows[5].first?.text(0)
            let code: String
            switch reward.fulfilment {
            case .codePool:
                guard let poolCode else { return ([], .refused(.outOfStock)) }
                code = poolCode
            case .webhook:
                guard let issuedCode else { return ([], .refused(.outOfStock)) }
                code = issuedCode
            }
            var book = try LotBook(
                store: storeID, customerKey: customerKey,
                lots: rows[0].map { Self.decodeLot($0, customerKey: customerKey) }, debt: rows[1].first?.int(0) ?? 0)
            do {
                try RedemptionRules.check(
                    reward: reward, spendablePoints: book.spendable(at: now), redeemedByCustomer: rows[3].first?.int(0) ?? 0,
                    stockLeft: reward.stock.map { $0 - (rows[4].first?.int(0) ?? 0) })
            } catch let refusal as RedemptionError {
                return ([], .refused(refusal))
            }
            let change: LedgerChange
            do {
                change = try book.spend(posting, points: reward.cost, at: now, reason: "reward \(reward.name)")
            } catch {
                return ([], .refused(.insufficientPoints(needed: reward.cost, available: book.spendable(at: now))))
            }
            let redemption = Redemption(
                key: key, customerKey: customerKey, rewardKey: reward.key, points: reward.cost, code: code,
                fulfilment: reward.fulfilment, programVersion: programVersion, createdAt: now)
            var statements = Self.ledgerWrites(storeID: storeID, customerKey: customerKey, change: change, book: book, now: now)
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO loyalty_redemptions (\(Self.redemptionColumns), store_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(key), .text(customerKey), .text(reward.key), .int(reward.cost), .text(code),
                        .text(reward.fulfilment.rawValue), .int(Int64(programVersion)), .int(now.millisecondsSinceEpoch),
                        .int(storeID),
                    ]))
            if reward.fulfilment == .codePool {
                statements.append(
                    SQLStatement(
                        "UPDATE loyalty_reward_codes SET redemption_key = ? WHERE store_id = ? AND reward_key = ? AND code = ?",
                        [.text(key)] + rewardArgs + [.text(code)]))
            }
            if let announcement { statements += OutboxSQL.inserts([announcement], dialect: dialect) }
            return (statements, .redeemed(redemption, replay: false))
        }
        return outcome
    }

    public func importRewardCodes(storeID: StoreID, rewardKey: String, codes: [String], now: Timestamp) async throws
        -> (added: Int, existing: Int)
    {
        let unique = Array(Set(codes)).sorted()
        guard !unique.isEmpty else { return (0, 0) }
        var statements: [SQLStatement] = []
        var existing: [SQLStatement] = []
        for start in stride(from: 0, to: unique.count, by: 500) {
            let chunk = unique[start..<min(start + 500, unique.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            existing.append(
                SQLStatement(
                    "SELECT COUNT(*) FROM loyalty_reward_codes WHERE store_id = ? AND reward_key = ? AND code IN (\(marks))",
                    [.int(storeID), .text(rewardKey)] + chunk.map { .text($0) }))
            for code in chunk {
                statements.append(
                    SQLStatement(
                        """
                        INSERT INTO loyalty_reward_codes (store_id, reward_key, code, imported_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (store_id, reward_key, code) DO NOTHING
                        """, [.int(storeID), .text(rewardKey), .text(code), .int(now.millisecondsSinceEpoch)]))
            }
        }
        let before = try await write(existing + statements)
        let already = before.prefix(existing.count).reduce(0) { $0 + Int($1.first?.int(0) ?? 0) }
        return (unique.count - already, codes.count - (unique.count - already))
    }

    public func redemptions(storeID: StoreID, customerKey: String) async throws -> [Redemption] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.redemptionColumns) FROM loyalty_redemptions WHERE store_id = ? AND customer_key = ?
                ORDER BY created_at DESC, redemption_key
                """, [.int(storeID), .text(customerKey)])
        ])
        return rows[0].map(Self.decodeRedemption)
    }

    public func rewardUsage(storeID: StoreID) async throws -> [String: RewardUsage] {
        let rows = try await read([
            SQLStatement(
                "SELECT reward_key, COUNT(*) FROM loyalty_redemptions WHERE store_id = ? GROUP BY reward_key", [.int(storeID)]),
            SQLStatement(
                """
                SELECT reward_key, COUNT(*) FROM loyalty_reward_codes WHERE store_id = ? AND redemption_key IS NULL
                GROUP BY reward_key
                """, [.int(storeID)]),
        ])
        var usage: [String: RewardUsage] = [:]
        for row in rows[0] { usage[row.text(0), default: RewardUsage(redeemed: 0, codesLeft: 0)].redeemed = row.int(1) }
        for row in rows[1] { usage[row.text(0), default: RewardUsage(redeemed: 0, codesLeft: 0)].codesLeft = row.int(1) }
        return usage
    }

    static var redemptionColumns: String {
        "redemption_key, customer_key, reward_key, points, code, fulfilment, program_version, created_at"
    }

    static func decodeRedemption(_ row: SQLRow) -> Redemption {
        Redemption(
            key: row.text(0), customerKey: row.text(1), rewardKey: row.text(2), points: row.int(3), code: row.text(4),
            fulfilment: RewardFulfilment(rawValue: row.text(5)) ?? .codePool, programVersion: Int(row.int(6)),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int(7)))
    }
}
