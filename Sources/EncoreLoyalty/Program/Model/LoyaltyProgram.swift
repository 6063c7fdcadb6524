import EncoreCore

/// A store's loyalty program: how points are earned, the tiers, the rewards, expiry and what a
/// refund of spent points does. What `LoyaltyProgramLoader` makes of a YAML file, with every default
/// filled in. Published in versions like journeys: Codable (storage keeps one JSON document per
/// version) and Hashable (re-applying an unchanged file publishes nothing).
///
/// Money amounts are minor units of `currency`; points are whole numbers.
public struct LoyaltyProgram: Hashable, Sendable {
    /// The currency of every amount in the program (the store's currency).
    public var currency: Currency
    /// Points for purchases; nil: purchases earn nothing.
    public var purchase: PurchaseRule?
    /// Points for other actions, at most one rule per action, in `LoyaltyAction.allCases` order.
    public var actions: [ActionRule]
    /// The tier ladder; nil: no tiers (every purchase earns at multiplier 1).
    public var tiers: TierPolicy?
    /// In the order they are shown; keys unique.
    public var rewards: [Reward]
    /// When points expire.
    public var expiry: ExpiryPolicy
    /// What a refund of already spent points does.
    public var reversalPolicy: RefundShortfallPolicy

    /// A program.
    public init(
        currency: Currency, purchase: PurchaseRule?, actions: [ActionRule] = [], tiers: TierPolicy? = nil,
        rewards: [Reward] = [], expiry: ExpiryPolicy = .never, reversalPolicy: RefundShortfallPolicy = .negativeBalance
    ) {
        self.currency = currency
        self.purchase = purchase
        self.actions = actions
        self.tiers = tiers
        self.rewards = rewards
        self.expiry = expiry
        self.reversalPolicy = reversalPolicy
    }

    /// The rule for an action; nil when the action earns nothing.
    public func rule(for action: LoyaltyAction) -> ActionRule? { actions.first { $0.action == action } }

    /// The reward with this key.
    public func reward(key: String) -> Reward? { rewards.first { $0.key == key } }

    /// The tier with this key.
    public func tier(key: String) -> Tier? { tiers?.tier(key: key) }

    /// The purchase multiplier of a tier: 1 without tiers, for nil or for an unknown key.
    public func multiplier(forTier key: String?) -> Multiplier {
        key.flatMap { tier(key: $0) }?.multiplier ?? .one
    }

    /// The points an order earns for a customer in tier `tierKey` (see `EarningCalculator`).
    public func earning(for order: Order, tierKey: String?) -> PurchaseEarning {
        EarningCalculator.earning(
            for: order, rule: purchase, currency: currency, multiplier: multiplier(forTier: tierKey))
    }
}

extension LoyaltyProgram: Codable {
    private enum CodingKeys: String, CodingKey {
        case currency, purchase, actions, tiers, rewards, expiry, reversalPolicy
    }

    /// Decodes the JSON storage keeps; the currency is its ISO 4217 code.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .currency)
        guard let currency = Currency(code: code) else {
            throw DecodingError.dataCorruptedError(
                forKey: .currency, in: container, debugDescription: "'\(code)' is not an ISO 4217 currency")
        }
        self.currency = currency
        purchase = try container.decodeIfPresent(PurchaseRule.self, forKey: .purchase)
        actions = try container.decode([ActionRule].self, forKey: .actions)
        tiers = try container.decodeIfPresent(TierPolicy.self, forKey: .tiers)
        rewards = try container.decode([Reward].self, forKey: .rewards)
        expiry = try container.decode(ExpiryPolicy.self, forKey: .expiry)
        reversalPolicy = try container.decode(RefundShortfallPolicy.self, forKey: .reversalPolicy)
    }

    /// Encodes every field; the currency as its code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currency.code, forKey: .currency)
        try container.encodeIfPresent(purchase, forKey: .purchase)
        try container.encode(actions, forKey: .actions)
        try container.encodeIfPresent(tiers, forKey: .tiers)
        try container.encode(rewards, forKey: .rewards)
        try container.encode(expiry, forKey: .expiry)
        try container.encode(reversalPolicy, forKey: .reversalPolicy)
    }
}
