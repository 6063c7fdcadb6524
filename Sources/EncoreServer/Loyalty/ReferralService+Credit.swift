import EncoreCore
import EncoreLoyalty
import EncoreStore

extension ReferralService {
    /// Settles the store's referrals waiting on a first order: credits the referrer (the
    /// `referral` rule's points, under its caps) and the friend (the same points, once) when the
    /// order's return window has closed with the order kept, and rejects the referral
    /// (`order_returned`) when it was cancelled or refunded in full. Each credit has its ledger
    /// key from the referral, so running this again, in any process, credits nothing twice.
    /// Adds `referral.credited` to the log for journeys. Returns the referrals credited.
    public func settle(store: Store, limit: Int = 500) async throws -> Int {
        let now = clock.now()
        let waiting = try await storage.referrals(storeID: store.id, referrerKey: nil, status: .ordered, limit: limit)
        guard !waiting.isEmpty else { return 0 }
        let versions = try await storage.loyaltyPrograms(storeID: store.id)
        let planner = LoyaltyEventPlanner(storeID: store.id, returnWindowDays: store.settings.returnWindowDays ?? 30)
        var credited = 0
        for referral in waiting {
            guard let orderKey = referral.friendOrderKey, let friendKey = referral.friendKey,
                let detail = try await storage.order(storeID: store.id, key: orderKey)
            else { continue }
            let refunded = detail.refunds.reduce(Int64(0)) { $0 + $1.amount }
            let decision = ReferralCreditDecision.decide(
                cancelled: detail.order.cancelledAt != nil, refunded: refunded, total: detail.order.total,
                deliveredAt: CareService.deliveredAt(detail), returnWindowDays: planner.returnWindowDays, now: now)
            switch decision {
            case .wait:
                continue
            case .reject(let reason):
                _ = try await storage.moveReferral(
                    storeID: store.id, id: referral.id, from: .ordered, to: .rejected, reason: reason, friendKey: nil,
                    friendOrderKey: nil, now: now)
            case .credit(let at):
                guard
                    let version = LoyaltyEventPlanner.version(
                        publishedAt: versions.map { ($0.version, $0.publishedAt) }, receivedAt: at),
                    let program = versions.first(where: { $0.version == version })?.program
                else { continue }
                try await credit(
                    referral, friendKey: friendKey, at: at, program: program, version: version, planner: planner, now: now)
                if try await storage.moveReferral(
                    storeID: store.id, id: referral.id, from: .ordered, to: .credited, reason: nil, friendKey: nil,
                    friendOrderKey: nil, now: now)
                {
                    credited += 1
                }
            }
        }
        return credited
    }

    private func credit(
        _ referral: ReferralRecord, friendKey: String, at: Timestamp, program: LoyaltyProgram, version: Int,
        planner: LoyaltyEventPlanner, now: Timestamp
    ) async throws {
        let storeID = planner.storeID
        var earlier: [(at: Timestamp, points: Int64)] = []
        let periods = CapPeriod.allCases
        if let rule = program.rule(for: .referral),
            let widest = rule.caps.map(\.period).max(by: { periods.firstIndex(of: $0)! < periods.firstIndex(of: $1)! })
        {
            earlier = try await storage.loyaltyLots(
                storeID: storeID, customerKey: referral.referrerKey,
                source: LoyaltyEventPlanner.actionSource(.referral), since: widest.start(containing: at)
            ).filter { !$0.key.contains("referral-\(referral.id)") }.map { ($0.earnedAt, $0.points) }
        }
        let steps = try planner.referral(id: referral.id, at: at, program: program, version: version, earlier: earlier)
        var requests: [LedgerRequest] = []
        var owners: [String] = []
        for (step, customerKey) in [(steps.referrer, referral.referrerKey), (steps.friend, friendKey)] {
            guard let step else { continue }
            requests.append(
                LedgerRequest(customerKey: customerKey, eventKey: step.eventKey, lotKeys: step.lotKeys) { book in
                    try step.apply(to: &book)
                })
            owners.append(customerKey)
        }
        let results = try await storage.applyLedger(storeID: storeID, requests: requests, now: now)
        var events: [NewEvent] = []
        for (result, customerKey) in zip(results, owners) {
            guard case .success(let change) = result, let lot = change.lots.first else { continue }
            events.append(StoreRun.pointsEarned(storeID, customerKey: customerKey, lot: lot, orderKey: nil, at: at))
        }
        events.append(
            NewEvent(
                storeID: storeID, type: "referral.credited", customerKey: referral.referrerKey,
                orderKey: referral.friendOrderKey, occurredAt: at,
                payload: JSONText.render([
                    ("referral_id", .string(referral.id)), ("friend", .string(friendKey)),
                    ("points", .int(steps.referrer.map(Self.points) ?? 0)),
                ]), idempotencyKey: "referral.credited:\(referral.id)"))
        _ = try await storage.ingest(IngestBatch(storeID: storeID, events: events), now: now)
    }

    private static func points(_ step: LoyaltyStep) -> Int64 {
        if case .earn(_, let points, _, _, _, _, _) = step { return points }
        return 0
    }
}
