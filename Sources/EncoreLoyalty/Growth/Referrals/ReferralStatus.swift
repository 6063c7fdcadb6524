/// Where a referral stands; `rawValue` is what is stored.
public enum ReferralStatus: String, Hashable, Sendable, CaseIterable, Codable {
    /// The friend accepted the invitation and has not ordered yet.
    case invited
    /// The friend's first order was placed; both are credited once its return window closes.
    case ordered
    /// Both were credited.
    case credited
    /// Refused by a fraud check or because the order came back; the reason is kept.
    case rejected
}
