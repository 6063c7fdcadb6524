import EncoreCore

/// The unit of an allied reward, so settlement never adds points to money or euros to dollars.
public enum AlliedRewardUnit: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Loyalty points.
    case points
    /// Minor units of a currency.
    case money(Currency)

    /// "points" or the currency code.
    public var description: String {
        switch self {
        case .points: return "points"
        case .money(let currency): return currency.code
        }
    }

    /// Points first, then currencies by code.
    public static func < (lhs: AlliedRewardUnit, rhs: AlliedRewardUnit) -> Bool {
        switch (lhs, rhs) {
        case (.points, .money): return true
        case (.money(let a), .money(let b)): return a.code < b.code
        default: return false
        }
    }
}
