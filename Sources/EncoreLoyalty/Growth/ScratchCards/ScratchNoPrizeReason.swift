/// Why a card shows no prize; `rawValue` is the stable code stored with the card.
public enum ScratchNoPrizeReason: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// The weights picked "no prize".
    case noPrizeDrawn = "no_prize_drawn"
    /// The customer already has as many cards as the campaign allows.
    case customerCardCap = "customer_card_cap"
    /// The campaign already issued all its cards.
    case campaignCardCap = "campaign_card_cap"
    /// The customer already won as many prizes as the campaign allows.
    case customerPrizeCap = "customer_prize_cap"
    /// The campaign already awarded all its prizes.
    case campaignPrizeCap = "campaign_prize_cap"
    /// The drawn prize costs more than the budget left.
    case budgetExhausted = "budget_exhausted"

    /// The stable code, e.g. "budget_exhausted".
    public var code: String { rawValue }

    /// A sentence for people.
    public var description: String {
        switch self {
        case .noPrizeDrawn: return "the draw picked no prize"
        case .customerCardCap: return "the customer has reached the campaign's card limit"
        case .campaignCardCap: return "the campaign has issued all its cards"
        case .customerPrizeCap: return "the customer has reached the campaign's prize limit"
        case .campaignPrizeCap: return "the campaign has awarded all its prizes"
        case .budgetExhausted: return "the drawn prize costs more than the budget left"
        }
    }
}
