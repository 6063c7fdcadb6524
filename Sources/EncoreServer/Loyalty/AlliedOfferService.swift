import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

/// An allied offer or partner with problems in its fields, each named.
public struct InvalidAlliedOffer: Error, CustomStringConvertible {
    public var errors: [InputError]
    public var description: String { errors.map { "\($0.field): \($0.reason)" }.joined(separator: "; ") }
}

/// An offer or partner the stored data refuses: an unknown store or partner, stores of other
/// organisations, a key taken, points at a store without a loyalty program.
public struct AlliedOfferRefusal: Error, CustomStringConvertible {
    public var description: String

    /// A refusal saying why.
    public init(description: String) { self.description = description }
}

/// What one call of the allied-offer evaluation did.
public struct AlliedOfferReport: Sendable, Hashable {
    /// Rewards given now (points earned or codes issued).
    public var granted = 0
    /// Rewards recorded as waiting for their customer at the target store.
    public var waiting = 0
    /// Qualifications the ledger refused (nothing written; the reason is in `problems`).
    public var refused = 0
    /// Qualified customers without an e-mail address to find them at the target store by.
    public var withoutEmail = 0
    /// What went wrong, one line each.
    public var problems: [String] = []

    public init() {}
}

/// Allied-brand offers: partners and offers per organisation, and their evaluation on each order
/// placed. When a customer's purchases at the source store reach the threshold inside the window,
/// the reward is given once at the target store to the customer with the same normalised e-mail:
/// points as a lot funded by the partner's ledger account, credit as an issued code (announced to
/// the shop's rewards webhook when it has one). Without such a customer the reward waits, and is
/// given when that customer's first order at the target store is evaluated (or by
/// ``grantWaiting(storeID:limit:)``). Each reward given adds `allied.reward` to the target store's
/// log for journeys.
public struct AlliedOfferService: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock

    public init(storage: any EncoreStorage, clock: any Clock = SystemClock()) {
        self.storage = storage
        self.clock = clock
    }

    /// A key of a partner or an offer: 1 to 64 of `a-z A-Z 0-9 . _ -`; nil when valid.
    public static func checkKey(_ key: String) -> String? {
        guard (1...64).contains(key.utf8.count) else { return "must be 1 to 64 characters long" }
        let ok = key.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 46
                || byte == 95
        }
        return ok ? nil : "must be letters, digits, '.', '_' and '-' only"
    }

    /// Adds a funding partner to the organisation; throws `InvalidAlliedOffer` for a bad key or
    /// name, `AlliedOfferRefusal` when the key is taken.
    public func addPartner(organisationID: Int64, key: String, name: String) async throws -> AlliedPartner {
        var errors: [InputError] = []
        if let problem = Self.checkKey(key) { errors.append(InputError(field: "key", reason: problem)) }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 200 { errors.append(InputError(field: "name", reason: "must be 1 to 200 characters")) }
        guard errors.isEmpty else { throw InvalidAlliedOffer(errors: errors) }
        do {
            return try await storage.addAlliedPartner(organisationID: organisationID, key: key, name: trimmed, now: clock.now())
        } catch StorageError.conflict(let reason) {
            throw AlliedOfferRefusal(description: reason)
        }
    }

    /// Checks and stores an offer: `InvalidAlliedOffer` for its fields (`AlliedOffer.validate()`
    /// and the key's characters), `AlliedOfferRefusal` when a store or the partner is unknown,
    /// the stores belong to different organisations, the currencies are not the stores', a
    /// points reward goes to a store without a loyalty program, or the key is taken.
    public func addOffer(_ offer: AlliedOffer) async throws -> AlliedOfferRecord {
        var errors = offer.validate()
        if let problem = Self.checkKey(offer.key), !offer.key.isEmpty { errors.append(InputError(field: "key", reason: problem)) }
        guard errors.isEmpty else { throw InvalidAlliedOffer(errors: errors) }
        guard let source = try await storage.store(id: offer.sourceStoreID) else {
            throw AlliedOfferRefusal(description: "no store with id \(offer.sourceStoreID)")
        }
        guard let target = try await storage.store(id: offer.targetStoreID) else {
            throw AlliedOfferRefusal(description: "no store with id \(offer.targetStoreID)")
        }
        guard source.organisationID == target.organisationID else {
            throw AlliedOfferRefusal(
                description: "stores '\(source.name)' and '\(target.name)' belong to different organisations; allied offers join the stores of one")
        }
        guard offer.currency == source.currency else {
            throw AlliedOfferRefusal(description: "the spend is counted in \(source.name)'s currency \(source.currency.code), not \(offer.currency.code)")
        }
        switch offer.reward {
        case .points:
            guard try await storage.loyaltyProgram(storeID: target.id) != nil else {
                throw AlliedOfferRefusal(
                    description: "store '\(target.name)' has no loyalty program (encore loyalty apply) to give points in")
            }
        case .credit(_, let currency):
            guard currency == target.currency else {
                throw AlliedOfferRefusal(description: "credit at '\(target.name)' is in \(target.currency.code), not \(currency.code)")
            }
        }
        guard try await storage.alliedPartners(organisationID: source.organisationID).contains(where: { $0.id == offer.partnerID })
        else { throw AlliedOfferRefusal(description: "the organisation has no partner with id \(offer.partnerID)") }
        let record = AlliedOfferRecord(organisationID: source.organisationID, offer: offer, createdAt: clock.now())
        do {
            try await storage.addAlliedOffer(record)
        } catch StorageError.conflict(let reason) {
            throw AlliedOfferRefusal(description: reason)
        }
        return record
    }

    /// The settlement of the organisation's rewards given in `from ..< to`, per partner and offer.
    public func settlement(organisationID: Int64, from: Timestamp, to: Timestamp) async throws -> AlliedSettlement {
        AlliedSettlement(
            rewards: try await storage.alliedIssuedRewards(organisationID: organisationID, from: from, to: to), from: from, to: to)
    }

    /// The loyalty worker's entry point, once per `order.placed` of the store (a replay gives
    /// nothing twice). First gives this store's rewards waiting for the customer's e-mail (their
    /// first order here), then evaluates every offer whose source is this store and whose dates
    /// hold `at`: the customer's purchases there (cancelled orders left out, refunds netted, as
    /// they stand now) up to `at`; a qualification gives the reward at the target store.
    public func orderPlaced(storeID: StoreID, orderKey: String, customerKey: String, at: Timestamp) async throws
        -> AlliedOfferReport
    {
        var report = AlliedOfferReport()
        let email = try await storage.customerEmail(storeID: storeID, customerKey: customerKey).flatMap(ReferralContact.normalizedEmail)
        if let email {
            for waiting in try await storage.waitingAlliedRewards(storeID: storeID, normalizedEmail: email) {
                try await grant(waiting, to: customerKey, report: &report)
            }
        }
        let offers = try await storage.alliedOffers(sourceStoreID: storeID, endingAfter: at).filter { $0.offer.startsAt <= at }
        var partners: [Int64: [Int64: AlliedPartner]] = [:]
        for record in offers {
            let offer = record.offer
            if let stored = try await storage.alliedReward(
                storeID: offer.targetStoreID, offerKey: offer.key, sourceCustomerKey: customerKey)
            {
                // The qualifying order again (a replay after a crash): make sure its event is there.
                if stored.status == .granted, stored.sourceOrderKey == orderKey { try await announce(stored) }
                continue
            }
            let purchases = try await storage.alliedPurchases(
                storeID: storeID, customerKey: customerKey, currency: offer.currency, from: offer.startsAt, through: at)
            guard let qualifiedAt = offer.qualification(purchases: purchases, now: at) else { continue }
            guard let email else {
                report.withoutEmail += 1
                report.problems.append("offer \(offer.key): customer \(customerKey) qualified but has no e-mail to find them by")
                continue
            }
            if partners[record.organisationID] == nil {
                let list = try await storage.alliedPartners(organisationID: record.organisationID)
                partners[record.organisationID] = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            }
            guard let partner = partners[record.organisationID]?[offer.partnerID] else {
                report.problems.append("offer \(offer.key): its partner \(offer.partnerID) is gone")
                continue
            }
            let reward = AlliedRewardRecord(
                organisationID: record.organisationID, offerKey: offer.key, partnerID: partner.id, sourceStoreID: storeID,
                sourceCustomerKey: customerKey, sourceOrderKey: orderKey, targetStoreID: offer.targetStoreID, targetEmail: email,
                targetCustomerKey: nil, reward: offer.reward, qualifiedAt: qualifiedAt, status: .waiting, lotKey: nil, code: nil,
                createdAt: clock.now(), grantedAt: nil)
            if let target = try await storage.customerKeys(storeID: offer.targetStoreID, normalizedEmail: email).first {
                try await grant(reward, to: target, partner: partner, report: &report)
            } else {
                let outcome = try await storage.giveAlliedReward(reward, partnerKey: partner.key, announcement: nil, now: clock.now())
                if !outcome.replay { report.waiting += 1 }
            }
        }
        return report
    }

    /// Gives the store's waiting rewards whose customer is now known there (a customer created
    /// by the API or an import, with no order yet); at most `limit` looked at, oldest first.
    public func grantWaiting(storeID: StoreID, limit: Int = 500) async throws -> AlliedOfferReport {
        var report = AlliedOfferReport()
        for waiting in try await storage.waitingAlliedRewards(storeID: storeID, limit: limit) {
            guard let customerKey = try await storage.customerKeys(storeID: storeID, normalizedEmail: waiting.targetEmail).first
            else { continue }
            try await grant(waiting, to: customerKey, report: &report)
        }
        return report
    }

    /// Grants a reward to the target store's customer; a refusal of the ledger is counted, not thrown.
    private func grant(_ reward: AlliedRewardRecord, to customerKey: String, partner: AlliedPartner? = nil,
        report: inout AlliedOfferReport) async throws
    {
        var partner = partner
        if partner == nil {
            partner = try await storage.alliedPartners(organisationID: reward.organisationID).first { $0.id == reward.partnerID }
        }
        guard let partner else {
            report.problems.append("offer \(reward.offerKey): its partner \(reward.partnerID) is gone")
            return
        }
        guard let target = try await storage.store(id: reward.targetStoreID) else { return }
        let now = clock.now()
        var granted = reward
        granted.status = .granted
        granted.targetCustomerKey = customerKey
        var announcement: OutboxMessage?
        if case .credit = reward.reward {
            let code = RewardRedeemer.issueCode()
            granted.code = code
            if let url = target.settings.rewardsWebhookURL {
                announcement = OutboxMessage(
                    storeID: target.id, messageID: "allied:\(reward.offerKey)|\(reward.sourceCustomerKey)", customerKey: customerKey,
                    channel: .webhook, category: .transactional, recipient: url,
                    text: Self.announcement(store: target, reward: granted, partner: partner, code: code, now: now),
                    nextAttemptAt: now, createdAt: now)
            }
        }
        let outcome: AlliedRewardOutcome
        do {
            outcome = try await storage.giveAlliedReward(granted, partnerKey: partner.key, announcement: announcement, now: now)
        } catch let error as LedgerError {
            report.refused += 1
            report.problems.append("offer \(reward.offerKey): the ledger of '\(target.name)' refused the points: \(error)")
            return
        }
        guard outcome.record.status == .granted else { return }
        if !outcome.replay { report.granted += 1 }
        try await announce(outcome.record, store: target, partner: partner)
    }

    /// Adds `allied.reward` for a given reward to the target store's log (once: its key is the reward's).
    private func announce(_ reward: AlliedRewardRecord, store: Store? = nil, partner: AlliedPartner? = nil) async throws {
        guard let customerKey = reward.targetCustomerKey, let grantedAt = reward.grantedAt else { return }
        var store = store
        if store == nil { store = try await storage.store(id: reward.targetStoreID) }
        guard let store else { return }
        var partner = partner
        if partner == nil {
            partner = try await storage.alliedPartners(organisationID: reward.organisationID).first { $0.id == reward.partnerID }
        }
        let source = try await storage.store(id: reward.sourceStoreID)
        var payload: [(String, JSONText)] = [
            ("offer", .string(reward.offerKey)), ("source_store", source.map { .string($0.name) } ?? .null),
            ("partner", partner.map { .string($0.name) } ?? .null),
        ]
        switch reward.reward {
        case .points(let points):
            payload += [("points", .int(points)), ("lot", reward.lotKey.map(JSONText.string) ?? .null)]
        case .credit(let amount, let currency):
            payload += [
                ("amount", .string(Money.format(minorUnits: amount, exponent: currency.exponent))),
                ("currency", .string(currency.code)), ("code", reward.code.map(JSONText.string) ?? .null),
            ]
        }
        let event = NewEvent(
            storeID: store.id, type: "allied.reward", customerKey: customerKey, occurredAt: grantedAt,
            payload: JSONText.render(payload), idempotencyKey: Self.eventKey(reward))
        _ = try await storage.ingest(IngestBatch(storeID: store.id, events: [event]), now: clock.now())
    }

    /// The idempotency key of a reward's `allied.reward` event.
    public static func eventKey(_ reward: AlliedRewardRecord) -> String {
        "allied.reward:\(reward.offerKey)|\(reward.sourceCustomerKey)"
    }

    /// The body of the `allied.reward` webhook that tells the shop of a credit code to honour.
    static func announcement(store: Store, reward: AlliedRewardRecord, partner: AlliedPartner, code: String, now: Timestamp)
        -> String
    {
        JSONText.render([
            ("type", .string("allied.reward")), ("store", .string(store.name)),
            ("customer_id", reward.targetCustomerKey.map(JSONText.string) ?? .null), ("offer", .string(reward.offerKey)),
            ("partner", .string(partner.key)),
            ("value", .object([("kind", .string("credit")), ("amount", .string(Money.format(minorUnits: reward.reward.amount, exponent: store.currency.exponent))), ("currency", .string(store.currency.code))])),
            ("code", .string(code)), ("issued_at", .string(now.iso8601)),
        ])
    }
}
