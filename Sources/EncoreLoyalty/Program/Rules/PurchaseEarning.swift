/// Why an order earned nothing.
public enum EarningSkip: String, CaseIterable, Hashable, Sendable, Codable {
    /// The order was cancelled (or its payment voided).
    case cancelled
    /// The order is not in the program's currency.
    case currencyMismatch = "currency_mismatch"
    /// The eligible subtotal is below the program's minimum order.
    case belowMinimum = "below_minimum"
    /// The program gives no points for purchases.
    case noPurchaseRule = "no_purchase_rule"
}

/// The points of one order line.
public struct LineEarning: Hashable, Sendable, Codable {
    /// The order line, by its key.
    public var lineKey: String
    /// What the line counts for, minor units: its total less its share of order-level discounts;
    /// 0 for excluded lines.
    public var eligibleAmount: Int64
    /// Points the line earned.
    public var points: Int64

    /// A line's earning.
    public init(lineKey: String, eligibleAmount: Int64, points: Int64) {
        self.lineKey = lineKey
        self.eligibleAmount = eligibleAmount
        self.points = points
    }
}

/// The points an order earns, per line so that refunds can reverse them line by line. Storage
/// keeps it with the ledger entry; `reversal(for:earlierRefunds:)` works from it.
public struct PurchaseEarning: Hashable, Sendable, Codable {
    /// The order, by its key.
    public var orderKey: String
    /// What the customer paid (the order's total), to recognise a full refund.
    public var orderTotal: Int64
    /// The tier multiplier applied.
    public var multiplier: Multiplier
    /// One entry per order line, in the order's line order; points sum to `points`.
    public var lines: [LineEarning]
    /// Why nothing was earned; nil when the rule applied (even if it gave 0 points).
    public var skipped: EarningSkip?

    /// An earning.
    public init(
        orderKey: String, orderTotal: Int64, multiplier: Multiplier, lines: [LineEarning], skipped: EarningSkip? = nil
    ) {
        self.orderKey = orderKey
        self.orderTotal = orderTotal
        self.multiplier = multiplier
        self.lines = lines
        self.skipped = skipped
    }

    /// The points of the whole order.
    public var points: Int64 { lines.reduce(0) { $0 + $1.points } }

    /// The eligible amount of the whole order, minor units.
    public var eligibleTotal: Int64 { lines.reduce(0) { $0 + $1.eligibleAmount } }

    /// The same earning reduced to at most `maximum` points (what a cap allows), the cut spread
    /// over the lines in proportion to their points so they still sum exactly.
    public func capped(to maximum: Int64) -> PurchaseEarning {
        guard points > max(0, maximum) else { return self }
        var copy = self
        let shares = ProgramMath.largestRemainder(max(0, maximum), weights: lines.map(\.points))
        for index in copy.lines.indices { copy.lines[index].points = shares[index] }
        return copy
    }
}
