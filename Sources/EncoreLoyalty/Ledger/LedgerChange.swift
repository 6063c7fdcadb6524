/// What one ledger operation did, for storage to persist in the same transaction: insert
/// `postings` (UNIQUE on key), upsert `lots`, set the customer's debt to `debt` and record
/// `eventKeys` as applied (UNIQUE), so a replay is recognised even when it moved no points.
public struct LedgerChange: Hashable, Sendable {
    /// Texts of the ``PostingKey``s applied by this operation; empty for a replay.
    public var eventKeys: [String]
    /// True when the event had already been applied: nothing changed and nothing is to be stored.
    public var isReplay: Bool
    /// New postings, in order.
    public var postings: [Posting]
    /// Lots created or changed, with their new values, in the order they were touched.
    public var lots: [PointLot]
    /// The customer's debt after the operation.
    public var debt: Int64
    /// Points added to the debt (refund of used points under `negativeBalance`).
    public var debtIncurred: Int64
    /// Debt paid off by a new earning.
    public var debtSettled: Int64
    /// Used points a refund could not take back under `cappedShortfall` (for the report).
    public var shortfall: Int64
    /// Points a refund asked for that the lot no longer had for any reason other than use:
    /// expired, already reversed, or more than the lot ever held.
    public var unreversible: Int64

    /// A change with every field given.
    public init(
        eventKeys: [String] = [], isReplay: Bool = false, postings: [Posting] = [], lots: [PointLot] = [],
        debt: Int64, debtIncurred: Int64 = 0, debtSettled: Int64 = 0, shortfall: Int64 = 0,
        unreversible: Int64 = 0
    ) {
        self.eventKeys = eventKeys
        self.isReplay = isReplay
        self.postings = postings
        self.lots = lots
        self.debt = debt
        self.debtIncurred = debtIncurred
        self.debtSettled = debtSettled
        self.shortfall = shortfall
        self.unreversible = unreversible
    }

    /// The answer to a replayed event: nothing to store.
    static func replay(debt: Int64) -> LedgerChange { LedgerChange(isReplay: true, debt: debt) }

    /// Whether there is nothing to store (no posting, no lot, no event key).
    public var isEmpty: Bool { postings.isEmpty && lots.isEmpty && eventKeys.isEmpty }

    /// The points the postings move in total.
    public var points: Int64 { postings.reduce(0) { $0 + $1.points } }
}
