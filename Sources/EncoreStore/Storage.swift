import EncoreCore

/// A customer with what the store knows of them, newest first.
public struct CustomerDetail: Sendable {
    public var customer: Customer
    public var orders: [Order]
    public var events: [Event]
}

/// An order with its fulfilment and after-sale records.
public struct OrderDetail: Sendable {
    public var order: Order
    public var shipments: [Shipment]
    public var refunds: [Refund]
    public var returns: [Return]
}

/// The one storage interface of Encore. `SQLiteBackend` and `PostgresBackend` implement it
/// through the shared SQL in the extension on `SQLBackend`, so both behave the same.
///
/// Every method that takes a `StoreID` reads and writes that store's rows only.
public protocol EncoreStorage: MessagingStorage, JourneyStorage, AdminStorage, CareStorage, LoyaltyStorage,
    LoyaltyLedgerStorage, LoyaltyWorkStorage, LoyaltyExpiryStorage, RedemptionStorage,
    LoyaltyAdminStorage, RecommendationStorage, ScratchStorage, ReferralStorage, AlliedStorage, BirthdayStorage, AnalyticsStorage,
    PredictionStorage, OperationsStorage
{
    /// Applies pending migrations.
    func migrate() async throws
    /// Tells cheaply whether anything was committed since an earlier look (see `CommitWatch`);
    /// nil when this storage cannot tell, and then nothing read from it may be cached.
    var commitWatch: (any CommitWatch)? { get }
    /// Bytes the storage holds in this process (SQLite: its page caches, prepared statements and
    /// schemas, counted by SQLite for the whole process); nil when the backend does not count it
    /// (PostgreSQL: the data is cached by the server).
    var memoryInUse: Int? { get }
    /// Creates a store (and its organisation if new). Throws `StorageError.conflict` if the name is taken.
    func createStore(
        name: String, organisation: String?, currency: Currency, timeZone: String, webhookSecret: String?,
        now: Timestamp
    ) async throws -> Store
    func store(named name: String) async throws -> Store?
    func store(id: StoreID) async throws -> Store?
    func stores() async throws -> [Store]
    /// A server-wide secret (a signing key), created from `generate` the first time it is asked
    /// for; every instance sharing the database gets the same one.
    func serverSecret(named name: String, generate: @Sendable () -> String, now: Timestamp) async throws -> String
    /// Replaces a store's settings (sender, support address, branding).
    func updateSettings(storeID: StoreID, settings: StoreSettings) async throws
    /// Stores the hash of a new API key for a store.
    func addAPIKey(storeID: StoreID, keyHash: String, prefix: String, now: Timestamp) async throws
    /// Revokes a store's keys whose displayable prefix is `prefix`; returns how many were revoked.
    func revokeAPIKeys(storeID: StoreID, prefix: String, now: Timestamp) async throws -> Int
    /// The store's keys: prefix, creation and revocation times (never the hash).
    func apiKeys(storeID: StoreID) async throws -> [(prefix: String, createdAt: Timestamp, revokedAt: Timestamp?)]
    /// The store a (non-revoked) key hash belongs to.
    func store(forAPIKeyHash hash: String) async throws -> Store?
    /// Writes a batch atomically and idempotently; see `IngestPlanner`.
    func ingest(_ batch: IngestBatch, now: Timestamp) async throws -> IngestResult
    /// The stored answer to a webhook delivery already processed.
    func webhookDelivery(storeID: StoreID, source: String, id: String) async throws -> (status: Int, response: String)?
    func customer(storeID: StoreID, key: String, eventLimit: Int) async throws -> CustomerDetail?
    func order(storeID: StoreID, key: String) async throws -> OrderDetail?
    /// Counts per store; all stores when `storeID` is nil.
    func stats(storeID: StoreID?) async throws -> [StoreStats]
    func close() async throws
}
