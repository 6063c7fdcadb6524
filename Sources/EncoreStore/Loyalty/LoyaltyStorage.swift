import EncoreCore
import EncoreLoyalty

/// A store's loyalty program as published: the version, the rules and the YAML it came from.
public struct PublishedLoyaltyProgram: Sendable, Hashable {
    public var storeID: StoreID
    /// 1 for the first publication, then one more for each publication that changed something.
    public var version: Int
    public var program: LoyaltyProgram
    /// The YAML text as applied (comments included), for `encore loyalty` and the admin pages.
    public var source: String
    public var publishedAt: Timestamp

    public init(storeID: StoreID, version: Int, program: LoyaltyProgram, source: String, publishedAt: Timestamp) {
        self.storeID = storeID
        self.version = version
        self.program = program
        self.source = source
        self.publishedAt = publishedAt
    }
}

/// What storage keeps of loyalty programs.
public protocol LoyaltyStorage: Sendable {
    /// Publishes `program` as the store's next version, unless the latest version has the same
    /// rules (then nothing is written and that version is returned as unchanged). Concurrent
    /// publications of one store are serialised, so versions never repeat or skip.
    func publishLoyaltyProgram(storeID: StoreID, program: LoyaltyProgram, source: String, now: Timestamp) async throws
        -> ApplyOutcome

    /// The store's latest version; nil when it has never published one.
    func loyaltyProgram(storeID: StoreID) async throws -> PublishedLoyaltyProgram?

    /// One version of the store's program, as it was published; nil when there is no such version.
    func loyaltyProgram(storeID: StoreID, version: Int) async throws -> PublishedLoyaltyProgram?
}

/// One ledger operation on a customer's book, run by ``LoyaltyLedgerStorage/applyLedger(storeID:customerKey:eventKey:lotKeys:now:operation:)``.
///
/// It runs on the book in place: when it throws, it must leave the book as it found it, as every
/// `LotBook` operation does (so call one operation; two in a row could throw after the first
/// changed the book, and later operations of the batch would see that change).
public typealias LedgerOperation = @Sendable (inout LotBook) throws -> LedgerChange

/// One operation of a batch: whose book, the event's key and the used-up lots it names.
public struct LedgerRequest: Sendable {
    public var customerKey: String
    public var eventKey: PostingKey?
    public var lotKeys: [String]
    public var operation: LedgerOperation

    public init(customerKey: String, eventKey: PostingKey?, lotKeys: [String] = [], operation: @escaping LedgerOperation) {
        self.customerKey = customerKey
        self.eventKey = eventKey
        self.lotKeys = lotKeys
        self.operation = operation
    }
}

/// A customer's points as they stand: by state, and the open lots oldest first.
public struct LoyaltyBalance: Sendable, Hashable {
    public var customerKey: String
    public var balances: PointBalances
    public var openLots: [PointLot]

    public init(customerKey: String, balances: PointBalances, openLots: [PointLot]) {
        self.customerKey = customerKey
        self.balances = balances
        self.openLots = openLots
    }
}

/// The points ledger in storage.
public protocol LoyaltyLedgerStorage: Sendable {
    /// In one transaction holding the customer's lock: loads the customer's book (open lots, the
    /// lots named in `lotKeys` even when used up, the debt, and `eventKey` when it was applied
    /// before), runs `operation` on it and stores what it returns: postings (UNIQUE on their
    /// key), lots, the debt, the cached balance and totals, and the event keys applied. When the
    /// operation throws, nothing is written and the error is rethrown; a replay writes nothing.
    func applyLedger(
        storeID: StoreID, customerKey: String, eventKey: PostingKey?, lotKeys: [String], now: Timestamp,
        operation: @escaping LedgerOperation
    ) async throws -> LedgerChange

    /// Runs many operations in one transaction (the worker's batches): each request sees the book
    /// as the earlier requests of the batch left it. A request whose operation throws a
    /// `LedgerError` fails alone (its result says why, nothing of it is written); any other error
    /// writes nothing of the batch and is rethrown.
    func applyLedger(storeID: StoreID, requests: [LedgerRequest], now: Timestamp) async throws
        -> [Result<LedgerChange, LedgerError>]

    /// The customer's points by state at `now`. Reads the cached totals and the open lots only,
    /// so its cost does not grow with the customer's history.
    func loyaltyBalance(storeID: StoreID, customerKey: String, now: Timestamp) async throws -> LoyaltyBalance

    /// Every breach of the ledger's invariants in one store (postings against lots, lot counters,
    /// debts, the cached balances); empty when the ledger is sound.
    func verifyLedger(storeID: StoreID) async throws -> [LedgerBreach]

    /// The customer a person names by id or by e-mail address (case-insensitive); nil when there
    /// is none, or when the address belongs to more than one customer.
    func customerKey(storeID: StoreID, emailOrKey: String) async throws -> String?
}
