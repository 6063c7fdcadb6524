import EncoreCore
import EncoreLoyalty
import Foundation

extension SQLBackend {
    public func addAlliedPartner(organisationID: Int64, key: String, name: String, now: Timestamp) async throws
        -> AlliedPartner
    {
        let organisation: [SQLValue] = [.int(organisationID)]
        let (_, partner) = try await transaction(
            locks: AdvisoryLocks(storeID: 0, keys: [Self.lockKey("allied-partners:\(organisationID)")]),
            reads: [
                SQLStatement(
                    "SELECT CAST(COALESCE(MAX(partner_id), 0) AS BIGINT) FROM allied_partners WHERE organisation_id = ?",
                    organisation),
                SQLStatement(
                    "SELECT partner_id FROM allied_partners WHERE organisation_id = ? AND partner_key = ?",
                    organisation + [.text(key)]),
            ]
        ) { rows -> (statements: [SQLStatement], result: AlliedPartner) in
            guard rows[1].isEmpty else { throw StorageError.conflict("the organisation already has a partner '\(key)'") }
            let partner = AlliedPartner(
                organisationID: organisationID, id: (rows[0].first?.int(0) ?? 0) + 1, key: key, name: name, createdAt: now)
            let insert = SQLStatement(
                "INSERT INTO allied_partners (organisation_id, partner_id, partner_key, name, created_at) VALUES (?, ?, ?, ?, ?)",
                organisation + [.int(partner.id), .text(key), .text(name), .int(now.millisecondsSinceEpoch)])
            return ([insert], partner)
        }
        return partner
    }

    public func alliedPartners(organisationID: Int64) async throws -> [AlliedPartner] {
        let rows = try await read([
            SQLStatement(
                "SELECT partner_id, partner_key, name, created_at FROM allied_partners WHERE organisation_id = ? ORDER BY partner_id",
                [.int(organisationID)])
        ])
        return rows[0].map {
            AlliedPartner(
                organisationID: organisationID, id: $0.int(0), key: $0.text(1), name: $0.text(2),
                createdAt: Timestamp(millisecondsSinceEpoch: $0.int(3)))
        }
    }

    public func addAlliedOffer(_ record: AlliedOfferRecord) async throws {
        let offer = record.offer
        let definition = String(decoding: try JSONEncoder().encode(AlliedOfferDocument(offer)), as: UTF8.self)
        let rows = try await write([
            SQLStatement(
                """
                INSERT INTO allied_offers (organisation_id, offer_key, source_store_id, target_store_id, partner_id, definition,
                starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (organisation_id, offer_key) DO NOTHING RETURNING offer_key
                """,
                [
                    .int(record.organisationID), .text(offer.key), .int(offer.sourceStoreID), .int(offer.targetStoreID),
                    .int(offer.partnerID), .text(definition), .int(offer.startsAt.millisecondsSinceEpoch),
                    .int(offer.endsAt.millisecondsSinceEpoch), .int(record.createdAt.millisecondsSinceEpoch),
                ])
        ])
        guard !rows[0].isEmpty else { throw StorageError.conflict("the organisation already has an allied offer '\(offer.key)'") }
    }

    public func alliedOffers(organisationID: Int64) async throws -> [AlliedOfferRecord] {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.alliedOfferColumns) FROM allied_offers WHERE organisation_id = ? ORDER BY offer_key",
                [.int(organisationID)])
        ])
        return try rows[0].map(Self.decodeAlliedOffer)
    }

    public func alliedOffers(sourceStoreID: StoreID, endingAfter: Timestamp) async throws -> [AlliedOfferRecord] {
        let rows = try await read([
            SQLStatement(
                "SELECT \(Self.alliedOfferColumns) FROM allied_offers WHERE source_store_id = ? AND ends_at > ? ORDER BY offer_key",
                [.int(sourceStoreID), .int(endingAfter.millisecondsSinceEpoch)])
        ])
        return try rows[0].map(Self.decodeAlliedOffer)
    }

    public func alliedPurchases(
        storeID: StoreID, customerKey: String, currency: Currency, from: Timestamp, through: Timestamp
    ) async throws -> [(at: Timestamp, amount: Int64)] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT o.placed_at, o.total - CAST(COALESCE((SELECT SUM(r.amount) FROM refunds r
                    WHERE r.store_id = o.store_id AND r.order_key = o.order_key), 0) AS BIGINT)
                FROM orders o WHERE o.store_id = ? AND o.customer_key = ? AND o.currency = ? AND o.cancelled_at IS NULL
                AND o.placed_at >= ? AND o.placed_at <= ? ORDER BY o.placed_at, o.order_key
                """,
                [
                    .int(storeID), .text(customerKey), .text(currency.code), .int(from.millisecondsSinceEpoch),
                    .int(through.millisecondsSinceEpoch),
                ])
        ])
        return rows[0].map { (Timestamp(millisecondsSinceEpoch: $0.int(0)), $0.int(1)) }
    }

    public func customerEmail(storeID: StoreID, customerKey: String) async throws -> String? {
        let rows = try await read([
            SQLStatement("SELECT email FROM customers WHERE store_id = ? AND customer_key = ?", [.int(storeID), .text(customerKey)])
        ])
        return rows[0].first?.optionalText(0)
    }

    public func customerKeys(storeID: StoreID, normalizedEmail: String) async throws -> [String] {
        guard let at = normalizedEmail.lastIndex(of: "@") else { return [] }
        let local = String(normalizedEmail[..<at])
        let domain = String(normalizedEmail[normalizedEmail.index(after: at)...])
        // Candidates by a pattern every matching address fits ("_" and "%" in the local part only
        // widen it), then the exact normal form in Swift. Gmail ignores dots, so they are
        // compared without; the "+tag" is anything after the local part.
        let statement: SQLStatement
        if domain == "gmail.com" {
            statement = SQLStatement(
                """
                SELECT customer_key, email FROM customers WHERE store_id = ?
                AND (replace(lower(email), '.', '') LIKE ? OR replace(lower(email), '.', '') LIKE ?)
                ORDER BY created_at, customer_key
                """, [.int(storeID), .text(local + "%@gmailcom"), .text(local + "%@googlemailcom")])
        } else {
            statement = SQLStatement(
                "SELECT customer_key, email FROM customers WHERE store_id = ? AND lower(email) LIKE ? ORDER BY created_at, customer_key",
                [.int(storeID), .text(local + "%@" + domain)])
        }
        let rows = try await read([statement])
        return rows[0].filter { ReferralContact.normalizedEmail($0.text(1)) == normalizedEmail }.map { $0.text(0) }
    }

    public func giveAlliedReward(
        _ reward: AlliedRewardRecord, partnerKey: String, announcement: OutboxMessage?, now: Timestamp
    ) async throws -> AlliedRewardOutcome {
        let storeID = reward.targetStoreID
        let postingKey = try reward.postingKey
        var reads = [
            SQLStatement(
                "SELECT \(Self.alliedRewardColumns) FROM allied_rewards WHERE store_id = ? AND offer_key = ? AND source_customer_key = ?",
                [.int(storeID), .text(reward.offerKey), .text(reward.sourceCustomerKey)])
        ]
        var locks = [Self.lockKey("allied:" + reward.offerKey + "|" + reward.sourceCustomerKey)]
        let earnsPoints: Bool
        if case .points = reward.reward, reward.status == .granted, let customerKey = reward.targetCustomerKey {
            earnsPoints = true
            locks.append(Self.lockKey("loyalty:" + customerKey))
            reads.append(Self.openLotsRead(storeID: storeID, customerKey: customerKey))
            reads.append(Self.debtRead(storeID: storeID, customerKey: customerKey))
            reads.append(
                SQLStatement(
                    "SELECT event_key FROM loyalty_applied WHERE store_id = ? AND event_key = ?",
                    [.int(storeID), .text(postingKey.text)]))
        } else {
            earnsPoints = false
        }
        let dialect = self.dialect
        let (_, outcome) = try await transaction(locks: AdvisoryLocks(storeID: storeID, keys: locks), reads: reads) {
            rows -> (statements: [SQLStatement], result: AlliedRewardOutcome) in
            let stored = try rows[0].first.map(Self.decodeAlliedReward)
            if let stored, stored.status == .granted || reward.status == .waiting {
                return ([], AlliedRewardOutcome(record: stored, replay: true))
            }
            var record = reward
            if let stored {
                // A waiting reward granted now: what was recorded at qualification stays.
                record.qualifiedAt = stored.qualifiedAt
                record.sourceOrderKey = stored.sourceOrderKey
                record.createdAt = stored.createdAt
                record.reward = stored.reward
                record.partnerID = stored.partnerID
            }
            var statements: [SQLStatement] = []
            if record.status == .granted {
                record.grantedAt = now
                if earnsPoints, let customerKey = record.targetCustomerKey {
                    var book = try LotBook(
                        store: storeID, customerKey: customerKey,
                        lots: rows[1].map { Self.decodeLot($0, customerKey: customerKey) }, debt: rows[2].first?.int(0) ?? 0,
                        appliedKeys: Set(rows[3].map { $0.text(0) }))
                    let change = try book.earn(
                        postingKey, points: record.reward.amount, at: now, source: "allied:" + record.offerKey, availableAt: now,
                        expiresAt: nil, partner: partnerKey, reason: "allied offer \(record.offerKey)")
                    record.lotKey = postingKey.text
                    if !change.isReplay, !change.isEmpty {
                        statements += Self.ledgerWrites(storeID: storeID, customerKey: customerKey, change: change, book: book, now: now)
                    }
                } else if case .points = record.reward {
                    throw StorageError.invalid("a points reward is granted to a customer of the target store")
                } else if record.code == nil {
                    throw StorageError.invalid("a credit reward is granted with its code")
                }
                if let announcement { statements += OutboxSQL.inserts([announcement], dialect: dialect) }
            }
            let values: [SQLValue] = [
                .int(storeID), .text(record.offerKey), .text(record.sourceCustomerKey), .int(record.organisationID),
                .int(record.partnerID), .int(record.sourceStoreID), .text(record.sourceOrderKey), .text(record.targetEmail),
                SQLValue(record.targetCustomerKey), .text(record.reward.unit.description), .int(record.reward.amount),
                .int(record.qualifiedAt.millisecondsSinceEpoch), .text(record.status.rawValue), SQLValue(record.lotKey),
                SQLValue(record.code), .int(record.createdAt.millisecondsSinceEpoch),
                SQLValue(record.grantedAt?.millisecondsSinceEpoch),
            ]
            statements.append(
                SQLStatement(
                    """
                    INSERT INTO allied_rewards (\(Self.alliedRewardColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (store_id, offer_key, source_customer_key) DO UPDATE SET
                    target_customer_key = excluded.target_customer_key, status = excluded.status, lot_key = excluded.lot_key,
                    code = excluded.code, granted_at = excluded.granted_at
                    """, values))
            return (statements, AlliedRewardOutcome(record: record, replay: false))
        }
        return outcome
    }

    public func waitingAlliedRewards(storeID: StoreID, normalizedEmail: String) async throws -> [AlliedRewardRecord] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.alliedRewardColumns) FROM allied_rewards WHERE store_id = ? AND target_email = ? AND status = 'waiting'
                ORDER BY qualified_at, offer_key, source_customer_key
                """, [.int(storeID), .text(normalizedEmail)])
        ])
        return try rows[0].map(Self.decodeAlliedReward)
    }

    public func waitingAlliedRewards(storeID: StoreID, limit: Int) async throws -> [AlliedRewardRecord] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.alliedRewardColumns) FROM allied_rewards WHERE store_id = ? AND status = 'waiting'
                ORDER BY qualified_at, offer_key, source_customer_key LIMIT ?
                """, [.int(storeID), .int(Int64(limit))])
        ])
        return try rows[0].map(Self.decodeAlliedReward)
    }

    public func alliedReward(storeID: StoreID, offerKey: String, sourceCustomerKey: String) async throws
        -> AlliedRewardRecord?
    {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.alliedRewardColumns) FROM allied_rewards WHERE store_id = ? AND offer_key = ?
                AND source_customer_key = ?
                """, [.int(storeID), .text(offerKey), .text(sourceCustomerKey)])
        ])
        return try rows[0].first.map(Self.decodeAlliedReward)
    }

    public func alliedProgress(organisationID: Int64) async throws -> [String: AlliedOfferProgress] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT offer_key, status, COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM allied_rewards
                WHERE organisation_id = ? GROUP BY offer_key, status
                """, [.int(organisationID)])
        ])
        var progress: [String: AlliedOfferProgress] = [:]
        for row in rows[0] {
            if row.text(1) == AlliedRewardStatus.granted.rawValue {
                progress[row.text(0), default: AlliedOfferProgress()].granted = row.int(2)
                progress[row.text(0), default: AlliedOfferProgress()].grantedAmount = row.int(3)
            } else {
                progress[row.text(0), default: AlliedOfferProgress()].waiting = row.int(2)
                progress[row.text(0), default: AlliedOfferProgress()].waitingAmount = row.int(3)
            }
        }
        return progress
    }

    public func alliedIssuedRewards(organisationID: Int64, from: Timestamp, to: Timestamp) async throws -> [AlliedIssuedReward] {
        let rows = try await read([
            SQLStatement(
                """
                SELECT \(Self.alliedRewardColumns) FROM allied_rewards WHERE organisation_id = ? AND status = 'granted'
                AND granted_at >= ? AND granted_at < ? ORDER BY granted_at, offer_key, source_customer_key
                """, [.int(organisationID), .int(from.millisecondsSinceEpoch), .int(to.millisecondsSinceEpoch)])
        ])
        return try rows[0].compactMap { try Self.decodeAlliedReward($0).issued }
    }

    static var alliedOfferColumns: String {
        "organisation_id, offer_key, source_store_id, target_store_id, partner_id, definition, starts_at, ends_at, created_at"
    }

    static func decodeAlliedOffer(_ row: SQLRow) throws -> AlliedOfferRecord {
        let document = try JSONDecoder().decode(AlliedOfferDocument.self, from: Data(row.text(5).utf8))
        guard let currency = Currency(code: document.currency) else {
            throw StorageError.invalid("allied offer '\(row.text(1))' has an unknown currency '\(document.currency)'")
        }
        let offer = AlliedOffer(
            key: row.text(1), sourceStoreID: row.int(2), targetStoreID: row.int(3), partnerID: row.int(4),
            threshold: document.threshold, currency: currency, windowDays: document.windowDays,
            reward: AlliedOfferDocument.reward(unit: document.rewardUnit, amount: document.rewardAmount),
            startsAt: Timestamp(millisecondsSinceEpoch: row.int(6)), endsAt: Timestamp(millisecondsSinceEpoch: row.int(7)))
        return AlliedOfferRecord(
            organisationID: row.int(0), offer: offer, createdAt: Timestamp(millisecondsSinceEpoch: row.int(8)))
    }

    static var alliedRewardColumns: String {
        """
        store_id, offer_key, source_customer_key, organisation_id, partner_id, source_store_id, source_order_key, target_email,
        target_customer_key, unit, amount, qualified_at, status, lot_key, code, created_at, granted_at
        """
    }

    static func decodeAlliedReward(_ row: SQLRow) throws -> AlliedRewardRecord {
        guard let status = AlliedRewardStatus(rawValue: row.text(12)) else {
            throw StorageError.invalid("allied reward '\(row.text(1))' has an unknown status '\(row.text(12))'")
        }
        return AlliedRewardRecord(
            organisationID: row.int(3), offerKey: row.text(1), partnerID: row.int(4), sourceStoreID: row.int(5),
            sourceCustomerKey: row.text(2), sourceOrderKey: row.text(6), targetStoreID: row.int(0), targetEmail: row.text(7),
            targetCustomerKey: row.optionalText(8), reward: AlliedOfferDocument.reward(unit: row.text(9), amount: row.int(10)),
            qualifiedAt: Timestamp(millisecondsSinceEpoch: row.int(11)), status: status, lotKey: row.optionalText(13),
            code: row.optionalText(14), createdAt: Timestamp(millisecondsSinceEpoch: row.int(15)),
            grantedAt: row.optionalInt(16).map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
