import EncoreCore
import EncoreLoyalty

/// One referral as stored: who invited whom, from where, and how it ended.
public struct ReferralRecord: Sendable, Hashable {
    public var id: String
    /// The customer whose code was used.
    public var referrerKey: String
    public var code: String
    /// The friend's e-mail address, normalised (`ReferralContact.normalizedEmail`).
    public var friendEmail: String
    /// The friend's customer key and first order, once placed.
    public var friendKey: String?
    public var friendOrderKey: String?
    /// The network address the invitation was accepted from (nil when reported by the shop).
    public var ip: String?
    public var status: ReferralStatus
    /// Why it was rejected.
    public var reason: ReferralRejection?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: String, referrerKey: String, code: String, friendEmail: String, friendKey: String? = nil,
        friendOrderKey: String? = nil, ip: String?, status: ReferralStatus, reason: ReferralRejection? = nil,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.referrerKey = referrerKey
        self.code = code
        self.friendEmail = friendEmail
        self.friendKey = friendKey
        self.friendOrderKey = friendOrderKey
        self.ip = ip
        self.status = status
        self.reason = reason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What the store knows, at the moment an invitation is accepted, for the fraud screen.
public struct ReferralClaimFacts: Sendable, Hashable {
    /// The customer already registered with the friend's e-mail address (case-insensitive), if any.
    public var friendCustomerKey: String?
    /// Orders that customer placed (any status).
    public var friendOrders: Int
    /// Referrals recorded from the same network address in the 24 hours before now (any outcome).
    public var referralsFromIPLast24h: Int

    public init(friendCustomerKey: String?, friendOrders: Int, referralsFromIPLast24h: Int) {
        self.friendCustomerKey = friendCustomerKey
        self.friendOrders = friendOrders
        self.referralsFromIPLast24h = referralsFromIPLast24h
    }
}

/// How accepting an invitation ended.
public enum ReferralClaim: Sendable, Hashable {
    /// A new referral, invited or rejected (with its reason).
    case recorded(ReferralRecord)
    /// The friend already has an open or credited referral; the first one stands.
    case existing(ReferralRecord)
}

/// Referral codes and referrals.
public protocol ReferralStorage: Sendable {
    /// The customer's code: the one stored, or `candidate` stored now. Nil when `candidate` is
    /// already another customer's code (the caller draws another).
    func referralCode(storeID: StoreID, customerKey: String, candidate: String, now: Timestamp) async throws -> String?
    /// The customer's stored code, if they have one (a read only).
    func referralCode(storeID: StoreID, customerKey: String) async throws -> String?
    /// The customer whose code this is.
    func referralOwner(storeID: StoreID, code: String) async throws -> String?

    /// Records an accepted invitation in one transaction under the store's referral lock: an
    /// open (invited or ordered) or credited referral of the same friend is returned as it is;
    /// otherwise the facts are read, `screen` decides (nil: accepted), and the referral is stored
    /// as `invited` or `rejected` with the reason.
    func claimReferral(
        storeID: StoreID, id: String, referrerKey: String, code: String, friendEmail: String, ip: String?, now: Timestamp,
        screen: @escaping @Sendable (ReferralClaimFacts) -> ReferralRejection?
    ) async throws -> ReferralClaim

    /// The friend's referral still waiting for a first order.
    func invitedReferral(storeID: StoreID, friendEmail: String) async throws -> ReferralRecord?

    /// Moves a referral from `from` to `to` (with the reason, and the friend's key and order when
    /// given); false when it was no longer in `from` (another worker moved it).
    func moveReferral(
        storeID: StoreID, id: String, from: ReferralStatus, to: ReferralStatus, reason: ReferralRejection?,
        friendKey: String?, friendOrderKey: String?, now: Timestamp
    ) async throws -> Bool

    /// The store's referrals, newest first, optionally only a referrer's or in one status.
    func referrals(storeID: StoreID, referrerKey: String?, status: ReferralStatus?, limit: Int) async throws
        -> [ReferralRecord]
    /// Referrals per status.
    func referralCounts(storeID: StoreID) async throws -> [ReferralStatus: Int64]
}
