/// What starts a journey: an event type, and conditions that must all hold in the context built
/// for that event.
public struct JourneyTrigger: Hashable, Sendable, Codable {
    public var event: String
    public var conditions: [Condition]

    public init(event: String, conditions: [Condition] = []) {
        self.event = event
        self.conditions = conditions
    }

    /// Whether an event of `eventType`, with the context built for it, starts the journey.
    public func matches(eventType: String, context: ContextValue) -> Bool {
        eventType == event && conditions.allSatisfy { $0.evaluate(in: context) }
    }
}
