/// How often a customer may be asked for feedback: at most once per `minimumInterval`, counting
/// every survey (NPS, CSAT, review request) on every channel together.
public struct SurveyThrottle: Hashable, Sendable, Codable {
    /// Seconds that must pass after any ask before the next one; 0 or less never holds back.
    public var minimumInterval: Int64

    /// A throttle; 30 days by default.
    public init(minimumInterval seconds: Int64 = 30 * 86_400) {
        self.minimumInterval = seconds
    }

    /// What the throttle says about asking now.
    public enum Decision: Hashable, Sendable, Codable {
        /// Ask.
        case ask
        /// Do not ask before `until`.
        case wait(until: Timestamp)

        /// Why not, in words; nil for `ask`.
        public var reason: String? {
            switch self {
            case .ask: nil
            case .wait(let until): "the customer was asked for feedback recently; next ask allowed from \(until)"
            }
        }
    }

    /// Whether the customer may be asked at `now`, given the latest ask of any survey on any
    /// channel (nil: never asked). Exactly `minimumInterval` after the last ask is allowed; a last
    /// ask later than `now` (clock skew) holds back until the interval after it has passed.
    public func decide(lastAskedAt: Timestamp?, now: Timestamp) -> Decision {
        guard let lastAskedAt, minimumInterval > 0 else { return .ask }
        let (ms, overflow) = minimumInterval.multipliedReportingOverflow(by: 1000)
        let (next, overflow2) = lastAskedAt.millisecondsSinceEpoch.addingReportingOverflow(ms)
        let until = Timestamp(millisecondsSinceEpoch: overflow || overflow2 ? Int64.max : next)
        return now >= until ? .ask : .wait(until: until)
    }

    /// `decide` over every earlier ask: the latest one counts.
    public func decide(askedAt: [Timestamp], now: Timestamp) -> Decision {
        decide(lastAskedAt: askedAt.max(), now: now)
    }

    /// True when `decide(lastAskedAt:now:)` says ask.
    public func mayAsk(lastAskedAt: Timestamp?, now: Timestamp) -> Bool {
        decide(lastAskedAt: lastAskedAt, now: now) == .ask
    }
}
