import EncoreCore

/// What a journey is trying to cause: when `event` arrives for the customer within `within` of
/// the instance's start (elapsed time), the instance ends as converted.
public struct JourneyGoal: Hashable, Sendable, Codable {
    public var event: String
    public var within: JourneyDuration

    public init(event: String, within: JourneyDuration) {
        self.event = event
        self.within = within
    }

    /// The marketing default: the customer's next order within 30 days.
    public static let nextOrder = JourneyGoal(event: "order.placed", within: JourneyDuration(30, .days))

    /// Whether an event of `eventType` at `at` reaches the goal of an instance started at
    /// `startedAt`: strictly after the start and no later than the window's end.
    public func isReached(eventType: String, at: Timestamp, startedAt: Timestamp) -> Bool {
        eventType == event && at > startedAt
            && at.millisecondsSinceEpoch <= startedAt.millisecondsSinceEpoch + within.elapsedMilliseconds
    }
}
