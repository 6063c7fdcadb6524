import EncoreCore
import EncoreLoyalty

/// An event of the store's log waiting for the loyalty worker.
public struct LoyaltyInboxEvent: Sendable, Hashable {
    public var storeID: StoreID
    public var eventID: Int64
    public var type: String
    public var customerKey: String?
    public var orderKey: String?
    public var occurredAt: Timestamp
    /// When Encore stored it: decides which program version applies (the one published by then).
    public var receivedAt: Timestamp
    public var payload: String

    public init(
        storeID: StoreID, eventID: Int64, type: String, customerKey: String?, orderKey: String?, occurredAt: Timestamp,
        receivedAt: Timestamp, payload: String
    ) {
        self.storeID = storeID
        self.eventID = eventID
        self.type = type
        self.customerKey = customerKey
        self.orderKey = orderKey
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.payload = payload
    }
}

/// A customer's tier as stored: the tier (nil: none yet) and a merchant's manual floor.
public struct LoyaltyTierRecord: Sendable, Hashable {
    public var current: CurrentTier?
    public var floor: String?

    public init(current: CurrentTier?, floor: String?) {
        self.current = current
        self.floor = floor
    }
}

/// What the loyalty worker reads and writes besides the ledger itself.
public protocol LoyaltyWorkStorage: Sendable {
    /// Claims up to `limit` queued events, oldest first (with those whose claim is older than
    /// `leaseMilliseconds`: their worker died), under a new claim token; empty when none wait.
    func claimLoyaltyEvents(limit: Int, now: Timestamp, leaseMilliseconds: Int64) async throws
        -> (claim: String, events: [LoyaltyInboxEvent])

    /// Puts events of the store back in the queue (an operator's replay, e.g. after a restore);
    /// ids of other stores' events, of types the worker does not read, or already queued are
    /// ignored. Safe by construction: every step the worker takes has a key applied once.
    func requeueLoyaltyEvents(storeID: StoreID, eventIDs: [Int64], now: Timestamp) async throws

    /// Removes the events of a claim once the worker has applied them.
    func finishLoyaltyEvents(claim: String) async throws

    /// Every version of the store's program, oldest first.
    func loyaltyPrograms(storeID: StoreID) async throws -> [PublishedLoyaltyProgram]

    /// The lots earned from `source` (e.g. `order:1001`), in any state, oldest first.
    func loyaltyLots(storeID: StoreID, source: String) async throws -> [PointLot]

    /// The customer's lots earned from `source` (e.g. `action:nps_answer`) at or after `since`,
    /// in any state, oldest first: what a cap counts.
    func loyaltyLots(storeID: StoreID, customerKey: String, source: String, since: Timestamp) async throws -> [PointLot]

    /// The customer's tier; nil when none was ever stored.
    func loyaltyTier(storeID: StoreID, customerKey: String) async throws -> LoyaltyTierRecord?

    /// Stores the customer's tier and floor.
    func setLoyaltyTier(storeID: StoreID, customerKey: String, record: LoyaltyTierRecord, now: Timestamp) async throws

    /// What counts towards the customer's tier since `since`: orders not cancelled, less their
    /// refunds (basis spend, minor units, dated when placed), or points earned less points
    /// reversed (basis points, dated when posted).
    func qualifyingActivity(storeID: StoreID, customerKey: String, basis: TierBasis, since: Timestamp) async throws
        -> [QualifyingActivity]

    /// When the customer last ordered (not cancelled); nil when never.
    func lastPurchase(storeID: StoreID, customerKey: String) async throws -> Timestamp?
}

/// What the loyalty worker's expiry sweep reads and writes.
public protocol LoyaltyExpiryStorage: Sendable {
    /// Customers (of any store) with an open lot whose expiry has come by `now`, at most `limit`.
    func loyaltyCustomersWithExpiredLots(now: Timestamp, limit: Int) async throws -> [(storeID: StoreID, customerKey: String)]

    /// Open lots of the store expiring after `after` and by `through` that were not announced yet.
    func loyaltyLotsToAnnounce(storeID: StoreID, after: Timestamp, through: Timestamp, limit: Int) async throws
        -> [PointLot]

    /// Customers of the store with open lots whose last purchase (not cancelled) was at or before
    /// `lastPurchaseBy`, with that purchase's time; at most `limit`.
    func loyaltyInactiveCustomers(storeID: StoreID, lastPurchaseBy: Timestamp, limit: Int) async throws
        -> [(customerKey: String, lastPurchase: Timestamp)]

    /// Which of `keys` were announced already.
    func loyaltyWarningsSent(storeID: StoreID, keys: [String]) async throws -> Set<String>

    /// Remembers that the expiries of `keys` were announced.
    func recordLoyaltyWarnings(storeID: StoreID, keys: [String], now: Timestamp) async throws
}
