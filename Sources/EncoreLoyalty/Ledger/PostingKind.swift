/// What a posting does; stored as its raw value.
///
/// `earn` and `adjust` credit the customer (a new lot); `spend`, `expire` and `reverse` debit the
/// customer and credit the funding account of the lot they draw on.
public enum PostingKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Points earned by a purchase or another rule; creates a lot.
    case earn
    /// Points redeemed by the customer; consumes available lots, oldest first.
    case spend
    /// Points that reached their lot's expiry, or every remaining point on inactivity.
    case expire
    /// Points taken back by a refund, from what is left of a lot and, under the
    /// `negativeBalance` policy, as a debt for points already used.
    case reverse
    /// A manual grant by the merchant (goodwill points); creates a lot like `earn`.
    case adjust

    /// Whether postings of this kind credit the customer (create a lot) rather than debit them.
    public var createsLot: Bool { self == .earn || self == .adjust }

    /// The raw value.
    public var description: String { rawValue }
}
