/// One line of a settlement: how many rewards and how much, for a partner (and an offer) in one unit.
public struct AlliedSettlementLine: Hashable, Sendable {
    /// The partner.
    public var partnerID: Int64
    /// The offer; nil on a partner's total line.
    public var offerKey: String?
    /// The unit the amounts are in.
    public var unit: AlliedRewardUnit
    /// Rewards counted.
    public var count: Int64
    /// Their amounts added up.
    public var amount: Int64

    /// A line as given.
    public init(partnerID: Int64, offerKey: String?, unit: AlliedRewardUnit, count: Int64, amount: Int64) {
        self.partnerID = partnerID
        self.offerKey = offerKey
        self.unit = unit
        self.count = count
        self.amount = amount
    }
}
