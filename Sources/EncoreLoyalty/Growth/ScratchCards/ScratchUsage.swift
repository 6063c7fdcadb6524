/// What a campaign has given so far, before the card being drawn: the caller reads it from storage.
public struct ScratchUsage: Hashable, Sendable {
    /// Sum of the costs of prizes awarded so far, in the budget unit.
    public var budgetSpent: Int64
    /// Cards issued so far by the campaign.
    public var cardsIssued: Int64
    /// Prizes awarded so far by the campaign.
    public var prizesAwarded: Int64
    /// Cards this customer received so far.
    public var customerCards: Int64
    /// Prizes this customer won so far.
    public var customerPrizes: Int64

    /// Usage as given; the defaults describe a fresh campaign.
    public init(
        budgetSpent: Int64 = 0, cardsIssued: Int64 = 0, prizesAwarded: Int64 = 0, customerCards: Int64 = 0,
        customerPrizes: Int64 = 0
    ) {
        self.budgetSpent = budgetSpent
        self.cardsIssued = cardsIssued
        self.prizesAwarded = prizesAwarded
        self.customerCards = customerCards
        self.customerPrizes = customerPrizes
    }
}
