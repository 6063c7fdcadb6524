/// Where a lot's points are, seen at one instant.
///
/// A lot with points left is `pending` until its `availableAt` has come (or while that is not
/// known yet) and `available` from then on. A lot with nothing left is named after the way
/// most of its points left it (ties: spent, then expired, then reversed).
public enum LotState: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Points earned but not spendable yet (the order can still be returned).
    case pending
    /// Points the customer can spend.
    case available
    /// Nothing left; mostly spent (or applied to a debt).
    case spent
    /// Nothing left; mostly expired.
    case expired
    /// Nothing left; mostly taken back by refunds.
    case reversed

    /// The raw value.
    public var description: String { rawValue }
}
