import EncoreCore

/// A reward given under an allied offer, as recorded for settlement with the partner.
public struct AlliedIssuedReward: Hashable, Sendable {
    /// The partner that funds it.
    public var partnerID: Int64
    /// The offer it was given under.
    public var offerKey: String
    /// The unit of `amount`.
    public var unit: AlliedRewardUnit
    /// The amount given, in `unit`.
    public var amount: Int64
    /// When it was given.
    public var at: Timestamp

    /// A record as given.
    public init(partnerID: Int64, offerKey: String, unit: AlliedRewardUnit, amount: Int64, at: Timestamp) {
        self.partnerID = partnerID
        self.offerKey = offerKey
        self.unit = unit
        self.amount = amount
        self.at = at
    }
}
