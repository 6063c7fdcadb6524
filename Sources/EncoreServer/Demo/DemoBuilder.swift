import EncoreCore
import EncoreStore

/// Fills a store with the deterministic demo history of `DemoGenerator`.
public enum DemoBuilder {
    /// What was built.
    public struct Summary: Sendable {
        public var store: Store
        public var apiKey: String
        public var stats: StoreStats
    }

    /// Creates the store "demo" with an API key and writes the generated history, batch by batch.
    public static func build(
        storage: any EncoreStorage, seed: UInt64, customers: Int, end: Timestamp, storeName: String = "demo"
    ) async throws -> Summary {
        let store = try await storage.createStore(
            name: storeName, organisation: "Encore Demo", currency: .usd, timeZone: "America/Los_Angeles",
            webhookSecret: APIKeys.generate(), now: end)
        let key = APIKeys.generate()
        try await storage.addAPIKey(storeID: store.id, keyHash: APIKeys.hash(key), prefix: APIKeys.prefix(key), now: end)
        var configuration = DemoConfiguration(end: end)
        configuration.seed = seed
        configuration.customers = customers
        for batch in DemoGenerator(configuration: configuration, storeID: store.id) {
            _ = try await storage.ingest(batch, now: end)
        }
        let stats = try await storage.stats(storeID: store.id).first!
        return Summary(store: store, apiKey: key, stats: stats)
    }
}
