import EncoreCore
import EncoreJourneys

/// One refresh of a store's predictions, as recorded.
public struct PredictionRun: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case fitted, failed
    }
    public var at: Timestamp
    public var status: Status
    /// Why the models could not be fitted (failed runs).
    public var reason: String?
    /// The customers predicted (or found, when the fit failed).
    public var customers: Int
    /// The fitted parameters as a JSON object (BG/NBD and Gamma-Gamma with log-likelihoods).
    public var model: String?
    /// What the refresh added, as a JSON object (events by type, segment moves).
    public var events: String?
    public var seconds: Double

    public init(
        at: Timestamp, status: Status, reason: String? = nil, customers: Int, model: String? = nil, events: String? = nil,
        seconds: Double
    ) {
        self.at = at
        self.status = status
        self.reason = reason
        self.customers = customers
        self.model = model
        self.events = events
        self.seconds = seconds
    }
}

/// A custom segment as stored, with how many customers were in it at the last refresh.
public struct SegmentRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var expression: String
    public var members: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// A customer's move into or out of a custom segment.
public struct SegmentMove: Sendable, Hashable {
    public var segment: String
    public var customerKey: String
    public init(segment: String, customerKey: String) {
        self.segment = segment
        self.customerKey = customerKey
    }
}

/// Predictions and custom segments (schema v8).
public protocol PredictionStorage: Sendable {
    /// In one transaction: replaces the store's predictions with `predictions`, moves segment
    /// memberships (`entered` in, `left` out), appends `events` (skipping keys already stored) and
    /// records `run`. Nothing is written if any of it fails.
    func savePredictions(
        storeID: StoreID, run: PredictionRun, predictions: [StoredPrediction], entered: [SegmentMove], left: [SegmentMove],
        events: [NewEvent]
    ) async throws

    /// Records a refresh that could not fit the models; the stored predictions stay as they were.
    func recordPredictionRun(storeID: StoreID, run: PredictionRun) async throws

    /// The customer's prediction of the last refresh, with their segments; nil when none.
    func prediction(storeID: StoreID, customerKey: String) async throws -> StoredPrediction?

    /// Each CLV decile of the last refresh, lowest first.
    func predictionDeciles(storeID: StoreID) async throws -> [PredictionDecile]

    /// The latest refreshes first.
    func predictionRuns(storeID: StoreID, limit: Int) async throws -> [PredictionRun]

    /// The store's predictions, the highest predicted value first (then P(alive)), at most `limit`.
    func predictions(storeID: StoreID, limit: Int) async throws -> [StoredPrediction]

    /// Claims the store's scheduled refresh when it is due at `now` and no other instance holds it
    /// (a store never scheduled is first due at `firstAt`): true means refresh now, then call
    /// `finishPredictionRefresh`. The claim lapses after `lease` milliseconds.
    func claimPredictionRefresh(storeID: StoreID, now: Timestamp, firstAt: Timestamp, lease: Int64) async throws -> Bool

    /// Sets the store's next refresh and releases the claim.
    func finishPredictionRefresh(storeID: StoreID, next: Timestamp) async throws

    /// The store's segments by id.
    func segments(storeID: StoreID) async throws -> [SegmentRecord]

    /// Creates or replaces a segment (its members stay until the next refresh); returns
    /// `created`, `updated` or `unchanged`.
    func saveSegment(storeID: StoreID, segment: CustomerSegment, now: Timestamp) async throws -> String

    /// Deletes a segment and its memberships; false when there was none.
    func deleteSegment(storeID: StoreID, id: String) async throws -> Bool

    /// Every membership of the store: segment id → customers.
    func segmentMembers(storeID: StoreID) async throws -> [String: Set<String>]

    /// Which of `keys` are already idempotency keys of the store's events.
    func existingEventKeys(storeID: StoreID, keys: [String]) async throws -> Set<String>

    /// The journey map's inputs for `[from, to)`: visits, feedback, NPS about late and on-time
    /// deliveries, and each customer's RFM segment (persona).
    func journeyMapInputs(storeID: StoreID, from: Timestamp, to: Timestamp) async throws -> JourneyMapInputs

    /// The customer's latest `limit` messages and feedback, newest first (the admin's profile).
    func customerActivity(storeID: StoreID, customerKey: String, limit: Int) async throws -> CustomerActivity

    /// Every tag of the store's customers: customer → tags.
    func customerTags(storeID: StoreID) async throws -> [String: [String]]
}
