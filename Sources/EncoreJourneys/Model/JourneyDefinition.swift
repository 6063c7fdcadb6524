/// A parsed, valid journey: what `JourneyLoader` makes of a YAML file, with every default filled
/// in. Codable (storage keeps one JSON document per published version) and Equatable (a re-apply
/// of an unchanged file publishes nothing).
public struct JourneyDefinition: Hashable, Sendable, Codable {
    /// Stable across versions: `[a-z0-9-]{1,64}`.
    public var id: String
    public var name: String
    public var category: JourneyCategory
    public var trigger: JourneyTrigger
    public var reentry: Reentry
    /// Percent of customers held out, 0-50.
    public var holdoutPercent: Int
    /// nil: no conversion tracking.
    public var goal: JourneyGoal?
    public var quietHours: QuietHours
    public var steps: [JourneyStep]

    /// A definition with the file format's defaults: holdout 10 for marketing and 0 otherwise, the
    /// next-order goal for marketing, 21:00-08:00 quiet hours with per-category actions.
    public init(
        id: String, name: String, category: JourneyCategory, trigger: JourneyTrigger,
        reentry: Reentry = .oncePerSubject, holdoutPercent: Int? = nil, goal: JourneyGoal?? = nil,
        quietHours: QuietHours = QuietHours(), steps: [JourneyStep]
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.trigger = trigger
        self.reentry = reentry
        self.holdoutPercent = holdoutPercent ?? (category == .marketing ? 10 : 0)
        self.goal = goal ?? (category == .marketing ? JourneyGoal.nextOrder : nil)
        self.quietHours = quietHours
        self.steps = steps
    }

    /// The index of the step with this id.
    public func index(ofStep id: String) -> Int? {
        steps.firstIndex { $0.id == id }
    }

    /// The category a send step sends in: its own, else the journey's.
    public func category(of send: SendStep) -> JourneyCategory {
        send.category ?? category
    }
}

extension JourneyDefinition {
    /// Every event type an instance of this journey can react to: its trigger, its goal and the
    /// events its `wait_for` steps wait for. Only these need to reach the journey worker.
    public var consumedEventTypes: Set<String> {
        var types: Set<String> = [trigger.event]
        if let goal { types.insert(goal.event) }
        for step in steps {
            if case .waitFor(let wait) = step.kind { types.insert(wait.event) }
        }
        return types
    }
}
