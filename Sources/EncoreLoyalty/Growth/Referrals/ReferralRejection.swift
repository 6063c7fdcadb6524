/// Why a referral is refused; `rawValue` is the stable code to store.
public enum ReferralRejection: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// The friend is the referrer's own customer record.
    case selfReferral = "self_referral"
    /// Both have the same email once normalised.
    case sameEmail = "same_email"
    /// Both have the same phone number (last digits).
    case samePhone = "same_phone"
    /// Both ship to the same address once normalised.
    case sameAddress = "same_address"
    /// Too many referrals came from the same IP address in the last 24 hours.
    case ipVelocity = "ip_velocity"
    /// The friend has ordered before, so this is not a new customer.
    case notFirstOrder = "not_first_order"
    /// The friend's first order was cancelled or refunded in full before its return window closed.
    case orderReturned = "order_returned"

    /// The stable code, e.g. "same_email".
    public var code: String { rawValue }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .selfReferral: return "customers cannot refer themselves"
        case .sameEmail: return "the friend's email address is the referrer's"
        case .samePhone: return "the friend's phone number is the referrer's"
        case .sameAddress: return "the friend's shipping address is the referrer's"
        case .ipVelocity: return "too many referrals from the same network address in the last 24 hours"
        case .notFirstOrder: return "the friend is not a new customer: referral rewards are for a first order"
        case .orderReturned: return "the friend's first order was cancelled or refunded before its return window closed"
        }
    }
}
