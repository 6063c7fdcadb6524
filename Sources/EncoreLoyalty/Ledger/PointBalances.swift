/// A customer's points by state, derived from their lots and debt.
///
/// `balance` (pending + available - debt) is what the customer account's postings add up to.
public struct PointBalances: Hashable, Sendable {
    /// Points earned but not spendable yet.
    public var pending: Int64
    /// Points that can be spent, before the debt is taken off.
    public var available: Int64
    /// Points redeemed.
    public var spent: Int64
    /// Points expired.
    public var expired: Int64
    /// Points refunds took back: from what was left, plus used points charged as debt.
    public var reversed: Int64
    /// Points of new earnings that paid off a debt.
    public var appliedToDebt: Int64
    /// Used points refunds could not take back under `cappedShortfall`.
    public var shortfall: Int64
    /// Points the customer owes.
    public var debt: Int64

    /// Balances with every field given.
    public init(
        pending: Int64 = 0, available: Int64 = 0, spent: Int64 = 0, expired: Int64 = 0, reversed: Int64 = 0,
        appliedToDebt: Int64 = 0, shortfall: Int64 = 0, debt: Int64 = 0
    ) {
        self.pending = pending
        self.available = available
        self.spent = spent
        self.expired = expired
        self.reversed = reversed
        self.appliedToDebt = appliedToDebt
        self.shortfall = shortfall
        self.debt = debt
    }

    /// What can be redeemed now: available minus debt, never below zero.
    public var spendable: Int64 { max(0, available - debt) }

    /// The signed balance: pending + available - debt (negative while the debt is larger).
    public var balance: Int64 { pending + available - debt }
}
