import EncoreCore
import EncoreLoyalty
import Foundation

/// A scratch-card campaign as stored: its definition, the smallest order that gets a card, and
/// the secret its cards are drawn from (HMAC-SHA256 of "campaign|order" under it).
public struct ScratchCampaignRecord: Sendable, Hashable {
    public var campaign: ScratchCampaign
    /// Minor units of the store's currency; 0 for every order.
    public var minimumOrder: Int64
    public var seed: String
    public var createdAt: Timestamp

    public init(campaign: ScratchCampaign, minimumOrder: Int64, seed: String, createdAt: Timestamp) {
        self.campaign = campaign
        self.minimumOrder = minimumOrder
        self.seed = seed
        self.createdAt = createdAt
    }
}

/// One card: decided and stored when the order qualified, shown on the order's receipt.
public struct ScratchCard: Sendable, Hashable {
    public var campaignKey: String
    public var orderKey: String
    public var customerKey: String
    /// The 64-bit roll from the HMAC and the ticket it drew (decimal), kept for audit.
    public var roll: UInt64
    public var ticket: UInt64
    public var prizeKey: String?
    public var prizeLabel: String?
    /// Why there is no prize, when there is none.
    public var reason: ScratchNoPrizeReason?
    /// What the prize took from the campaign's budget.
    public var cost: Int64
    public var issuedAt: Timestamp
    public var revealedAt: Timestamp?

    public init(
        campaignKey: String, orderKey: String, customerKey: String, roll: UInt64, ticket: UInt64, prizeKey: String?,
        prizeLabel: String?, reason: ScratchNoPrizeReason?, cost: Int64, issuedAt: Timestamp, revealedAt: Timestamp?
    ) {
        self.campaignKey = campaignKey
        self.orderKey = orderKey
        self.customerKey = customerKey
        self.roll = roll
        self.ticket = ticket
        self.prizeKey = prizeKey
        self.prizeLabel = prizeLabel
        self.reason = reason
        self.cost = cost
        self.issuedAt = issuedAt
        self.revealedAt = revealedAt
    }
}

/// What a campaign has given so far.
public struct ScratchTotals: Sendable, Hashable {
    public var cards: Int64
    public var prizes: Int64
    public var budgetSpent: Int64
    public var revealed: Int64

    public init(cards: Int64, prizes: Int64, budgetSpent: Int64, revealed: Int64) {
        self.cards = cards
        self.prizes = prizes
        self.budgetSpent = budgetSpent
        self.revealed = revealed
    }
}

/// Scratch-card campaigns and their cards.
public protocol ScratchStorage: Sendable {
    /// Stores a new campaign; `StorageError.conflict` when the store has one with that key.
    func createScratchCampaign(storeID: StoreID, record: ScratchCampaignRecord) async throws
    func scratchCampaigns(storeID: StoreID) async throws -> [ScratchCampaignRecord]

    /// The order's card of the campaign: the one stored, or, in one transaction holding the
    /// campaign's lock, the campaign's usage so far (budget, cards and prizes, the customer's)
    /// handed to `draw` and the card it decides stored. Concurrent orders never overspend the
    /// budget or a cap.
    func issueScratchCard(
        storeID: StoreID, campaignKey: String, orderKey: String, customerKey: String, now: Timestamp,
        draw: @escaping @Sendable (ScratchUsage) throws -> ScratchOutcome
    ) async throws -> ScratchCard

    /// The order's cards, by campaign key.
    func scratchCards(storeID: StoreID, orderKey: String) async throws -> [ScratchCard]

    /// Marks the card scratched (the first time only) and returns it; nil when there is none.
    func revealScratchCard(storeID: StoreID, campaignKey: String, orderKey: String, now: Timestamp) async throws
        -> ScratchCard?

    /// Per campaign key: cards, prizes, budget spent and cards scratched.
    func scratchTotals(storeID: StoreID) async throws -> [String: ScratchTotals]
}

/// The stored JSON of a campaign.
struct ScratchCampaignDocument: Codable {
    struct Prize: Codable {
        var key: String
        var label: String
        var weight: Int64
        var cost: Int64
    }
    var key: String
    var prizes: [Prize]
    var noPrizeWeight: Int64
    /// "points" or a currency code.
    var unit: String
    var budget: Int64
    var cardsPerCustomer: Int64?
    var prizesPerCustomer: Int64?
    var cardsOverall: Int64?
    var prizesOverall: Int64?

    init(_ campaign: ScratchCampaign) {
        key = campaign.key
        prizes = campaign.prizes.map { Prize(key: $0.key, label: $0.label, weight: $0.weight, cost: $0.cost) }
        noPrizeWeight = campaign.noPrizeWeight
        unit = campaign.budgetUnit.description
        budget = campaign.budget
        cardsPerCustomer = campaign.caps.cardsPerCustomer
        prizesPerCustomer = campaign.caps.prizesPerCustomer
        cardsOverall = campaign.caps.cardsOverall
        prizesOverall = campaign.caps.prizesOverall
    }

    var campaign: ScratchCampaign {
        ScratchCampaign(
            key: key, prizes: prizes.map { ScratchPrize(key: $0.key, label: $0.label, weight: $0.weight, cost: $0.cost) },
            noPrizeWeight: noPrizeWeight, budgetUnit: unit == "points" ? .points : .money(Currency(code: unit) ?? .usd),
            budget: budget,
            caps: ScratchCaps(
                cardsPerCustomer: cardsPerCustomer, prizesPerCustomer: prizesPerCustomer, cardsOverall: cardsOverall,
                prizesOverall: prizesOverall))
    }
}
