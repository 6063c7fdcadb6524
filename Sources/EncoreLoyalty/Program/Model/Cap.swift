/// How much a rule has already given in the current period: what the caller counted from
/// storage between `CapPeriod.start(containing:)` and now.
public struct CapUsage: Hashable, Sendable, Codable {
    /// Awards already made in the period.
    public var count: Int64
    /// Points already awarded in the period.
    public var points: Int64

    /// Usage of `count` awards worth `points`.
    public init(count: Int64 = 0, points: Int64 = 0) {
        self.count = count
        self.points = points
    }

    /// Nothing awarded yet.
    public static let none = CapUsage()
}

/// A limit on one rule per period: at most `maxCount` awards and/or at most `maxPoints` points.
/// The loader guarantees at least one of the two is set and both are positive.
public struct Cap: Hashable, Sendable, Codable {
    /// The calendar period counted over.
    public var period: CapPeriod
    /// Awards per period; nil for no limit on the count.
    public var maxCount: Int64?
    /// Points per period; nil for no limit on the points.
    public var maxPoints: Int64?

    /// A cap over `period`.
    public init(period: CapPeriod, maxCount: Int64? = nil, maxPoints: Int64? = nil) {
        self.period = period
        self.maxCount = maxCount
        self.maxPoints = maxPoints
    }

    /// The points that may be awarded now out of `requested`, given what was used in this period:
    /// 0 once the count is reached, otherwise what is left under the points limit (never negative,
    /// never more than requested). A partial award still counts as one award.
    public func allowance(requested: Int64, used: CapUsage) -> Int64 {
        var allowed = max(0, requested)
        if let maxCount, used.count >= maxCount { return 0 }
        if let maxPoints { allowed = min(allowed, max(0, maxPoints - used.points)) }
        return allowed
    }

    /// The points allowed now under every cap of a rule (the smallest allowance); a period missing
    /// from `usage` counts as unused. With no caps, everything requested is allowed.
    public static func allowance(_ caps: [Cap], requested: Int64, usage: [CapPeriod: CapUsage]) -> Int64 {
        caps.reduce(max(0, requested)) { allowed, cap in
            min(allowed, cap.allowance(requested: requested, used: usage[cap.period] ?? .none))
        }
    }
}
