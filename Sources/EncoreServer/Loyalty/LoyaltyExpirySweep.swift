import EncoreCore
import EncoreLoyalty
import EncoreStore

/// What one expiry sweep did.
public struct LoyaltySweepReport: Sendable, Hashable {
    /// Points that expired.
    public var expiredPoints: Int64 = 0
    /// Customers whose points (some or all) expired.
    public var customers = 0
    /// `points.expiring` events added.
    public var warnings = 0
    /// Referrals credited (both sides) because the friend's first order was kept.
    public var referralsCredited = 0
    /// Customers who earned their birthday points.
    public var birthdays = 0

    public var didWork: Bool { customers > 0 || warnings > 0 || referralsCredited > 0 || birthdays > 0 }
    public init() {}

    /// Adds another sweep's figures to these.
    public mutating func add(_ other: LoyaltySweepReport) {
        expiredPoints += other.expiredPoints
        customers += other.customers
        warnings += other.warnings
        referralsCredited += other.referralsCredited
        birthdays += other.birthdays
    }
}

extension LoyaltyProcessor {
    /// Expires what is due and announces what is about to: lots past their own expiry; every
    /// point of customers who bought nothing for the program's `inactivity_months`; and a
    /// `points.expiring` event (a journey trigger) `warning_days` before either, once each; and
    /// credits the referrals whose friend's first order was kept past its return window; and
    /// celebrates today's birthdays (`sweepBirthdays`).
    /// Every expiry has its key (the lot's, or the customer's last purchase), so running the sweep
    /// again, in any process, changes nothing.
    public func sweep(limit: Int = 1_000) async throws -> LoyaltySweepReport {
        let now = clock.now()
        var report = LoyaltySweepReport()
        let due = try await storage.loyaltyCustomersWithExpiredLots(now: now, limit: limit)
        var stores: [StoreID: [String]] = [:]
        for (storeID, customer) in due { stores[storeID, default: []].append(customer) }
        for (storeID, customers) in stores.sorted(by: { $0.key < $1.key }) {
            let requests = customers.map { customer in
                LedgerRequest(customerKey: customer, eventKey: nil) { book in book.expire(now: now) }
            }
            try await apply(storeID: storeID, requests: requests, now: now, into: &report)
        }
        for store in try await storage.stores() {
            guard let published = try await storage.loyaltyProgram(storeID: store.id) else { continue }
            report.referralsCredited += try await ReferralService(storage: storage, clock: FixedClock(now)).settle(
                store: store, limit: limit)
            report.birthdays += try await sweepBirthdays(store: store, published: published, now: now, limit: limit)
            guard published.program.expiry.expires else { continue }
            try await sweepStore(store.id, published: published, now: now, limit: limit, into: &report)
        }
        return report
    }

    private func sweepStore(
        _ storeID: StoreID, published: PublishedLoyaltyProgram, now: Timestamp, limit: Int,
        into report: inout LoyaltySweepReport
    ) async throws {
        let expiry = published.program.expiry
        let horizon = expiry.warningHorizon(from: now)
        var warnings: [(key: String, event: NewEvent)] = []
        for lot in try await storage.loyaltyLotsToAnnounce(storeID: storeID, after: now, through: horizon, limit: limit) {
            guard let expiresAt = lot.expiresAt else { continue }
            warnings.append(
                (lot.key, Self.expiring(storeID, customerKey: lot.customerKey, points: lot.remaining, at: expiresAt, key: lot.key, cause: "lot", now: now)))
        }
        if let cutoff = expiry.inactivityCandidates(by: horizon) {
            var expire: [LedgerRequest] = []
            var announce: [(key: String, event: NewEvent)] = []
            for (customer, last) in try await storage.loyaltyInactiveCustomers(storeID: storeID, lastPurchaseBy: cutoff, limit: limit) {
                guard let deadline = expiry.inactivityExpiresAt(lastPurchaseAt: last) else { continue }
                let since = "\(customer)@\(last.millisecondsSinceEpoch)"
                if deadline <= now {
                    let key = try PostingKey(store: storeID, source: "inactivity", sourceID: since, ruleVersion: published.version)
                    expire.append(
                        LedgerRequest(customerKey: customer, eventKey: key) { book in
                            try book.expireAll(key, at: now, reason: "no purchase since \(last.iso8601)")
                        })
                } else if deadline <= horizon {
                    let balance = try await storage.loyaltyBalance(storeID: storeID, customerKey: customer, now: now)
                    let points = balance.balances.pending + balance.balances.available
                    guard points > 0 else { continue }
                    announce.append(
                        ("inactivity:" + since, Self.expiring(storeID, customerKey: customer, points: points, at: deadline, key: "inactivity:" + since, cause: "inactivity", now: now)))
                }
            }
            try await apply(storeID: storeID, requests: expire, now: now, into: &report)
            let sent = try await storage.loyaltyWarningsSent(storeID: storeID, keys: announce.map(\.key))
            warnings += announce.filter { !sent.contains($0.key) }
        }
        guard !warnings.isEmpty else { return }
        // The events first: a crash before the warnings are recorded announces again, and the
        // events' own keys keep that to one.
        _ = try await storage.ingest(IngestBatch(storeID: storeID, events: warnings.map(\.event)), now: now)
        try await storage.recordLoyaltyWarnings(storeID: storeID, keys: warnings.map(\.key), now: now)
        report.warnings += warnings.count
    }

    private func apply(storeID: StoreID, requests: [LedgerRequest], now: Timestamp, into report: inout LoyaltySweepReport)
        async throws
    {
        guard !requests.isEmpty else { return }
        for result in try await storage.applyLedger(storeID: storeID, requests: requests, now: now) {
            guard case .success(let change) = result, !change.postings.isEmpty else { continue }
            report.customers += 1
            report.expiredPoints += change.postings.reduce(0) { $0 + $1.points }
        }
    }

    /// `points.expiring` for a journey: how many points, when, and why (a lot's age or inactivity).
    static func expiring(
        _ storeID: StoreID, customerKey: String, points: Int64, at: Timestamp, key: String, cause: String, now: Timestamp
    ) -> NewEvent {
        NewEvent(
            storeID: storeID, type: "points.expiring", customerKey: customerKey, occurredAt: now,
            payload: JSONText.render([
                ("points", .int(points)), ("expires_at", .string(at.iso8601)), ("cause", .string(cause)),
            ]), idempotencyKey: "points.expiring:\(key)")
    }
}
