import EncoreCore

/// One dated qualifying amount: minor units spent (basis `spend`) or points earned (basis
/// `points`). Refunds may come as negative amounts.
public struct QualifyingActivity: Hashable, Sendable, Codable {
    /// When it happened.
    public var at: Timestamp
    /// Minor units or points, per the policy's basis.
    public var amount: Int64

    /// An amount at an instant.
    public init(at: Timestamp, amount: Int64) {
        self.at = at
        self.amount = amount
    }
}

/// A customer's tier as stored: which, and since when (the anniversary policy counts from it).
public struct CurrentTier: Hashable, Sendable, Codable {
    /// The tier's key.
    public var key: String
    /// When the customer reached it.
    public var reachedAt: Timestamp

    /// A tier reached at an instant.
    public init(key: String, reachedAt: Timestamp) {
        self.key = key
        self.reachedAt = reachedAt
    }
}

/// How the tier moved.
public enum TierChange: Hashable, Sendable, Codable {
    /// Same tier as stored.
    case unchanged
    /// Up from a tier; from nil when the customer had none and lands above the lowest.
    case up(from: String?)
    /// Down from the stored tier.
    case down(from: String)
}

/// How far the customer is from the next tier.
public struct TierProgress: Hashable, Sendable, Codable {
    /// The next tier's key.
    public var nextKey: String
    /// Qualifying amount still needed (minor units or points); positive.
    public var remaining: Int64
    /// Qualifying amount over the next tier's threshold, in thousandths (0...999): a progress bar.
    public var perMille: Int

    /// A progress report.
    public init(nextKey: String, remaining: Int64, perMille: Int) {
        self.nextKey = nextKey
        self.remaining = remaining
        self.perMille = perMille
    }
}

/// What `TierEvaluator` decided.
public struct TierEvaluation: Hashable, Sendable, Codable {
    /// The tier the customer holds now.
    public var tier: Tier
    /// Since when the customer holds `tier`: kept when unchanged, else the instant of the change.
    public var reachedAt: Timestamp
    /// How it differs from the stored tier.
    public var change: TierChange
    /// The qualifying amount in the window ending now.
    public var qualifying: Int64
    /// nil at the top tier.
    public var progress: TierProgress?

    /// An evaluation.
    public init(tier: Tier, reachedAt: Timestamp, change: TierChange, qualifying: Int64, progress: TierProgress?) {
        self.tier = tier
        self.reachedAt = reachedAt
        self.change = change
        self.qualifying = qualifying
        self.progress = progress
    }
}
