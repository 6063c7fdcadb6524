import EncoreCore

extension LoyaltyProgram {
    /// The built-in program `encore loyalty apply --defaults` publishes, in USD: exactly what
    /// `defaultsYAML` loads to.
    public static let defaults = defaults(currency: .usd)

    /// The built-in program with its amounts in `currency`, the same number of major units (5.00
    /// off becomes 5 JPY off): 1 point per unit spent, pending until the return window closes;
    /// action points (sign-up 50, review 25 at most 3 a day, NPS answer 10, referral 200 at most 10 a
    /// month, birthday 100); bronze, silver (500) and gold (1500) by 12-month spend with multipliers
    /// 1, 1.25 and 1.5, reviewed on the anniversary; 5.00 off for 500 points, free shipping for 300,
    /// 10% off for 1000, issued by webhook; lots expire after 365 days with a warning 30 days
    /// before; refunds of spent points may take the balance below zero.
    public static func defaults(currency: Currency) -> LoyaltyProgram {
        let major = currency.minorUnitsPerMajor
        return LoyaltyProgram(
            currency: currency,
            purchase: PurchaseRule(pointsPerUnit: 1, unitAmount: major),
            actions: [
                ActionRule(action: .signUp, points: 50),
                ActionRule(action: .review, points: 25, caps: [Cap(period: .day, maxCount: 3)]),
                ActionRule(action: .npsAnswer, points: 10),
                ActionRule(action: .referral, points: 200, caps: [Cap(period: .month, maxCount: 10)]),
                ActionRule(action: .birthday, points: 100),
            ],
            tiers: TierPolicy(
                basis: .spend, windowMonths: 12, downgrade: .anniversary,
                tiers: [
                    Tier(key: "bronze", name: "Bronze", threshold: 0, multiplier: .one),
                    Tier(key: "silver", name: "Silver", threshold: 500 * major, multiplier: Multiplier(perMille: 1250)),
                    Tier(key: "gold", name: "Gold", threshold: 1500 * major, multiplier: Multiplier(perMille: 1500)),
                ]),
            rewards: [
                Reward(
                    key: "five-off",
                    name: "\(Money.format(minorUnits: 5 * major, exponent: currency.exponent)) off your next order",
                    kind: .fixedDiscount(amount: 5 * major),
                    cost: 500, fulfilment: .webhook),
                Reward(
                    key: "free-shipping", name: "Free shipping", kind: .freeShipping, cost: 300, fulfilment: .webhook),
                Reward(
                    key: "ten-percent-off", name: "10% off your next order", kind: .percentageDiscount(percent: 10),
                    cost: 1000, fulfilment: .webhook),
            ],
            expiry: ExpiryPolicy(lotDays: 365, warningDays: 30),
            reversalPolicy: .negativeBalance)
    }
}
