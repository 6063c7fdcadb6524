/// A prize a scratch card can reveal: its key, the label on the card, its weight in the draw and
/// what it costs the campaign's budget when awarded.
public struct ScratchPrize: Hashable, Sendable {
    /// Unique within the campaign, stored with every card.
    public var key: String
    /// What the card says, e.g. "Free tote bag".
    public var label: String
    /// Relative chance of being drawn; greater than 0.
    public var weight: Int64
    /// Drawn from the budget when awarded, in the campaign's budget unit; 0 or more.
    public var cost: Int64

    /// A prize as given (checked by `ScratchCampaign.validate()`).
    public init(key: String, label: String, weight: Int64, cost: Int64) {
        self.key = key
        self.label = label
        self.weight = weight
        self.cost = cost
    }
}
