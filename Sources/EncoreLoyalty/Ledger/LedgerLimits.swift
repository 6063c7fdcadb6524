/// Bounds that keep every ledger sum far from `Int64` overflow.
public enum LedgerLimits {
    /// The most points one operation (earn, spend, reversal) may move: one trillion. Larger
    /// amounts are rejected as input errors, so no sum of realistic size can overflow.
    public static let maxPoints: Int64 = 1_000_000_000_000

    /// The most points a customer may hold or owe in total; operations that would pass it are
    /// rejected instead of overflowing.
    public static let maxBalance: Int64 = 1_000_000_000_000_000
}
