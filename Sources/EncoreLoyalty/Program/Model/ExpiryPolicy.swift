import EncoreCore

/// When points expire: each lot a number of days after it was earned, and/or the whole balance
/// after months without a purchase; with a warning some days before (which triggers a journey).
/// With neither set, points never expire.
public struct ExpiryPolicy: Hashable, Sendable, Codable {
    /// Days after which an earned lot expires; nil: lots do not expire by age.
    public var lotDays: Int?
    /// Calendar months without a purchase after which the whole balance expires; nil: never.
    public var inactivityMonths: Int?
    /// Days before an expiry that the warning is due.
    public var warningDays: Int

    /// The warning's default lead time.
    public static let defaultWarningDays = 30

    /// A policy.
    public init(lotDays: Int? = nil, inactivityMonths: Int? = nil, warningDays: Int = ExpiryPolicy.defaultWarningDays) {
        self.lotDays = lotDays
        self.inactivityMonths = inactivityMonths
        self.warningDays = warningDays
    }

    /// Points never expire.
    public static let never = ExpiryPolicy()

    /// Whether any expiry applies.
    public var expires: Bool { lotDays != nil || inactivityMonths != nil }

    /// When a lot earned at `earnedAt` expires; nil without lot expiry.
    public func lotExpiresAt(earnedAt: Timestamp) -> Timestamp? {
        lotDays.map { ProgramCalendar.adding(days: Int64($0), to: earnedAt) }
    }

    /// When the whole balance expires if nothing is bought after `lastPurchaseAt` (the same time
    /// of day, `inactivityMonths` calendar months later, UTC); nil without inactivity expiry.
    public func inactivityExpiresAt(lastPurchaseAt: Timestamp) -> Timestamp? {
        inactivityMonths.map { ProgramCalendar.adding(months: $0, to: lastPurchaseAt) }
    }

    /// The earlier of the lot's and the balance's expiry; nil when neither applies.
    public func expiresAt(lotEarnedAt: Timestamp, lastPurchaseAt: Timestamp?) -> Timestamp? {
        let byAge = lotExpiresAt(earnedAt: lotEarnedAt)
        let byInactivity = lastPurchaseAt.flatMap { inactivityExpiresAt(lastPurchaseAt: $0) }
        switch (byAge, byInactivity) {
        case (let age?, let idle?): return min(age, idle)
        case (let age?, nil): return age
        case (nil, let idle?): return idle
        case (nil, nil): return nil
        }
    }

    /// When to warn about an expiry at `expiresAt`: `warningDays` days before it.
    public func warningAt(expiresAt: Timestamp) -> Timestamp {
        ProgramCalendar.adding(days: -Int64(warningDays), to: expiresAt)
    }
}

extension ExpiryPolicy {
    /// The end of the announcement window that starts at `now`: expiries by then are announced.
    public func warningHorizon(from now: Timestamp) -> Timestamp {
        ProgramCalendar.adding(days: Int64(warningDays), to: now)
    }

    /// Customers whose last purchase is at or before this instant may have had their balance
    /// expire by `instant` (a few days' margin for months of different lengths: check each with
    /// `inactivityExpiresAt`); nil without inactivity expiry.
    public func inactivityCandidates(by instant: Timestamp) -> Timestamp? {
        inactivityMonths.map { ProgramCalendar.adding(days: 4, to: ProgramCalendar.adding(months: -$0, to: instant)) }
    }
}
