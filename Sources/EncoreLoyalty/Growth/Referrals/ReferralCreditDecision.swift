import EncoreCore

/// What to do with a referral whose friend has placed a first order: wait, credit both, or
/// refuse because the order came back. Pure: the caller passes what it knows of the order.
public enum ReferralCreditDecision: Hashable, Sendable {
    /// Not yet: the order is not delivered, or its return window is still open (until `until`, when known).
    case wait(until: Timestamp?)
    /// The return window closed at `at` with the order kept: credit the referrer and the friend.
    case credit(at: Timestamp)
    /// The order was cancelled or refunded in full.
    case reject(ReferralRejection)

    /// The decision for an order that is `cancelled` or not, with `refunded` of `total` minor
    /// units refunded, delivered at `deliveredAt` (nil: not yet), under a return window of
    /// `returnWindowDays` days, at `now`. A partial refund keeps the referral: the friend kept
    /// part of the first order.
    public static func decide(
        cancelled: Bool, refunded: Int64, total: Int64, deliveredAt: Timestamp?, returnWindowDays: Int, now: Timestamp
    ) -> ReferralCreditDecision {
        if cancelled || (total > 0 && refunded >= total) { return .reject(.orderReturned) }
        guard let deliveredAt else { return .wait(until: nil) }
        let closes = deliveredAt.adding(seconds: Int64(max(0, returnWindowDays)) * 86_400)
        return closes <= now ? .credit(at: closes) : .wait(until: closes)
    }
}
