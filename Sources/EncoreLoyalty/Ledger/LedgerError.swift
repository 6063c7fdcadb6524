/// Why a ledger operation was refused. Nothing is changed when one is thrown.
public enum LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An input that can never be accepted: which field, and why.
    case invalidInput(field: String, reason: String)
    /// A redemption asked for more than the customer can spend now. `available` is the
    /// spendable amount (available points minus `owed`, never below zero).
    case insufficientPoints(available: Int64, requested: Int64, owed: Int64)
    /// The operation names a lot that is not in the book (storage must load the lots a refund
    /// or an availability update refers to, even when they are used up).
    case unknownLot(String)

    /// The input field the error is about, as the API names it.
    public var field: String {
        switch self {
        case .invalidInput(let field, _): return field
        case .insufficientPoints: return "points"
        case .unknownLot: return "lotKey"
        }
    }

    /// One sentence without the field name.
    public var reason: String {
        switch self {
        case .invalidInput(_, let reason):
            return reason
        case .insufficientPoints(let available, let requested, let owed):
            let debt = owed > 0 ? " (after a debt of \(owed) points)" : ""
            return "only \(available) points can be spent\(debt), \(requested) requested"
        case .unknownLot(let key):
            return "no lot '\(key)' is loaded for this customer"
        }
    }

    /// "field: reason".
    public var description: String { "\(field): \(reason)" }

    /// Checks that `value` is a whole positive number of points no larger than
    /// ``LedgerLimits/maxPoints``; `field` names it in the error.
    static func checkPoints(_ value: Int64, field: String = "points") throws(LedgerError) {
        if value <= 0 {
            throw .invalidInput(field: field, reason: "must be a positive number of points, got \(value)")
        }
        if value > LedgerLimits.maxPoints {
            throw .invalidInput(
                field: field, reason: "must be at most \(LedgerLimits.maxPoints) points, got \(value)")
        }
    }
}
