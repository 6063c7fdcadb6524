import EncoreCore

/// Purchase points, exactly: no floating point anywhere.
///
/// Each line counts for its total less its share of the order-level discounts (the order's
/// discounts beyond the sum of line discounts, split over the lines in proportion to their totals);
/// excluded lines count 0; shipping and tax never count. The order earns
/// `floor(eligible × pointsPerUnit × multiplier / unitAmount)` points, split over the lines in
/// proportion to their eligible amounts by largest remainder, so the lines sum exactly to it.
public enum EarningCalculator {
    /// The points `order` earns under `rule` at `multiplier`. Cancelled or voided orders, orders in
    /// another currency, a nil rule and an eligible subtotal below the minimum earn 0 (with the
    /// reason in `skipped`).
    public static func earning(
        for order: Order, rule: PurchaseRule?, currency: Currency, multiplier: Multiplier
    ) -> PurchaseEarning {
        func result(_ amounts: [Int64], _ points: [Int64], _ skipped: EarningSkip?) -> PurchaseEarning {
            let lines = order.lines.indices.map {
                LineEarning(lineKey: order.lines[$0].key, eligibleAmount: amounts[$0], points: points[$0])
            }
            return PurchaseEarning(
                orderKey: order.key, orderTotal: order.total, multiplier: multiplier, lines: lines, skipped: skipped)
        }
        let zeros = order.lines.map { _ in Int64(0) }
        guard let rule else { return result(zeros, zeros, .noPurchaseRule) }
        if order.cancelledAt != nil || order.financialStatus == .voided { return result(zeros, zeros, .cancelled) }
        guard order.currency == currency else { return result(zeros, zeros, .currencyMismatch) }
        let amounts = eligibleAmounts(for: order, rule: rule)
        let eligible = amounts.reduce(0, +)
        if eligible < rule.minimumOrder { return result(amounts, zeros, .belowMinimum) }
        let total = points(eligible: eligible, rule: rule, multiplier: multiplier)
        return result(amounts, ProgramMath.largestRemainder(total, weights: amounts), nil)
    }

    /// The amount each line counts for, minor units, in line order: the line's total (never
    /// negative) less its share of the order-level discounts; 0 for excluded lines.
    public static func eligibleAmounts(for order: Order, rule: PurchaseRule) -> [Int64] {
        let totals = order.lines.map { max(0, $0.total) }
        let lineDiscounts = order.lines.reduce(Int64(0)) { $0 + max(0, $1.discount) }
        let orderLevel = min(max(0, order.discounts - lineDiscounts), totals.reduce(0, +))
        let shares = ProgramMath.largestRemainder(orderLevel, weights: totals)
        return order.lines.indices.map { index in
            rule.excludes(order.lines[index]) ? 0 : max(0, totals[index] - shares[index])
        }
    }

    /// `floor(eligible × pointsPerUnit × multiplier / unitAmount)` computed exactly, clamped to
    /// `Int64`; 0 for a non-positive amount or unit.
    public static func points(eligible: Int64, rule: PurchaseRule, multiplier: Multiplier) -> Int64 {
        guard eligible > 0, rule.unitAmount > 0 else { return 0 }
        let rate = Int128(rule.pointsPerUnit) * Int128(multiplier.perMille)
        let (numerator, overflow) = Int128(eligible).multipliedReportingOverflow(by: rate)
        if overflow { return rate > 0 ? .max : 0 }
        return Int64(clamping: max(0, numerator / (Int128(rule.unitAmount) * 1000)))
    }
}
