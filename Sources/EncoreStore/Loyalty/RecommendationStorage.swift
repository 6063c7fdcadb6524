import EncoreCore
import EncoreLoyalty

/// "Bought together" lists in storage.
public protocol RecommendationStorage: Sendable {
    /// The SKUs of the store's orders (not cancelled), one basket per order, in pages of at most
    /// `limit` orders after the order key `after` (nil: from the first); the last key read is
    /// returned for the next page (nil when done).
    func orderBaskets(storeID: StoreID, after: String?, limit: Int) async throws -> (baskets: [[String]], last: String?)

    /// Replaces every product's list of the store in one transaction, each neighbour stored with
    /// its title (`productTitles`, read once here so showing a list needs no catalogue look-up).
    func replaceNeighbours(storeID: StoreID, lists: [(sku: String, neighbours: [CoPurchaseScore])], now: Timestamp)
        async throws

    /// The stored lists of `skus`, and the titles of the neighbours they name.
    func neighbours(storeID: StoreID, skus: [String]) async throws
        -> (lists: [String: [CoPurchaseScore]], titles: [String: String])

    /// Every SKU the customer bought (orders not cancelled).
    func purchasedSKUs(storeID: StoreID, customerKey: String) async throws -> Set<String>

    /// The titles of `skus`: the catalogue's, else the one an order line gave.
    func productTitles(storeID: StoreID, skus: [String]) async throws -> [String: String]
}
