/// Limits on how many cards and prizes a campaign gives; nil means no limit.
public struct ScratchCaps: Hashable, Sendable {
    /// Cards one customer may receive.
    public var cardsPerCustomer: Int64?
    /// Prizes one customer may win.
    public var prizesPerCustomer: Int64?
    /// Cards the campaign may issue in all.
    public var cardsOverall: Int64?
    /// Prizes the campaign may award in all.
    public var prizesOverall: Int64?

    /// Caps as given; all nil means unlimited.
    public init(
        cardsPerCustomer: Int64? = nil, prizesPerCustomer: Int64? = nil, cardsOverall: Int64? = nil,
        prizesOverall: Int64? = nil
    ) {
        self.cardsPerCustomer = cardsPerCustomer
        self.prizesPerCustomer = prizesPerCustomer
        self.cardsOverall = cardsOverall
        self.prizesOverall = prizesOverall
    }

    /// True when at least one cap is set.
    public var isLimited: Bool {
        cardsPerCustomer != nil || prizesPerCustomer != nil || cardsOverall != nil || prizesOverall != nil
    }
}
