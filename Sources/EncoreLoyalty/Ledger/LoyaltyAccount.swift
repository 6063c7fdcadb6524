/// An account of the points ledger. Every posting moves points from one account (the debit) to
/// another (the credit), so the balances of all accounts always sum to zero.
///
/// A customer's balance is credits minus debits on `customer(key)`; the program's `liability`
/// and each allied partner's funding account go negative by the points they have issued and
/// not yet taken back.
public enum LoyaltyAccount: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One customer's points, named by the customer's key.
    case customer(String)
    /// The program's own liability: the counter account of points the store funds itself.
    case liability
    /// An allied partner's funding account, for points the partner pays for.
    case partner(String)

    /// The stable text stored in a database column: "customer:KEY", "liability" or "partner:ID".
    public var code: String {
        switch self {
        case .customer(let key): return "customer:" + key
        case .liability: return "liability"
        case .partner(let id): return "partner:" + id
        }
    }

    /// The account a stored `code` names; nil for anything `code` never produces
    /// (unknown prefix, or an empty key or id). Keys may themselves contain ":".
    public init?(code: String) {
        if code == "liability" {
            self = .liability
            return
        }
        guard let colon = code.firstIndex(of: ":") else { return nil }
        let name = String(code[code.index(after: colon)...])
        guard !name.isEmpty else { return nil }
        switch code[..<colon] {
        case "customer": self = .customer(name)
        case "partner": self = .partner(name)
        default: return nil
        }
    }

    /// Whether this is a customer's account (as opposed to a funding account).
    public var isCustomer: Bool {
        if case .customer = self { return true }
        return false
    }

    /// Orders accounts by their code, so reports and breach lists are deterministic.
    public static func < (lhs: LoyaltyAccount, rhs: LoyaltyAccount) -> Bool { lhs.code < rhs.code }

    /// The account's code.
    public var description: String { code }
}
