/// The customer actions, other than purchases, that can earn points.
public enum LoyaltyAction: String, CaseIterable, Hashable, Sendable, Codable {
    /// Creating an account.
    case signUp = "sign_up"
    /// A published product review.
    case review
    /// Answering an NPS survey.
    case npsAnswer = "nps_answer"
    /// A referred friend's first order.
    case referral
    /// The customer's birthday (see `BirthdayRule`).
    case birthday
}

/// Points for one action, with optional caps per period.
///
/// The birthday action is also limited by `BirthdayRule` (set at least 30 days earlier, once a year).
public struct ActionRule: Hashable, Sendable, Codable {
    /// The action rewarded.
    public var action: LoyaltyAction
    /// Points per occurrence; positive.
    public var points: Int64
    /// Limits per period; empty for none.
    public var caps: [Cap]

    /// A rule giving `points` for each `action`, under `caps`.
    public init(action: LoyaltyAction, points: Int64, caps: [Cap] = []) {
        self.action = action
        self.points = points
        self.caps = caps
    }

    /// The points to award now for one occurrence, given the usage counted in each capped period.
    public func allowance(usage: [CapPeriod: CapUsage]) -> Int64 {
        Cap.allowance(caps, requested: points, usage: usage)
    }
}
