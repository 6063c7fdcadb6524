import EncoreCore

/// One append-only movement of points: `points` leave `debit` and arrive in `credit`.
///
/// Every posting touches exactly one customer account and the funding account of the lot it
/// names (`lotKey`): `earn` and `adjust` debit the funding account and credit the customer,
/// `spend`, `expire` and `reverse` do the opposite. Storage inserts postings with a UNIQUE
/// constraint on `key` and never updates or deletes them.
public struct Posting: Hashable, Sendable {
    /// Unique across the ledger: the event's key text followed by "#n" (see ``PostingKey``).
    public var key: String
    /// The text of the ``PostingKey`` of the event that produced this posting.
    public var eventKey: String
    /// What the posting does.
    public var kind: PostingKind
    /// The account the points leave.
    public var debit: LoyaltyAccount
    /// The account the points arrive in.
    public var credit: LoyaltyAccount
    /// How many points move; always positive.
    public var points: Int64
    /// The lot the points are earned into or taken from.
    public var lotKey: String
    /// The customer whose account is one side of the posting (for indexing by customer).
    public var customerKey: String
    /// Free text for people reading the ledger, e.g. "order #1001".
    public var reason: String
    /// When the movement happened.
    public var at: Timestamp

    /// A posting with every field given, as storage reads it back.
    public init(
        key: String, eventKey: String, kind: PostingKind, debit: LoyaltyAccount, credit: LoyaltyAccount,
        points: Int64, lotKey: String, customerKey: String, reason: String, at: Timestamp
    ) {
        self.key = key
        self.eventKey = eventKey
        self.kind = kind
        self.debit = debit
        self.credit = credit
        self.points = points
        self.lotKey = lotKey
        self.customerKey = customerKey
        self.reason = reason
        self.at = at
    }

    /// What the posting does to the balance of `account`: +points when credited, -points
    /// when debited, 0 otherwise.
    public func effect(on account: LoyaltyAccount) -> Int64 {
        if credit == account { return points }
        if debit == account { return -points }
        return 0
    }
}
