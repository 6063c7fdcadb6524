/// One tier: reached when the qualifying amount is at least `threshold`; multiplies purchase points.
public struct Tier: Hashable, Sendable, Codable {
    /// Stable identifier, `[a-z0-9_-]{1,64}`.
    public var key: String
    /// What customers see.
    public var name: String
    /// Minor units of spend (basis `spend`) or points earned (basis `points`) within the window.
    public var threshold: Int64
    /// At least 1.
    public var multiplier: Multiplier

    /// A tier.
    public init(key: String, name: String, threshold: Int64, multiplier: Multiplier) {
        self.key = key
        self.name = name
        self.threshold = threshold
        self.multiplier = multiplier
    }
}

/// What qualifies a customer for a tier.
public enum TierBasis: String, CaseIterable, Hashable, Sendable, Codable {
    /// Money spent in the window (minor units).
    case spend
    /// Points earned in the window.
    case points
}

/// When a customer may lose a tier.
public enum DowngradePolicy: String, CaseIterable, Hashable, Sendable, Codable {
    /// A tier once reached is kept.
    case never
    /// Reviewed yearly on the anniversary of reaching the tier.
    case anniversary
    /// Lost as soon as the rolling window no longer qualifies.
    case rolling
}

/// The tier ladder and how customers move on it.
public struct TierPolicy: Hashable, Sendable, Codable {
    /// What the thresholds measure.
    public var basis: TierBasis
    /// The rolling window of qualifying history, in calendar months.
    public var windowMonths: Int
    /// When a tier can be lost.
    public var downgrade: DowngradePolicy
    /// Thresholds strictly increasing, the first 0 (the loader guarantees both).
    public var tiers: [Tier]

    /// A ladder of `tiers`.
    public init(basis: TierBasis, windowMonths: Int = 12, downgrade: DowngradePolicy, tiers: [Tier]) {
        self.basis = basis
        self.windowMonths = windowMonths
        self.downgrade = downgrade
        self.tiers = tiers
    }

    /// The tier with this key.
    public func tier(key: String) -> Tier? { tiers.first { $0.key == key } }
}
