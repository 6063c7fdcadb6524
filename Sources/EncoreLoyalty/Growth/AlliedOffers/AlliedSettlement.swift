import EncoreCore

/// What each partner owes for the allied rewards given in a period, per offer and in total.
public struct AlliedSettlement: Hashable, Sendable {
    /// Rewards from this instant count (inclusive).
    public var from: Timestamp
    /// Rewards before this instant count (exclusive).
    public var to: Timestamp
    /// Per partner, offer and unit; sorted by partner, offer key, then unit (points before currencies).
    public var offers: [AlliedSettlementLine]
    /// Per partner and unit (offerKey nil); sorted by partner, then unit.
    public var partners: [AlliedSettlementLine]

    /// The settlement of the `rewards` given in `from ..< to`; others are ignored.
    public init(rewards: [AlliedIssuedReward], from: Timestamp, to: Timestamp) {
        self.from = from
        self.to = to
        var offerTotals: [OfferKey: (count: Int64, amount: Int64)] = [:]
        var partnerTotals: [OfferKey: (count: Int64, amount: Int64)] = [:]
        for reward in rewards where reward.at >= from && reward.at < to {
            let offer = OfferKey(partnerID: reward.partnerID, offerKey: reward.offerKey, unit: reward.unit)
            let partner = OfferKey(partnerID: reward.partnerID, offerKey: nil, unit: reward.unit)
            offerTotals[offer, default: (0, 0)].count += 1
            offerTotals[offer, default: (0, 0)].amount += reward.amount
            partnerTotals[partner, default: (0, 0)].count += 1
            partnerTotals[partner, default: (0, 0)].amount += reward.amount
        }
        offers = AlliedSettlement.lines(offerTotals)
        partners = AlliedSettlement.lines(partnerTotals)
    }

    private struct OfferKey: Hashable {
        var partnerID: Int64
        var offerKey: String?
        var unit: AlliedRewardUnit
    }

    private static func lines(_ totals: [OfferKey: (count: Int64, amount: Int64)]) -> [AlliedSettlementLine] {
        totals.map { key, total in
            AlliedSettlementLine(
                partnerID: key.partnerID, offerKey: key.offerKey, unit: key.unit, count: total.count,
                amount: total.amount)
        }
        .sorted { a, b in
            if a.partnerID != b.partnerID { return a.partnerID < b.partnerID }
            if a.offerKey != b.offerKey { return (a.offerKey ?? "") < (b.offerKey ?? "") }
            return a.unit < b.unit
        }
    }
}
