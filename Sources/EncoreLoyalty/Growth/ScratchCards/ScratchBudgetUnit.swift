import EncoreCore

/// The unit of a scratch campaign's budget and prize costs.
public enum ScratchBudgetUnit: Hashable, Sendable, CustomStringConvertible {
    /// Loyalty points.
    case points
    /// Minor units of a currency (cents for USD).
    case money(Currency)

    /// "points" or the currency code.
    public var description: String {
        switch self {
        case .points: return "points"
        case .money(let currency): return currency.code
        }
    }
}
