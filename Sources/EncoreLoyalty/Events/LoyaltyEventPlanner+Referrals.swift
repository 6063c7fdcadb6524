import EncoreCore

extension LoyaltyEventPlanner {
    /// The source of the points a referred friend is given (apart from `action:referral`, the
    /// referrer's, so a friend's welcome never counts against their own referral caps).
    public static let referredSource = "action:referred"

    /// The two earnings of a referral credited at `at`: the referrer's under the `referral`
    /// rule's caps (given `earlier` referral awards) and the friend's, the rule's points, once.
    /// Either is nil when the program has no `referral` rule or (the referrer's) a cap is used up.
    /// Keys are built from the referral's id, so crediting again is a replay.
    public func referral(
        id: String, at: Timestamp, program: LoyaltyProgram, version: Int, earlier: [(at: Timestamp, points: Int64)]
    ) throws(LedgerError) -> (referrer: LoyaltyStep?, friend: LoyaltyStep?) {
        guard let rule = program.rule(for: .referral) else { return (nil, nil) }
        let referrer = try action(
            .referral, sourceID: "referral-\(id)", at: at, program: program, version: version, earlier: earlier)
        let key = try PostingKey(
            store: storeID, source: Self.referredSource, sourceID: "referral-\(id)", ruleVersion: version)
        let friend = LoyaltyStep.earn(
            key: key, points: rule.points, source: Self.referredSource, at: at, availableAt: at,
            expiresAt: program.expiry.lotExpiresAt(earnedAt: at), reason: "welcome points for joining through a friend")
        return (referrer, friend)
    }
}
