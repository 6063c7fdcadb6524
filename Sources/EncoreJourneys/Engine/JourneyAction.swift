import EncoreCore

/// A message a send step would send, with its step and the category the policy applied.
public struct JourneySend: Hashable, Sendable, Codable {
    public var stepID: String
    public var channel: Channel
    public var template: String
    public var category: JourneyCategory
    /// The send asks a survey question (it counts as one asked when it goes out).
    public var survey: Bool?

    public init(stepID: String, channel: Channel, template: String, category: JourneyCategory, survey: Bool? = nil) {
        self.stepID = stepID
        self.channel = channel
        self.template = template
        self.category = category
        self.survey = survey
    }
}

/// Why an instance ended.
public enum FinishReason: String, Hashable, Sendable, Codable {
    /// Ran past its last step.
    case completed
    /// An `exit` step or `goto: exit`.
    case exited
    /// The goal event arrived.
    case converted
    /// One advance ran more steps than `JourneyEngine.stepLimit` (a guard; loops without a wait
    /// are refused when the file is loaded).
    case stepLimit = "step_limit"
}

/// What the caller must do after an advance, in order: enqueue sends, record skips, tag the
/// customer, post webhooks, record the end.
public enum JourneyAction: Hashable, Sendable {
    case send(JourneySend)
    /// A send the policy refused, with the machine reason.
    case skip(JourneySend, reason: SkipReason)
    /// Add a tag to the customer.
    case tag(String)
    case webhook(stepID: String, url: String, event: String)
    case finished(FinishReason)
}

/// When the caller should next call `JourneyEngine.advance` for the instance.
public enum JourneyWake: Hashable, Sendable {
    /// At this instant (a wait's end, a deferred send).
    case at(Timestamp)
    /// When this event arrives (then `resume`, then `advance`), or at the deadline (`advance`
    /// takes the timeout path).
    case waitingFor(event: String, about: WaitSubject, deadline: Timestamp)
    /// Never: the instance has ended.
    case done
}

/// The result of one `advance`: the new state, what to do, and when to come back.
public struct JourneyStepOutcome: Hashable, Sendable {
    public var state: JourneyInstanceState
    public var actions: [JourneyAction]
    public var wake: JourneyWake

    public init(state: JourneyInstanceState, actions: [JourneyAction], wake: JourneyWake) {
        self.state = state
        self.actions = actions
        self.wake = wake
    }
}
