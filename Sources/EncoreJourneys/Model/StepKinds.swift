import EncoreCore

/// Send a message: a template set on a channel, in a category (the journey's unless given).
public struct SendStep: Hashable, Sendable, Codable {
    /// `.email` or `.sms` (the loader refuses other channels).
    public var channel: Channel
    public var template: String
    public var category: JourneyCategory?
    /// This send's quiet-hours action, overriding the journey's.
    public var quietHours: QuietHoursAction?
    /// The message asks for feedback (an NPS or CSAT question): it passes the store's survey
    /// throttle, shared with every survey Encore puts, and counts as a question asked.
    public var survey: Bool?

    public init(
        channel: Channel, template: String, category: JourneyCategory? = nil, quietHours: QuietHoursAction? = nil,
        survey: Bool? = nil
    ) {
        self.channel = channel
        self.template = template
        self.category = category
        self.quietHours = quietHours
        self.survey = survey
    }
}

/// Wait for a duration, or until a local-time window on given weekdays.
public enum WaitStep: Hashable, Sendable {
    case duration(JourneyDuration)
    /// Continue at the next moment inside `window` on one of `weekdays` (every day when empty), in
    /// the customer's zone; at once when already inside.
    case until(window: LocalWindow, weekdays: [Weekday])
}

extension WaitStep: Codable {
    /// Stored as `{"for": "2d"}` or `{"until": "09:00-11:00", "weekdays": ["mon"]}`.
    private enum CodingKeys: String, CodingKey {
        case duration = "for", until, weekdays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let duration = try container.decodeIfPresent(JourneyDuration.self, forKey: .duration) {
            self = .duration(duration)
        } else {
            self = .until(
                window: try container.decode(LocalWindow.self, forKey: .until),
                weekdays: try container.decodeIfPresent([Weekday].self, forKey: .weekdays) ?? [])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .duration(let duration): try container.encode(duration, forKey: .duration)
        case .until(let window, let weekdays):
            try container.encode(window, forKey: .until)
            try container.encode(weekdays, forKey: .weekdays)
        }
    }
}

/// What a `wait_for` event must be about to count.
public enum WaitSubject: String, Hashable, Sendable, Codable, CaseIterable {
    /// The instance's order.
    case order
    /// Any order or event of the instance's customer.
    case customer
}

/// Wait for an event; continue with the next step when it arrives, with `onTimeout` when not.
public struct WaitForStep: Hashable, Sendable, Codable {
    public var event: String
    public var about: WaitSubject
    public var timeout: JourneyDuration
    public var onTimeout: GotoTarget

    public init(event: String, about: WaitSubject, timeout: JourneyDuration, onTimeout: GotoTarget = .next) {
        self.event = event
        self.about = about
        self.timeout = timeout
        self.onTimeout = onTimeout
    }
}

/// One arm of a branch: when `condition` holds, continue at `goto`.
public struct BranchCase: Hashable, Sendable, Codable {
    public var condition: Condition
    public var goto: GotoTarget

    public init(condition: Condition, goto: GotoTarget) {
        self.condition = condition
        self.goto = goto
    }
}

/// The first arm whose condition holds wins; otherwise `otherwise` (default `next`).
public struct BranchStep: Hashable, Sendable, Codable {
    public var cases: [BranchCase]
    public var otherwise: GotoTarget

    public init(cases: [BranchCase], otherwise: GotoTarget = .next) {
        self.cases = cases
        self.otherwise = otherwise
    }
}

/// One arm of a split, chosen with probability weight / total weight.
public struct SplitArm: Hashable, Sendable, Codable {
    public var weight: Int
    public var goto: GotoTarget

    public init(weight: Int, goto: GotoTarget) {
        self.weight = weight
        self.goto = goto
    }
}

/// Post a journey event to a URL (the shop's own systems).
public struct WebhookStep: Hashable, Sendable, Codable {
    public var url: String
    public var event: String

    public init(url: String, event: String) {
        self.url = url
        self.event = event
    }
}
