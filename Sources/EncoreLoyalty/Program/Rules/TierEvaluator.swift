import EncoreCore

/// Decides a customer's tier from their qualifying history. Pure: the caller passes the history,
/// the stored tier and `now`.
///
/// The qualifying amount is the sum of the history in the window of `windowMonths` calendar months
/// ending at the instant considered (both ends included). Upgrades happen at once under every
/// policy. Downgrades: `never` keeps the highest tier reached; `rolling` follows the window;
/// `anniversary` reviews the tier on each anniversary of `reachedAt` (the qualifying amount as of
/// that anniversary), keeping it if it still qualifies, else dropping to what qualified then, dated
/// that anniversary. A manual floor (a tier key set by an admin) is never gone below. An unknown
/// stored tier counts as none; an unknown floor is ignored.
public enum TierEvaluator {
    /// The customer's tier now; nil only when the policy has no tiers.
    public static func evaluate(
        policy: TierPolicy, history: [QualifyingActivity], now: Timestamp, current: CurrentTier?, floor: String? = nil
    ) -> TierEvaluation? {
        let tiers = policy.tiers.sorted { $0.threshold < $1.threshold }
        guard !tiers.isEmpty else { return nil }
        func qualifying(at instant: Timestamp) -> Int64 {
            policy.qualifying(history: history, asOf: instant)
        }
        func earned(_ amount: Int64) -> Int { tiers.lastIndex { $0.threshold <= amount } ?? 0 }
        let amountNow = qualifying(at: now)
        let earnedNow = earned(amountNow)
        let held = current.flatMap { stored in tiers.firstIndex { $0.key == stored.key }.map { ($0, stored.reachedAt) }
        }
        var index = earnedNow
        var reachedAt = now
        if let (heldIndex, heldSince) = held, earnedNow <= heldIndex {
            switch policy.downgrade {
            case .rolling:
                if earnedNow == heldIndex { reachedAt = heldSince }
            case .never:
                (index, reachedAt) = (heldIndex, heldSince)
            case .anniversary:
                (index, reachedAt) = (heldIndex, heldSince)
                if let review = lastAnniversary(of: heldSince, atOrBefore: now) {
                    let then = min(earned(qualifying(at: review)), heldIndex)
                    if then < heldIndex { (index, reachedAt) = (then, review) }
                    if earnedNow > index { (index, reachedAt) = (earnedNow, now) }
                }
            }
        }
        if let floor, let floorIndex = tiers.firstIndex(where: { $0.key == floor }), floorIndex > index {
            index = floorIndex
            reachedAt = held.flatMap { $0.0 == floorIndex ? $0.1 : nil } ?? now
        }
        return TierEvaluation(
            tier: tiers[index], reachedAt: reachedAt, change: change(to: index, from: held?.0, tiers: tiers),
            qualifying: amountNow, progress: progress(from: index, amount: amountNow, tiers: tiers))
    }

    /// The latest anniversary (a whole number of years, at least one, after `since`) not after `now`.
    static func lastAnniversary(of since: Timestamp, atOrBefore now: Timestamp) -> Timestamp? {
        let years =
            ISO8601.civilFromDays(Int(ProgramCalendar.day(of: now))).year
            - ISO8601.civilFromDays(Int(ProgramCalendar.day(of: since))).year
        for count in stride(from: years, through: 1, by: -1) {
            let anniversary = ProgramCalendar.adding(months: 12 * count, to: since)
            if anniversary <= now { return anniversary }
        }
        return nil
    }

    private static func change(to index: Int, from held: Int?, tiers: [Tier]) -> TierChange {
        guard let held else { return index == 0 ? .unchanged : .up(from: nil) }
        if index > held { return .up(from: tiers[held].key) }
        if index < held { return .down(from: tiers[held].key) }
        return .unchanged
    }

    private static func progress(from index: Int, amount: Int64, tiers: [Tier]) -> TierProgress? {
        guard index + 1 < tiers.count else { return nil }
        let next = tiers[index + 1]
        let remaining = max(1, next.threshold - max(0, amount))
        let perMille = next.threshold > 0 ? ProgramMath.floorMulDiv(max(0, amount), 1000, next.threshold) : 999
        return TierProgress(nextKey: next.key, remaining: remaining, perMille: Int(min(999, perMille)))
    }
}

extension TierPolicy {
    /// The sum of `history` in the window of `windowMonths` calendar months ending at `instant`,
    /// both ends included.
    public func qualifying(history: [QualifyingActivity], asOf instant: Timestamp) -> Int64 {
        let start = ProgramCalendar.adding(months: -windowMonths, to: instant)
        return history.reduce(Int64(0)) { sum, item in
            guard item.at >= start && item.at <= instant else { return sum }
            let (total, overflow) = sum.addingReportingOverflow(item.amount)
            return overflow ? (item.amount > 0 ? .max : .min) : total
        }
    }
}
