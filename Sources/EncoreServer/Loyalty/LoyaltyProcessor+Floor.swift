import EncoreCore
import EncoreLoyalty
import EncoreStore

/// A tier key the program does not have.
public struct UnknownTier: Error, CustomStringConvertible {
    public var key: String
    public var known: [String]
    public var description: String { "the program has no tier '\(key)' (tiers: \(known.joined(separator: ", ")))" }
}

extension LoyaltyProcessor {
    /// Sets (or, with nil, clears) a customer's manual tier floor and moves the tier at once: a
    /// floor lifts the tier to it (with `tier.up`), and the customer never goes below it while it
    /// is set. Throws `UnknownTier` for a key the latest program lacks.
    public func setFloor(storeID: StoreID, customerKey: String, floor: String?) async throws {
        guard var run = try await StoreRun.start(storage: storage, storeID: storeID, now: clock.now()),
            let policy = run.latest.tiers
        else { throw UnknownTier(key: floor ?? "", known: []) }
        if let floor, policy.tier(key: floor) == nil { throw UnknownTier(key: floor, known: policy.tiers.map(\.key)) }
        let stored = try await storage.loyaltyTier(storeID: storeID, customerKey: customerKey)
        try await storage.setLoyaltyTier(
            storeID: storeID, customerKey: customerKey,
            record: LoyaltyTierRecord(current: stored?.current, floor: floor), now: run.now)
        try await run.moveTier(customerKey, policy: policy)
    }
}
