import EncoreCore

/// The marketing frequency cap across all journeys: each limit allows at most `count` marketing
/// sends in any window of `window` elapsed time. Transactional sends are exempt and not counted.
public struct FrequencyCap: Hashable, Sendable, Codable {
    /// At most `count` sends in `window`.
    public struct Limit: Hashable, Sendable, Codable {
        public var count: Int
        public var window: JourneyDuration

        public init(count: Int, window: JourneyDuration) {
            self.count = count
            self.window = window
        }
    }

    public var limits: [Limit]

    public init(limits: [Limit]) {
        self.limits = limits
    }

    /// 1 per 24 h and 3 per 7 days.
    public static let standard = FrequencyCap(limits: [
        Limit(count: 1, window: JourneyDuration(24, .hours)), Limit(count: 3, window: JourneyDuration(7, .days)),
    ])

    /// No cap.
    public static let none = FrequencyCap(limits: [])

    /// Whether one more marketing send at `now` would exceed a limit, given earlier marketing
    /// send times (only those in `(now - window, now]` count).
    public func isReached(now: Timestamp, recentSends: [Timestamp]) -> Bool {
        limits.contains { limit in
            let since = now.millisecondsSinceEpoch - limit.window.elapsedMilliseconds
            let inWindow = recentSends.count { $0.millisecondsSinceEpoch > since && $0 <= now }
            return inWindow >= limit.count
        }
    }
}
