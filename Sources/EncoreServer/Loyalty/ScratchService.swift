import Crypto
import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

/// A campaign definition with problems, each naming its field.
public struct InvalidScratchCampaign: Error, CustomStringConvertible {
    public var errors: [InputError]
    public var description: String { errors.map { "\($0.field): \($0.reason)" }.joined(separator: "; ") }
}

/// Scratch cards: campaigns with a secret seed, one card per qualifying order decided and stored
/// before anyone sees it (the roll is HMAC-SHA256(seed, "campaign|order"), so an auditor with the
/// seed reproduces every card), and the scratch that shows it, granting a points prize once.
public struct ScratchService: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock

    public init(storage: any EncoreStorage, clock: any Clock = SystemClock()) {
        self.storage = storage
        self.clock = clock
    }

    /// Checks and stores a campaign with a fresh 256-bit seed.
    public func create(storeID: StoreID, campaign: ScratchCampaign, minimumOrder: Int64) async throws
        -> ScratchCampaignRecord
    {
        var errors = campaign.validate()
        if minimumOrder < 0 { errors.append(InputError(field: "minimum_order", reason: "must not be negative")) }
        guard errors.isEmpty else { throw InvalidScratchCampaign(errors: errors) }
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let record = ScratchCampaignRecord(campaign: campaign, minimumOrder: minimumOrder, seed: seed, createdAt: clock.now())
        try await storage.createScratchCampaign(storeID: storeID, record: record)
        return record
    }

    /// HMAC-SHA256 of "campaign|order" under the campaign's seed.
    public static func digest(seed: String, campaignKey: String, orderKey: String) -> [UInt8] {
        let key = SymmetricKey(data: Data(seed.utf8))
        return Array(HMAC<SHA256>.authenticationCode(for: Data("\(campaignKey)|\(orderKey)".utf8), using: key))
    }

    /// The cards an order earns: one per campaign whose minimum it reaches (not when cancelled).
    /// Issuing again returns the cards already issued.
    public func issue(storeID: StoreID, order: Order, campaigns: [ScratchCampaignRecord]) async throws -> [ScratchCard] {
        guard order.cancelledAt == nil, let customerKey = order.customerKey else { return [] }
        var cards: [ScratchCard] = []
        for record in campaigns where order.total >= record.minimumOrder {
            let campaign = record.campaign
            let digest = Self.digest(seed: record.seed, campaignKey: campaign.key, orderKey: order.key)
            cards.append(
                try await storage.issueScratchCard(
                    storeID: storeID, campaignKey: campaign.key, orderKey: order.key, customerKey: customerKey,
                    now: clock.now()
                ) { usage in try campaign.draw(digest: digest, usage: usage) })
        }
        return cards
    }

    /// Scratches the order's card: shown from now on; a points prize is granted (once, whatever
    /// the number of scratches).
    public func reveal(storeID: StoreID, campaignKey: String, orderKey: String) async throws -> ScratchCard? {
        let now = clock.now()
        guard let card = try await storage.revealScratchCard(storeID: storeID, campaignKey: campaignKey, orderKey: orderKey, now: now)
        else { return nil }
        let campaign = try await storage.scratchCampaigns(storeID: storeID).first { $0.campaign.key == campaignKey }?.campaign
        if let campaign, campaign.budgetUnit == .points, card.prizeKey != nil, card.cost > 0 {
            let key = try PostingKey(store: storeID, source: "scratch", sourceID: "\(campaignKey)|\(orderKey)")
            _ = try await storage.applyLedger(storeID: storeID, customerKey: card.customerKey, eventKey: key, lotKeys: [], now: now) {
                book in
                try book.grant(
                    key, points: card.cost, at: now, source: "scratch:\(campaignKey)", availableAt: now, expiresAt: nil,
                    reason: "scratch card: \(card.prizeLabel ?? "prize")")
            }
        }
        return card
    }

    /// Whether a stored card is what its seed gives: the same roll and ticket, and the prize the
    /// weights pick (a card without a prize may also owe that to the budget or a cap).
    public static func audit(_ card: ScratchCard, record: ScratchCampaignRecord) -> Bool {
        let digest = digest(seed: record.seed, campaignKey: record.campaign.key, orderKey: card.orderKey)
        guard let fresh = try? record.campaign.draw(digest: digest, usage: ScratchUsage()) else { return false }
        guard fresh.roll == card.roll, fresh.ticket == card.ticket else { return false }
        if let prize = card.prizeKey { return fresh.drawnKey == prize }
        if card.reason == .noPrizeDrawn { return fresh.drawnKey == nil }
        return card.reason != nil
    }
}
