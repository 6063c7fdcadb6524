import EncoreCore
import EncoreLoyalty
import EncoreStore

/// An allied offer as one customer of its source store stands with it: what the receipt's
/// partner-brand slot shows.
struct AlliedOfferStanding: Sendable, Equatable {
    var offer: AlliedOffer
    /// The target store's name as its customers see it.
    var targetName: String
    /// The customer's spend in the window ending now (see `AlliedOffer.progress`).
    var progress: Int64
    /// The reward was earned: given at the target store, or waiting there for the customer.
    var earned: Bool
}

extension AlliedOfferService {
    /// Most offers a receipt shows.
    static let shownOnReceipt = 2

    /// The offers running now at `storeID` (as the source), with the customer's progress toward
    /// each and whether they earned it already; at most `shownOnReceipt`, by key. Stores without
    /// offers cost one read.
    func standings(storeID: StoreID, customerKey: String, now: Timestamp) async throws -> [AlliedOfferStanding] {
        let running = try await storage.alliedOffers(sourceStoreID: storeID, endingAfter: now)
            .map(\.offer).filter { $0.isRunning(at: now) }.sorted { $0.key < $1.key }.prefix(Self.shownOnReceipt)
        var out: [AlliedOfferStanding] = []
        for offer in running {
            guard let target = try await storage.store(id: offer.targetStoreID) else { continue }
            let earned =
                try await storage.alliedReward(storeID: offer.targetStoreID, offerKey: offer.key, sourceCustomerKey: customerKey)
                != nil
            let progress =
                earned
                ? offer.threshold
                : offer.progress(
                    purchases: try await storage.alliedPurchases(
                        storeID: storeID, customerKey: customerKey, currency: offer.currency, from: offer.startsAt, through: now),
                    now: now)
            out.append(
                AlliedOfferStanding(
                    offer: offer, targetName: target.settings.displayName ?? target.name, progress: progress, earned: earned))
        }
        return out
    }
}
