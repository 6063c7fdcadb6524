import EncoreCore
import EncoreLoyalty
import EncoreStore

/// What a customer has in a store's loyalty program: points by state and open lots, the tier
/// held with the progress to the next, and the program version. Read for `encore loyalty show`
/// and the customer's pages.
public struct LoyaltyStatus: Sendable {
    public var balance: LoyaltyBalance
    public var program: PublishedLoyaltyProgram?
    /// The tier held (as stored by the worker; the lowest tier when none was stored yet).
    public var tier: Tier?
    public var reachedAt: Timestamp?
    /// A merchant's manual floor.
    public var floor: String?
    /// Spend (minor units) or points in the window ending now.
    public var qualifying: Int64
    /// The next tier and how far it is; nil at the top or without tiers.
    public var progress: TierProgress?

    /// Reads the customer's status at `now`.
    public static func read(storage: any EncoreStorage, storeID: StoreID, customerKey: String, now: Timestamp) async throws
        -> LoyaltyStatus
    {
        try await read(
            storage: storage, storeID: storeID, customerKey: customerKey, now: now,
            program: try await storage.loyaltyProgram(storeID: storeID))
    }

    /// Reads the customer's status at `now` under `program`, already read by the caller.
    public static func read(
        storage: any EncoreStorage, storeID: StoreID, customerKey: String, now: Timestamp,
        program: PublishedLoyaltyProgram?
    ) async throws -> LoyaltyStatus {
        let balance = try await storage.loyaltyBalance(storeID: storeID, customerKey: customerKey, now: now)
        var status = LoyaltyStatus(balance: balance, program: program, qualifying: 0)
        guard let policy = program?.program.tiers else { return status }
        let (stored, evaluation) = try await evaluateTier(
            storage: storage, storeID: storeID, customerKey: customerKey, policy: policy, now: now)
        let held = stored?.current.flatMap { current in policy.tier(key: current.key).map { ($0, current.reachedAt) } }
        status.tier = held?.0 ?? evaluation?.tier
        status.reachedAt = held?.1 ?? evaluation?.reachedAt
        status.floor = stored?.floor
        status.qualifying = evaluation?.qualifying ?? 0
        status.progress = evaluation?.progress
        if let tier = status.tier, let progress = status.progress,
            let next = policy.tier(key: progress.nextKey), next.threshold <= tier.threshold
        {
            status.progress = nil
        }
        return status
    }

    /// The customer's stored tier and what `policy` says of it at `now`, from the qualifying
    /// history of the window and of the year before it (an anniversary review looks back that far).
    static func evaluateTier(
        storage: any EncoreStorage, storeID: StoreID, customerKey: String, policy: TierPolicy, now: Timestamp
    ) async throws -> (stored: LoyaltyTierRecord?, evaluation: TierEvaluation?) {
        let stored = try await storage.loyaltyTier(storeID: storeID, customerKey: customerKey)
        let since = now.adding(seconds: -Int64(policy.windowMonths + 13) * 31 * 86_400)
        let history = try await storage.qualifyingActivity(
            storeID: storeID, customerKey: customerKey, basis: policy.basis, since: since)
        let evaluation = TierEvaluator.evaluate(
            policy: policy, history: history, now: now, current: stored?.current, floor: stored?.floor)
        return (stored, evaluation)
    }
}
