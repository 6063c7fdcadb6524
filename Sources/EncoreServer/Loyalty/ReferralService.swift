import EncoreCore
import EncoreLoyalty
import EncoreStore
import Foundation

/// How accepting a referral invitation ended, for the referral page and the API.
public enum ReferralAcceptance: Sendable, Hashable {
    /// The address is not an e-mail address.
    case invalidEmail
    /// No customer of the store has this code.
    case unknownCode
    /// Recorded: `invited`, or `rejected` with its reason.
    case recorded(ReferralRecord)
    /// The friend was already invited (the first invitation stands).
    case existing(ReferralRecord)
}

/// Referrals: each customer's code and link; a friend accepting an invitation (screened for
/// self-referral, a shared e-mail, a burst from one network address, an existing customer); the
/// friend's first order (screened again for a shared phone or shipping address); and both
/// credited once that order's return window closes. Every rejection is stored with its reason.
public struct ReferralService: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock
    let screen: ReferralScreen

    public init(storage: any EncoreStorage, clock: any Clock = SystemClock(), screen: ReferralScreen = ReferralScreen()) {
        self.storage = storage
        self.clock = clock
        self.screen = screen
    }

    /// The customer's referral code, drawn (40 random bits, Crockford base32) the first time it is asked for.
    public func code(storeID: StoreID, customerKey: String) async throws -> String {
        // Read first: the loyalty page asks on every view, and only the first ask writes.
        if let stored = try await storage.referralCode(storeID: storeID, customerKey: customerKey) { return stored }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let bytes = (0..<5).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let candidate = try ReferralCode(randomBytes: bytes).text
            if let code = try await storage.referralCode(
                storeID: storeID, customerKey: customerKey, candidate: candidate, now: clock.now())
            {
                return code
            }
        }
        throw StorageError.conflict("no free referral code after 8 draws")
    }

    /// The public link of a code: `{base}/ref/{store}/{code}`.
    public static func link(baseURL: String, store: Store, code: String) -> String {
        "\(baseURL)/ref/\(store.name)/\(code)"
    }

    /// Records a friend accepting `code` with `email` from `ip`, screened at once.
    public func accept(store: Store, code typed: String, email: String, ip: String?) async throws -> ReferralAcceptance {
        guard let friendEmail = ReferralContact.normalizedEmail(email), email.count <= 320,
            friendEmail.contains("."), !friendEmail.contains(" ")
        else { return .invalidEmail }
        guard let code = ReferralCode(normalizing: typed)?.text,
            let referrerKey = try await storage.referralOwner(storeID: store.id, code: code),
            let referrer = try await storage.customer(storeID: store.id, key: referrerKey, eventLimit: 0)?.customer
        else { return .unknownCode }
        let screen = self.screen
        let referrerParty = ReferralParty(customerKey: referrer.key, email: referrer.email, phone: referrer.phone)
        let claim = try await storage.claimReferral(
            storeID: store.id, id: UUID().uuidString.lowercased(), referrerKey: referrerKey, code: code,
            friendEmail: friendEmail, ip: ip, now: clock.now()
        ) { facts in
            screen.screen(
                referrer: referrerParty,
                friend: ReferralParty(customerKey: facts.friendCustomerKey ?? "email:" + friendEmail, email: email),
                friendPriorOrders: facts.friendOrders, referralsFromSameIPLast24h: facts.referralsFromIPLast24h)
        }
        switch claim {
        case .recorded(let record): return .recorded(record)
        case .existing(let record): return .existing(record)
        }
    }

    /// A placed order of a customer with an open invitation: the referral moves to `ordered`
    /// (credited later) or `rejected` (a shared phone or shipping address, an earlier order, the
    /// referrer ordering for themselves). Nil when the customer was not invited.
    @discardableResult
    public func orderPlaced(storeID: StoreID, order: Order) async throws -> ReferralRecord? {
        // Every order placed passes here: two small reads decide; the customer's orders are read
        // only for a friend with an open invitation.
        guard let friendKey = order.customerKey, order.cancelledAt == nil,
            let email = try await storage.customerEmail(storeID: storeID, customerKey: friendKey)
                .flatMap(ReferralContact.normalizedEmail),
            var referral = try await storage.invitedReferral(storeID: storeID, friendEmail: email),
            let friend = try await storage.customer(storeID: storeID, key: friendKey, eventLimit: 0)
        else { return nil }
        let referrer = try await storage.customer(storeID: storeID, key: referral.referrerKey, eventLimit: 0)
        let earlier = friend.orders.filter { ($0.placedAt, $0.key) < (order.placedAt, order.key) }.count
        let friendParty = ReferralParty(
            customerKey: friendKey, email: friend.customer.email, phone: friend.customer.phone,
            shippingAddress: order.shippingAddress)
        var addresses = Set((referrer?.orders ?? []).compactMap(\.shippingAddress)).sorted()
        if addresses.isEmpty { addresses = [""] }
        var rejection: ReferralRejection?
        for address in addresses {
            let party = ReferralParty(
                customerKey: referral.referrerKey, email: referrer?.customer.email, phone: referrer?.customer.phone,
                shippingAddress: address.isEmpty ? nil : address)
            rejection = screen.screen(
                referrer: party, friend: friendParty, friendPriorOrders: earlier, referralsFromSameIPLast24h: 0)
            if rejection != nil { break }
        }
        let status: ReferralStatus = rejection == nil ? .ordered : .rejected
        guard
            try await storage.moveReferral(
                storeID: storeID, id: referral.id, from: .invited, to: status, reason: rejection, friendKey: friendKey,
                friendOrderKey: order.key, now: clock.now())
        else { return nil }
        referral.status = status
        referral.reason = rejection
        referral.friendKey = friendKey
        referral.friendOrderKey = order.key
        return referral
    }
}
