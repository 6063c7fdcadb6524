import EncoreCore

/// One change the loyalty worker makes to a customer's book for an event of the store's log.
/// Pure data: `apply(to:)` runs it on a `LotBook`, and the same step applied again is a replay
/// that changes nothing.
public enum LoyaltyStep: Hashable, Sendable {
    /// Earns an order's points into a new lot keyed by `key.text`.
    case earn(
        key: PostingKey, points: Int64, source: String, at: Timestamp, availableAt: Timestamp?, expiresAt: Timestamp?,
        reason: String)
    /// Fixes when a lot becomes spendable (its order's return window closes). No posting.
    case makeAvailable(lotKey: String, at: Timestamp)
    /// Takes back points of a lot for a refund or a cancellation.
    case reverse(
        key: PostingKey, lotKey: String, points: Int64, policy: RefundShortfallPolicy, at: Timestamp, reason: String)

    /// The key recorded as applied; nil for a step without postings.
    public var eventKey: PostingKey? {
        switch self {
        case .earn(let key, _, _, _, _, _, _), .reverse(let key, _, _, _, _, _): key
        case .makeAvailable: nil
        }
    }

    /// The lots the step needs loaded even when they are used up.
    public var lotKeys: [String] {
        switch self {
        case .earn: []
        case .makeAvailable(let lotKey, _), .reverse(_, let lotKey, _, _, _, _): [lotKey]
        }
    }

    /// Runs the step on `book`.
    public func apply(to book: inout LotBook) throws(LedgerError) -> LedgerChange {
        switch self {
        case .earn(let key, let points, let source, let at, let availableAt, let expiresAt, let reason):
            try book.earn(
                key, points: points, at: at, source: source, availableAt: availableAt, expiresAt: expiresAt, reason: reason)
        case .makeAvailable(let lotKey, let at):
            try book.makeAvailable(lotKey: lotKey, at: at)
        case .reverse(let key, let lotKey, let points, let policy, let at, let reason):
            try book.reverse(key, lotKey: lotKey, points: points, policy: policy, at: at, reason: reason)
        }
    }
}
