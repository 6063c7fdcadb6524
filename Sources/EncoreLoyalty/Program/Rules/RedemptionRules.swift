/// Why a reward cannot be redeemed, in words a customer can read.
public enum RedemptionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reward costs `needed` points; the customer can spend `available`.
    case insufficientPoints(needed: Int64, available: Int64)
    /// No units of the reward are left.
    case outOfStock
    /// The customer has already redeemed the reward `limit` times, the most allowed.
    case limitReached(limit: Int64)

    /// A plain sentence.
    public var description: String {
        switch self {
        case .insufficientPoints(let needed, let available):
            let missing = needed - max(0, available)
            return "This reward costs \(needed) points and you have \(max(0, available)): \(missing) more needed."
        case .outOfStock:
            return "This reward is out of stock."
        case .limitReached(let limit):
            return "You have already redeemed this reward \(limit == 1 ? "once" : "\(limit) times"), the most allowed."
        }
    }
}

/// Whether a customer may redeem a reward now. Pure: the caller counts the spendable balance, the
/// customer's past redemptions and the stock left from storage.
public enum RedemptionRules {
    /// Throws the first reason the redemption cannot happen, checked in this order: out of stock
    /// (`stockLeft` ≤ 0; nil means unlimited), per-customer limit reached, not enough spendable
    /// points. Returns when the redemption may go ahead.
    public static func check(
        reward: Reward, spendablePoints: Int64, redeemedByCustomer: Int64, stockLeft: Int64?
    ) throws(RedemptionError) {
        if let stockLeft, stockLeft <= 0 { throw .outOfStock }
        if let limit = reward.perCustomerLimit, redeemedByCustomer >= limit { throw .limitReached(limit: limit) }
        if spendablePoints < reward.cost {
            throw .insufficientPoints(needed: reward.cost, available: spendablePoints)
        }
    }
}
