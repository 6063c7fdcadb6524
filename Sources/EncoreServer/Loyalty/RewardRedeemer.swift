import EncoreCore
import EncoreLoyalty
import EncoreStore

/// Why a redemption could not even be tried.
public enum RedeemError: Error, Hashable, Sendable, CustomStringConvertible {
    case noProgram
    case unknownReward(String)
    /// A reward fulfilled by webhook, but the store has no `rewards_webhook_url`.
    case noWebhook(String)
    case invalidRequestKey(String)

    public var description: String {
        switch self {
        case .noProgram: "the store has no loyalty program"
        case .unknownReward(let key): "the program has no reward '\(key)'"
        case .noWebhook(let key):
            "reward '\(key)' is fulfilled by webhook, but the store has no rewards webhook URL (encore stores settings --rewards-webhook-url)"
        case .invalidRequestKey(let reason): "request key: \(reason)"
        }
    }
}

/// Redeems rewards from the latest program: a code from the reward's imported pool, or one
/// Encore issues and announces to the shop with a signed `reward.redeemed` webhook (queued in the
/// outbox in the same transaction, so the shop hears of every code exactly as the customer gets it).
public struct RewardRedeemer: Sendable {
    let storage: any EncoreStorage
    let clock: any Clock

    public init(storage: any EncoreStorage, clock: any Clock = SystemClock()) {
        self.storage = storage
        self.clock = clock
    }

    /// Redeems `rewardKey` for the customer; `requestKey` makes a retried request return the
    /// first one's redemption instead of redeeming again.
    public func redeem(store: Store, customerKey: String, rewardKey: String, requestKey: String) async throws
        -> RedemptionOutcome
    {
        guard (1...128).contains(requestKey.utf8.count), !requestKey.contains("|") else {
            throw RedeemError.invalidRequestKey("1 to 128 characters without '|'")
        }
        guard let published = try await storage.loyaltyProgram(storeID: store.id) else { throw RedeemError.noProgram }
        guard let reward = published.program.reward(key: rewardKey) else { throw RedeemError.unknownReward(rewardKey) }
        let now = clock.now()
        var code: String?
        var announcement: OutboxMessage?
        if reward.fulfilment == .webhook {
            guard let url = store.settings.rewardsWebhookURL else { throw RedeemError.noWebhook(rewardKey) }
            let issued = Self.issueCode()
            code = issued
            announcement = OutboxMessage(
                storeID: store.id, messageID: "reward:\(customerKey)|\(requestKey)", customerKey: customerKey,
                channel: .webhook, category: .transactional, recipient: url,
                text: Self.announcement(store: store, customerKey: customerKey, reward: reward, code: issued, now: now),
                nextAttemptAt: now, createdAt: now)
        }
        return try await storage.redeem(
            storeID: store.id, customerKey: customerKey, reward: reward, programVersion: published.version,
            requestKey: requestKey, issuedCode: code, announcement: announcement, now: now)
    }

    /// "ENC-" and 12 characters of Crockford's base32 (60 random bits): unguessable, and easy to
    /// read out or type.
    static func issueCode() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        var code = "ENC-"
        for index in 0..<12 {
            if index == 4 || index == 8 { code.append("-") }
            code.append(alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))])
        }
        return code
    }

    /// The body of `reward.redeemed`: what the shop needs to create the code.
    static func announcement(store: Store, customerKey: String, reward: Reward, code: String, now: Timestamp) -> String {
        let exponent = store.currency.exponent
        var value: [(String, JSONText)] = [("kind", .string(reward.kind.name))]
        switch reward.kind {
        case .fixedDiscount(let amount):
            value.append(("amount", .string(Money.format(minorUnits: amount, exponent: exponent))))
            value.append(("currency", .string(store.currency.code)))
        case .percentageDiscount(let percent): value.append(("percent", .int(Int64(percent))))
        case .freeShipping: break
        case .freeProduct(let sku): value.append(("sku", .string(sku)))
        case .partnerVoucher(let partner, let amount):
            value.append(("partner", .string(partner)))
            value.append(("amount", .string(Money.format(minorUnits: amount, exponent: exponent))))
        }
        return JSONText.render([
            ("type", .string("reward.redeemed")), ("store", .string(store.name)), ("customer_id", .string(customerKey)),
            ("reward", .string(reward.key)), ("name", .string(reward.name)), ("value", .object(value)),
            ("code", .string(code)), ("points", .int(reward.cost)), ("redeemed_at", .string(now.iso8601)),
        ])
    }
}
