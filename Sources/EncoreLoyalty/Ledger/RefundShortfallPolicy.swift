/// What a refund does when the points it should take back were already used (spent, or
/// applied to an earlier debt).
public enum RefundShortfallPolicy: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Take them back anyway: the customer owes the points as a debt, which must be cleared
    /// before they can spend again and which later earnings pay off first.
    case negativeBalance = "negative_balance"
    /// Take back only what is left of the lot and record the rest as a shortfall for the report;
    /// the customer's balance never goes below zero.
    case cappedShortfall = "capped_shortfall"

    /// The raw value.
    public var description: String { rawValue }
}
