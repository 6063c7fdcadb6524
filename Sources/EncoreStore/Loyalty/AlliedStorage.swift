import EncoreCore
import EncoreLoyalty
import Foundation

/// A partner that funds allied offers of an organisation and is settled with.
public struct AlliedPartner: Sendable, Hashable {
    public var organisationID: Int64
    /// Numbered per organisation from 1; the `partnerID` of offers and settlements.
    public var id: Int64
    /// The partner's key: names its ledger account (`partner:KEY`).
    public var key: String
    public var name: String
    public var createdAt: Timestamp

    public init(organisationID: Int64, id: Int64, key: String, name: String, createdAt: Timestamp) {
        self.organisationID = organisationID
        self.id = id
        self.key = key
        self.name = name
        self.createdAt = createdAt
    }
}

/// An allied offer as stored for its organisation.
public struct AlliedOfferRecord: Sendable, Hashable {
    public var organisationID: Int64
    public var offer: AlliedOffer
    public var createdAt: Timestamp

    public init(organisationID: Int64, offer: AlliedOffer, createdAt: Timestamp) {
        self.organisationID = organisationID
        self.offer = offer
        self.createdAt = createdAt
    }
}

/// Where a reward stands: waiting for its customer at the target store, or given.
public enum AlliedRewardStatus: String, Sendable, Hashable {
    /// Qualified, but the target store has no customer with the e-mail yet.
    case waiting
    /// Given: points in the target store's ledger, or a code issued.
    case granted
}

/// One reward of an offer to one source customer: given once, whatever the replays.
public struct AlliedRewardRecord: Sendable, Hashable {
    public var organisationID: Int64
    public var offerKey: String
    public var partnerID: Int64
    public var sourceStoreID: StoreID
    public var sourceCustomerKey: String
    /// The order whose purchase reached the threshold.
    public var sourceOrderKey: String
    /// The store the reward is given at (the row's `store_id`).
    public var targetStoreID: StoreID
    /// The source customer's e-mail, normalised (`ReferralContact.normalizedEmail`).
    public var targetEmail: String
    /// The customer at the target store; nil while waiting.
    public var targetCustomerKey: String?
    public var reward: AlliedReward
    public var qualifiedAt: Timestamp
    public var status: AlliedRewardStatus
    /// The ledger lot of a points reward, once granted.
    public var lotKey: String?
    /// The code of a credit reward, once granted.
    public var code: String?
    public var createdAt: Timestamp
    /// When it was given: the time settlement counts it at.
    public var grantedAt: Timestamp?

    public init(
        organisationID: Int64, offerKey: String, partnerID: Int64, sourceStoreID: StoreID, sourceCustomerKey: String,
        sourceOrderKey: String, targetStoreID: StoreID, targetEmail: String, targetCustomerKey: String?,
        reward: AlliedReward, qualifiedAt: Timestamp, status: AlliedRewardStatus, lotKey: String?, code: String?,
        createdAt: Timestamp, grantedAt: Timestamp?
    ) {
        self.organisationID = organisationID
        self.offerKey = offerKey
        self.partnerID = partnerID
        self.sourceStoreID = sourceStoreID
        self.sourceCustomerKey = sourceCustomerKey
        self.sourceOrderKey = sourceOrderKey
        self.targetStoreID = targetStoreID
        self.targetEmail = targetEmail
        self.targetCustomerKey = targetCustomerKey
        self.reward = reward
        self.qualifiedAt = qualifiedAt
        self.status = status
        self.lotKey = lotKey
        self.code = code
        self.createdAt = createdAt
        self.grantedAt = grantedAt
    }

    /// The idempotency key of the points lot (and its posting) of this reward in the target store's ledger.
    public var postingKey: PostingKey {
        get throws { try PostingKey(store: targetStoreID, source: "allied", sourceID: offerKey + "|" + sourceCustomerKey) }
    }

    /// The record settlement counts; nil while waiting.
    public var issued: AlliedIssuedReward? {
        guard status == .granted, let grantedAt else { return nil }
        return AlliedIssuedReward(partnerID: partnerID, offerKey: offerKey, unit: reward.unit, amount: reward.amount, at: grantedAt)
    }
}

/// What storing a reward did.
public struct AlliedRewardOutcome: Sendable, Hashable {
    /// The reward as stored now.
    public var record: AlliedRewardRecord
    /// True when nothing changed (the reward was stored so already: a replay).
    public var replay: Bool

    public init(record: AlliedRewardRecord, replay: Bool) {
        self.record = record
        self.replay = replay
    }
}

/// An offer's rewards so far, waiting and given, with their amounts (in the offer's reward unit).
public struct AlliedOfferProgress: Sendable, Hashable {
    public var granted: Int64
    public var grantedAmount: Int64
    public var waiting: Int64
    public var waitingAmount: Int64

    public init(granted: Int64 = 0, grantedAmount: Int64 = 0, waiting: Int64 = 0, waitingAmount: Int64 = 0) {
        self.granted = granted
        self.grantedAmount = grantedAmount
        self.waiting = waiting
        self.waitingAmount = waitingAmount
    }
}

/// Allied-brand offers in storage: partners and offers per organisation, and the rewards given
/// (one per offer and source customer) at their target stores.
public protocol AlliedStorage: Sendable {
    /// Adds a partner numbered after the organisation's last; `StorageError.conflict` when the
    /// organisation has one with that key.
    func addAlliedPartner(organisationID: Int64, key: String, name: String, now: Timestamp) async throws -> AlliedPartner

    /// The organisation's partners by id.
    func alliedPartners(organisationID: Int64) async throws -> [AlliedPartner]

    /// Stores an offer (checked by the caller); `StorageError.conflict` when the organisation has one with that key.
    func addAlliedOffer(_ record: AlliedOfferRecord) async throws

    /// The organisation's offers by key.
    func alliedOffers(organisationID: Int64) async throws -> [AlliedOfferRecord]

    /// The offers whose purchases are counted at `sourceStoreID` and that end after `endingAfter`.
    func alliedOffers(sourceStoreID: StoreID, endingAfter: Timestamp) async throws -> [AlliedOfferRecord]

    /// The customer's purchases at the store in `currency` placed in `from ... through`, oldest
    /// first: orders not cancelled, each less its refunds.
    func alliedPurchases(storeID: StoreID, customerKey: String, currency: Currency, from: Timestamp, through: Timestamp)
        async throws -> [(at: Timestamp, amount: Int64)]

    /// The customer's e-mail address as stored; nil when there is none (or no such customer).
    func customerEmail(storeID: StoreID, customerKey: String) async throws -> String?

    /// The store's customers whose e-mail normalises to `normalizedEmail`, oldest first.
    func customerKeys(storeID: StoreID, normalizedEmail: String) async throws -> [String]

    /// Stores a reward, once per offer and source customer, in one transaction holding the
    /// reward's and the target customer's locks. A reward already stored is returned as a replay,
    /// unless it was waiting and `reward` is granted: then it is granted. Granting points earns a
    /// lot funded by `partnerKey`'s account (keyed by `reward.postingKey`) in the target store's
    /// ledger; granting credit keeps the code and queues `announcement` (the shop's webhook).
    /// When the ledger refuses, nothing is written and the `LedgerError` is rethrown.
    func giveAlliedReward(_ reward: AlliedRewardRecord, partnerKey: String, announcement: OutboxMessage?, now: Timestamp)
        async throws -> AlliedRewardOutcome

    /// The target store's rewards waiting for a customer with this normalised e-mail.
    func waitingAlliedRewards(storeID: StoreID, normalizedEmail: String) async throws -> [AlliedRewardRecord]

    /// The store's waiting rewards, oldest first, at most `limit`.
    func waitingAlliedRewards(storeID: StoreID, limit: Int) async throws -> [AlliedRewardRecord]

    /// A reward by its target store, offer and source customer; nil when there is none.
    func alliedReward(storeID: StoreID, offerKey: String, sourceCustomerKey: String) async throws -> AlliedRewardRecord?

    /// Per offer key of the organisation: rewards given and waiting, with their amounts.
    func alliedProgress(organisationID: Int64) async throws -> [String: AlliedOfferProgress]

    /// The organisation's rewards given in `from ..< to`, what `AlliedSettlement` adds up.
    func alliedIssuedRewards(organisationID: Int64, from: Timestamp, to: Timestamp) async throws -> [AlliedIssuedReward]
}

/// The stored JSON of an offer's terms (the stores, partner and dates are columns).
struct AlliedOfferDocument: Codable {
    var threshold: Int64
    var currency: String
    var windowDays: Int
    /// "points" or a currency code.
    var rewardUnit: String
    var rewardAmount: Int64

    init(_ offer: AlliedOffer) {
        threshold = offer.threshold
        currency = offer.currency.code
        windowDays = offer.windowDays
        rewardUnit = offer.reward.unit.description
        rewardAmount = offer.reward.amount
    }

    static func reward(unit: String, amount: Int64) -> AlliedReward {
        unit == "points" ? .points(amount) : .credit(amount: amount, currency: Currency(code: unit) ?? .usd)
    }
}
