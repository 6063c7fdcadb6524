import EncoreCore
import Foundation

/// "Spend 150 at brand A within 30 days, get 25 at brand B": an offer between allied brands.
///
/// Purchases at the source store qualify when, inside the offer's dates, the purchases of some
/// span of `windowDays` days add up to `threshold`; the reward is then given at the target store,
/// and the partner that funds it is settled with through `AlliedSettlement`.
public struct AlliedOffer: Hashable, Sendable {
    /// The offer's key, unique per organisation.
    public var key: String
    /// Where the spending counts.
    public var sourceStoreID: StoreID
    /// Where the reward is given.
    public var targetStoreID: StoreID
    /// The partner that funds the reward and is settled with.
    public var partnerID: Int64
    /// The spend to reach, in minor units of `currency`; greater than 0.
    public var threshold: Int64
    /// The currency of the source purchases and of `threshold`.
    public var currency: Currency
    /// The length of the spending window in days; at least 1.
    public var windowDays: Int
    /// What is given at the target brand.
    public var reward: AlliedReward
    /// Purchases from this instant count (inclusive).
    public var startsAt: Timestamp
    /// Purchases before this instant count (exclusive).
    public var endsAt: Timestamp

    /// An offer as given (check it with `validate()`).
    public init(
        key: String, sourceStoreID: StoreID, targetStoreID: StoreID, partnerID: Int64, threshold: Int64,
        currency: Currency, windowDays: Int, reward: AlliedReward, startsAt: Timestamp, endsAt: Timestamp
    ) {
        self.key = key
        self.sourceStoreID = sourceStoreID
        self.targetStoreID = targetStoreID
        self.partnerID = partnerID
        self.threshold = threshold
        self.currency = currency
        self.windowDays = windowDays
        self.reward = reward
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// The window in milliseconds.
    public var windowMilliseconds: Int64 { Int64(windowDays) * 86_400_000 }

    /// Every problem with the offer, field by field; empty when valid.
    public func validate() -> [InputError] {
        var errors: [InputError] = []
        if key.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(InputError(field: "key", reason: "must not be empty"))
        }
        if targetStoreID == sourceStoreID {
            errors.append(InputError(field: "targetStoreID", reason: "must be another store than the source"))
        }
        if threshold <= 0 { errors.append(InputError(field: "threshold", reason: "must be greater than 0")) }
        if !(1...3_660).contains(windowDays) {
            errors.append(InputError(field: "windowDays", reason: "must be from 1 to 3660 days"))
        }
        if reward.amount <= 0 { errors.append(InputError(field: "reward", reason: "must be greater than 0")) }
        if endsAt <= startsAt { errors.append(InputError(field: "endsAt", reason: "must be after startsAt")) }
        return errors
    }

    /// How far the customer is toward the threshold at `now`: the sum of the purchases counted
    /// as by `qualification(purchases:now:)` that are less than `windowDays` days old (what a
    /// purchase now would add to). Never more than `Int64.max`.
    public func progress(purchases: [(at: Timestamp, amount: Int64)], now: Timestamp) -> Int64 {
        let since = now.millisecondsSinceEpoch - windowMilliseconds
        var sum: Int128 = 0
        for purchase in purchases
        where purchase.amount > 0 && purchase.at >= startsAt && purchase.at < endsAt && purchase.at <= now
            && purchase.at.millisecondsSinceEpoch > since
        {
            sum += Int128(purchase.amount)
        }
        return Int64(clamping: sum)
    }

    /// Whether the offer runs at `now` (from `startsAt`, until before `endsAt`).
    public func isRunning(at now: Timestamp) -> Bool { startsAt <= now && now < endsAt }

    /// The first moment the purchases reach the threshold, or nil.
    ///
    /// Only purchases with a positive amount, inside `startsAt ..< endsAt` and not after `now`
    /// count (the caller passes source-store purchases in the offer's currency, refunds netted).
    /// A window holds purchases less than `windowDays` days apart: a purchase exactly
    /// `windowDays` days after another is outside the other's window. The answer is the time of
    /// the purchase that first brings a window's sum to `threshold` or more.
    public func qualification(purchases: [(at: Timestamp, amount: Int64)], now: Timestamp) -> Timestamp? {
        let counted = purchases.filter { $0.amount > 0 && $0.at >= startsAt && $0.at < endsAt && $0.at <= now }
            .sorted { $0.at < $1.at }
        let window = windowMilliseconds
        var first = 0
        var sum: Int128 = 0  // cannot overflow
        for purchase in counted {
            sum += Int128(purchase.amount)
            while purchase.at.millisecondsSinceEpoch - counted[first].at.millisecondsSinceEpoch >= window {
                sum -= Int128(counted[first].amount)
                first += 1
            }
            if sum >= Int128(threshold) { return purchase.at }
        }
        return nil
    }
}
