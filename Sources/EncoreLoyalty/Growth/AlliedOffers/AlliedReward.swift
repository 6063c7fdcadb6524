import EncoreCore

/// What an allied-brand offer gives at the target brand.
public enum AlliedReward: Hashable, Sendable {
    /// Loyalty points at the target brand.
    case points(Int64)
    /// An amount credited at the target brand, in minor units of `currency`.
    case credit(amount: Int64, currency: Currency)

    /// The amount in the reward's unit.
    public var amount: Int64 {
        switch self {
        case .points(let points): return points
        case .credit(let amount, _): return amount
        }
    }

    /// The unit the amount is counted in.
    public var unit: AlliedRewardUnit {
        switch self {
        case .points: return .points
        case .credit(_, let currency): return .money(currency)
        }
    }
}
