/// One way the ledger's data disagrees with its invariants, as found by ``LedgerVerifier``.
public enum LedgerBreach: Hashable, Sendable, CustomStringConvertible {
    /// The cached balances cover every account the postings touch, yet do not sum to zero.
    case unbalanced(total: Int64)
    /// A posting moves zero, negative or more than ``LedgerLimits/maxPoints`` points.
    case invalidPoints(postingKey: String, points: Int64)
    /// A posting debits and credits the same account.
    case sameAccount(postingKey: String, account: LoyaltyAccount)
    /// Two postings share a key.
    case duplicateKey(String)
    /// A posting names a lot that does not exist.
    case unknownLot(postingKey: String, lotKey: String)
    /// A posting does not move points between its lot's customer and funding account in the
    /// direction its kind requires (or names another customer).
    case wrongAccounts(postingKey: String, expectedDebit: LoyaltyAccount, expectedCredit: LoyaltyAccount)
    /// Two lots share a key.
    case duplicateLot(String)
    /// A lot counter is negative.
    case negativeLotCounter(lotKey: String, counter: String, value: Int64)
    /// A lot gave out more points (spent + expired + reversed + applied to debt) than it holds.
    case lotOverdrawn(lotKey: String, points: Int64, consumed: Int64)
    /// A lot counter differs from the sum of the postings of the matching kind for that lot
    /// ("points": earn + adjust; "spent": spend; "expired": expire; "reversed": reverse, which
    /// must equal reversed + clawedBack).
    case lotCounterMismatch(lotKey: String, counter: String, lot: Int64, postings: Int64)
    /// A lot's fields contradict each other or its postings (spent while pending, expiring
    /// before it was earned, reclaiming more than was used, ...).
    case lotStateInconsistent(lotKey: String, reason: String)
    /// A customer's balance from postings differs from their lots' remaining points minus debt.
    case customerBalanceMismatch(customerKey: String, postings: Int64, lots: Int64)
    /// A customer's recorded debt differs from what their lots account for
    /// (clawed back minus applied to debt).
    case debtMismatch(customerKey: String, recorded: Int64, fromLots: Int64)
    /// A customer's recorded debt is negative.
    case negativeDebt(customerKey: String, debt: Int64)
    /// A cached account balance differs from the balance derived from postings.
    case cachedBalanceMismatch(account: LoyaltyAccount, cached: Int64, derived: Int64)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .unbalanced(let total):
            return "account balances sum to \(total) instead of 0"
        case .invalidPoints(let key, let points):
            return "posting '\(key)' moves \(points) points; it must move between 1 and \(LedgerLimits.maxPoints)"
        case .sameAccount(let key, let account):
            return "posting '\(key)' debits and credits the same account \(account)"
        case .duplicateKey(let key):
            return "posting key '\(key)' is used more than once"
        case .unknownLot(let key, let lotKey):
            return "posting '\(key)' names lot '\(lotKey)', which does not exist"
        case .wrongAccounts(let key, let debit, let credit):
            return "posting '\(key)' should debit \(debit) and credit \(credit)"
        case .duplicateLot(let key):
            return "lot key '\(key)' is used more than once"
        case .negativeLotCounter(let key, let counter, let value):
            return "lot '\(key)' has \(counter) = \(value), below zero"
        case .lotOverdrawn(let key, let points, let consumed):
            return "lot '\(key)' gave out \(consumed) of its \(points) points"
        case .lotCounterMismatch(let key, let counter, let lot, let postings):
            return "lot '\(key)' records \(counter) = \(lot) but its postings add up to \(postings)"
        case .lotStateInconsistent(let key, let reason):
            return "lot '\(key)': \(reason)"
        case .customerBalanceMismatch(let customer, let postings, let lots):
            return "customer '\(customer)' has \(postings) points from postings but \(lots) from lots minus debt"
        case .debtMismatch(let customer, let recorded, let fromLots):
            return "customer '\(customer)' owes \(recorded) points but the lots account for \(fromLots)"
        case .negativeDebt(let customer, let debt):
            return "customer '\(customer)' has a negative debt of \(debt)"
        case .cachedBalanceMismatch(let account, let cached, let derived):
            return "account \(account) is cached at \(cached) but its postings add up to \(derived)"
        }
    }
}
