/// The fraud screen for referrals: refuses self-referrals, shared contacts, bursts from one IP
/// address and friends who are not new customers.
public struct ReferralScreen: Hashable, Sendable {
    /// Referrals already recorded from one IP address in 24 hours beyond which new ones are refused.
    public var maxReferralsPerIPPerDay: Int
    /// How many trailing digits two phone numbers must share to be the same (at least 7).
    public var phoneDigitsCompared: Int

    /// A screen with the given limits (defaults: 5 referrals per IP per day, 9 phone digits).
    public init(maxReferralsPerIPPerDay: Int = 5, phoneDigitsCompared: Int = 9) {
        self.maxReferralsPerIPPerDay = max(0, maxReferralsPerIPPerDay)
        self.phoneDigitsCompared = max(7, phoneDigitsCompared)
    }

    /// Nil when the referral may be rewarded, else the first reason it may not, checked in the
    /// order of `ReferralRejection`: same customer key, email, phone, address, then IP velocity
    /// (`referralsFromSameIPLast24h` counts earlier referrals, not this one: refused once it is
    /// `maxReferralsPerIPPerDay` or more), then a friend with prior orders. Missing or
    /// unparseable contacts never match.
    public func screen(
        referrer: ReferralParty, friend: ReferralParty, friendPriorOrders: Int, referralsFromSameIPLast24h: Int
    ) -> ReferralRejection? {
        if referrer.customerKey == friend.customerKey { return .selfReferral }
        if same(referrer.email, friend.email, by: { ReferralContact.normalizedEmail($0) }) { return .sameEmail }
        let digits = phoneDigitsCompared
        if same(referrer.phone, friend.phone, by: { ReferralContact.phoneSuffix($0, digits: digits) }) {
            return .samePhone
        }
        if same(referrer.shippingAddress, friend.shippingAddress, by: { ReferralContact.normalizedAddress($0) }) {
            return .sameAddress
        }
        if referralsFromSameIPLast24h >= maxReferralsPerIPPerDay { return .ipVelocity }
        if friendPriorOrders > 0 { return .notFirstOrder }
        return nil
    }

    private func same(_ first: String?, _ second: String?, by normal: (String) -> String?) -> Bool {
        guard let first, let second, let a = normal(first), let b = normal(second) else { return false }
        return a == b
    }
}
