import EncoreCore

/// How purchases earn points: `pointsPerUnit` points for every `unitAmount` of eligible spend
/// (one major unit by default: 1 point per 1.00 USD), times the customer's tier multiplier.
/// Shipping and tax never count; excluded categories and SKUs earn nothing.
public struct PurchaseRule: Hashable, Sendable, Codable {
    /// Points per `unitAmount` of eligible spend; positive.
    public var pointsPerUnit: Int64
    /// The spend, minor units of the program's currency, that earns `pointsPerUnit`; positive.
    public var unitAmount: Int64
    /// Orders whose eligible subtotal is below this (minor units) earn nothing; 0 for no minimum.
    public var minimumOrder: Int64
    /// Line categories that earn nothing, compared without regard to case.
    public var excludedCategories: [String]
    /// Line SKUs that earn nothing, compared without regard to case.
    public var excludedSKUs: [String]
    /// Whether purchase points stay pending until the order's return window closes.
    public var pendingUntilReturnWindowCloses: Bool
    /// Limits on purchase points per period (points caps; a count cap limits earning orders).
    public var caps: [Cap]

    /// A rule with the file format's defaults for everything but the rate.
    public init(
        pointsPerUnit: Int64, unitAmount: Int64, minimumOrder: Int64 = 0, excludedCategories: [String] = [],
        excludedSKUs: [String] = [], pendingUntilReturnWindowCloses: Bool = true, caps: [Cap] = []
    ) {
        self.pointsPerUnit = pointsPerUnit
        self.unitAmount = unitAmount
        self.minimumOrder = minimumOrder
        self.excludedCategories = excludedCategories
        self.excludedSKUs = excludedSKUs
        self.pendingUntilReturnWindowCloses = pendingUntilReturnWindowCloses
        self.caps = caps
    }

    /// Whether the line's category or SKU is excluded from earning.
    public func excludes(_ line: LineItem) -> Bool {
        func matches(_ value: String?, _ list: [String]) -> Bool {
            guard let value = value?.lowercased() else { return false }
            return list.contains { $0.lowercased() == value }
        }
        return matches(line.category, excludedCategories) || matches(line.sku, excludedSKUs)
    }

    /// When points earned on a purchase become spendable: when the return window closes if they
    /// are held, at once otherwise. A nil `returnWindowClosesAt` (not delivered yet) keeps held
    /// points pending (nil).
    public func availableAt(earnedAt: Timestamp, returnWindowClosesAt: Timestamp?) -> Timestamp? {
        guard pendingUntilReturnWindowCloses else { return earnedAt }
        return returnWindowClosesAt.map { max($0, earnedAt) }
    }
}
