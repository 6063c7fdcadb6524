import EncoreCore
import EncoreLoyalty

/// A reward a customer redeemed: the points it locked and the code it issued.
public struct Redemption: Sendable, Hashable {
    /// The customer's request key (`customer|request`): one request redeems once.
    public var key: String
    public var customerKey: String
    public var rewardKey: String
    public var points: Int64
    /// The code the customer uses at the shop: from the reward's imported pool, or issued by
    /// Encore and announced to the shop by webhook.
    public var code: String
    public var fulfilment: RewardFulfilment
    public var programVersion: Int
    public var createdAt: Timestamp

    public init(
        key: String, customerKey: String, rewardKey: String, points: Int64, code: String, fulfilment: RewardFulfilment,
        programVersion: Int, createdAt: Timestamp
    ) {
        self.key = key
        self.customerKey = customerKey
        self.rewardKey = rewardKey
        self.points = points
        self.code = code
        self.fulfilment = fulfilment
        self.programVersion = programVersion
        self.createdAt = createdAt
    }
}

/// What a redemption came to.
public enum RedemptionOutcome: Sendable, Hashable {
    /// Redeemed now, or earlier by the same request (`replay`: nothing moved this time).
    case redeemed(Redemption, replay: Bool)
    /// Refused by the reward's rules (points, stock, the customer's limit); nothing was written.
    case refused(RedemptionError)
}

/// How much of a reward is gone.
public struct RewardUsage: Sendable, Hashable {
    public var redeemed: Int64
    /// Codes of the imported pool not yet issued.
    public var codesLeft: Int64

    public init(redeemed: Int64, codesLeft: Int64) {
        self.redeemed = redeemed
        self.codesLeft = codesLeft
    }
}

/// Rewards in storage: code pools and redemptions.
public protocol RedemptionStorage: Sendable {
    /// In one transaction holding the customer's and the reward's locks: returns the earlier
    /// redemption of the same request if there is one; else checks the reward's rules (spendable
    /// points, stock, the customer's limit, a free code in the pool for `code_pool`), spends the
    /// points oldest lot first, takes the pool's next code (or records `issuedCode`) and queues
    /// `announcement` (the webhook that tells the shop, for `webhook`). Concurrent redemptions
    /// never overspend an account, a stock or a pool.
    func redeem(
        storeID: StoreID, customerKey: String, reward: Reward, programVersion: Int, requestKey: String,
        issuedCode: String?, announcement: OutboxMessage?, now: Timestamp
    ) async throws -> RedemptionOutcome

    /// Adds codes to a reward's pool; codes already there are counted, not added again.
    func importRewardCodes(storeID: StoreID, rewardKey: String, codes: [String], now: Timestamp) async throws
        -> (added: Int, existing: Int)

    /// The customer's redemptions, newest first.
    func redemptions(storeID: StoreID, customerKey: String) async throws -> [Redemption]

    /// Per reward key: how many were redeemed and how many pool codes are left.
    func rewardUsage(storeID: StoreID) async throws -> [String: RewardUsage]
}
