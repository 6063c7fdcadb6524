import EncoreCore

/// One earning of points with its own availability and expiry, and counters of where its points
/// went. Storage keeps one row per lot and overwrites the counters inside the transaction that
/// inserts the matching postings.
///
/// What is left is `points - spent - expired - reversed - appliedToDebt`. `clawedBack` and
/// `shortfall` count points refunds asked back after they were already used: as a debt
/// (`negativeBalance`) or forgiven and reported (`cappedShortfall`); together they never exceed
/// the used points (`spent + appliedToDebt`).
public struct PointLot: Hashable, Sendable {
    /// Unique: the text of the earning event's ``PostingKey``.
    public var key: String
    /// The customer who owns the points.
    public var customerKey: String
    /// What the points were earned for, e.g. "order:1001".
    public var source: String
    /// The account that pays for the points: `liability`, or `partner(id)` for allied brands.
    public var fundingAccount: LoyaltyAccount
    /// Points earned.
    public var points: Int64
    /// Points redeemed from this lot.
    public var spent: Int64
    /// Points that expired.
    public var expired: Int64
    /// Points taken back by refunds from what was left.
    public var reversed: Int64
    /// Points used to pay off the customer's debt when the lot was earned.
    public var appliedToDebt: Int64
    /// Points refunds asked back after they were used, charged to the customer as a debt.
    public var clawedBack: Int64
    /// Points refunds asked back after they were used and that were forgiven (reported).
    public var shortfall: Int64
    /// When the points were earned; spending takes the oldest lots first.
    public var earnedAt: Timestamp
    /// When the points become spendable (the close of the order's return window); nil while
    /// not known yet, e.g. before delivery: the lot stays pending.
    public var availableAt: Timestamp?
    /// When what is left expires; nil for never.
    public var expiresAt: Timestamp?

    /// A lot with every field given, as storage reads it back.
    public init(
        key: String, customerKey: String, source: String, fundingAccount: LoyaltyAccount = .liability,
        points: Int64, spent: Int64 = 0, expired: Int64 = 0, reversed: Int64 = 0, appliedToDebt: Int64 = 0,
        clawedBack: Int64 = 0, shortfall: Int64 = 0, earnedAt: Timestamp, availableAt: Timestamp?,
        expiresAt: Timestamp?
    ) {
        self.key = key
        self.customerKey = customerKey
        self.source = source
        self.fundingAccount = fundingAccount
        self.points = points
        self.spent = spent
        self.expired = expired
        self.reversed = reversed
        self.appliedToDebt = appliedToDebt
        self.clawedBack = clawedBack
        self.shortfall = shortfall
        self.earnedAt = earnedAt
        self.availableAt = availableAt
        self.expiresAt = expiresAt
    }

    /// Points still in the lot (pending or available).
    public var remaining: Int64 { points &- spent &- expired &- reversed &- appliedToDebt }

    /// Whether points are left (storage's "open lots").
    public var isOpen: Bool { remaining > 0 }

    /// Points that have left the lot by being used: spent, or applied to a debt.
    public var used: Int64 { spent &+ appliedToDebt }

    /// Used points a refund could still ask back (neither charged nor forgiven yet).
    public var reclaimable: Int64 { max(0, used &- clawedBack &- shortfall) }

    /// Whether the remaining points can be spent at `now`: the lot has points left and its
    /// `availableAt` is known and has come.
    public func isAvailable(at now: Timestamp) -> Bool {
        guard remaining > 0, let availableAt else { return false }
        return availableAt <= now
    }

    /// Whether the lot's own expiry has come at `now` and points are left to expire.
    public func isDueToExpire(at now: Timestamp) -> Bool {
        guard remaining > 0, let expiresAt else { return false }
        return expiresAt <= now
    }

    /// The lot's state at `now` (see ``LotState``).
    public func state(at now: Timestamp) -> LotState {
        if remaining > 0 { return isAvailable(at: now) ? .available : .pending }
        if used >= expired && used >= reversed && used > 0 { return .spent }
        if expired >= reversed && expired > 0 { return .expired }
        return .reversed
    }
}
