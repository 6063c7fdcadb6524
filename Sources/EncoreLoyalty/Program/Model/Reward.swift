/// What a reward gives. Amounts are minor units of the program's currency.
public enum RewardKind: Hashable, Sendable, Codable {
    /// A discount code worth a fixed amount.
    case fixedDiscount(amount: Int64)
    /// A discount code for a whole percent (1-100) off.
    case percentageDiscount(percent: Int)
    /// A code for free shipping on the next order.
    case freeShipping
    /// A free unit of the product with this SKU.
    case freeProduct(sku: String)
    /// A voucher of a partner brand worth `value`.
    case partnerVoucher(partnerID: String, value: Int64)

    /// The name used in the YAML file: fixed_discount, percentage_discount, free_shipping,
    /// free_product, partner_voucher.
    public var name: String {
        switch self {
        case .fixedDiscount: return "fixed_discount"
        case .percentageDiscount: return "percentage_discount"
        case .freeShipping: return "free_shipping"
        case .freeProduct: return "free_product"
        case .partnerVoucher: return "partner_voucher"
        }
    }
}

/// How a redeemed reward's code reaches the customer.
public enum RewardFulfilment: String, CaseIterable, Hashable, Sendable, Codable {
    /// A code taken from a pool imported beforehand.
    case codePool = "code_pool"
    /// A signed webhook asks the shop to issue the code.
    case webhook
}

/// A reward customers can redeem points for.
public struct Reward: Hashable, Sendable, Codable {
    /// Stable identifier, `[a-z0-9_-]{1,64}`.
    public var key: String
    /// What customers see.
    public var name: String
    /// What the reward gives.
    public var kind: RewardKind
    /// Points spent per redemption; positive.
    public var cost: Int64
    /// Units available in total; nil for unlimited.
    public var stock: Int64?
    /// Redemptions allowed per customer; nil for unlimited.
    public var perCustomerLimit: Int64?
    /// How the code is issued.
    public var fulfilment: RewardFulfilment

    /// A reward.
    public init(
        key: String, name: String, kind: RewardKind, cost: Int64, stock: Int64? = nil, perCustomerLimit: Int64? = nil,
        fulfilment: RewardFulfilment
    ) {
        self.key = key
        self.name = name
        self.kind = kind
        self.cost = cost
        self.stock = stock
        self.perCustomerLimit = perCustomerLimit
        self.fulfilment = fulfilment
    }
}
