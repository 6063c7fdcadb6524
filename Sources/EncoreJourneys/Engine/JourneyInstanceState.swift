import EncoreCore

/// Where an instance is in its life.
public enum JourneyInstanceStatus: String, Hashable, Sendable, Codable {
    /// Runnable now (between steps).
    case active
    /// Paused on a wait, a `wait_for` or a deferred send.
    case waiting
    /// Ran past its last step.
    case completed
    /// Ended by an `exit` step or target (or by the per-advance step limit).
    case exited
    /// Ended because the goal event arrived.
    case converted

    /// Whether the instance has ended.
    public var isFinished: Bool { self == .completed || self == .exited || self == .converted }
}

/// What a `wait_for` step is waiting for: storage hands the instance the first event of this
/// type about the instance's order (`about: order`) or customer that occurred in
/// `since...deadline`, through `JourneyEngine.resume`.
public struct WaitingFor: Hashable, Sendable, Codable {
    public var event: String
    public var about: WaitSubject
    /// When the wait began.
    public var since: Timestamp
    /// When the timeout path is taken (at the next `advance` at or after it).
    public var deadline: Timestamp

    public init(event: String, about: WaitSubject, since: Timestamp, deadline: Timestamp) {
        self.event = event
        self.about = about
        self.since = since
        self.deadline = deadline
    }
}

/// The whole state of one journey instance, as storage keeps it (JSON) between advances. Pure
/// data: `JourneyEngine` maps a state and an instant to the next state.
public struct JourneyInstanceState: Hashable, Sendable, Codable {
    public var journeyID: String
    public var customerKey: String
    /// What the instance is about, e.g. "order:1001" or "customer:c-1" (re-entry is per subject).
    public var subject: String
    public var startedAt: Timestamp
    /// Held out (by `Holdout.isHeldOut`): walks the journey, every send skipped as `holdout`.
    public var heldOut: Bool
    public var status: JourneyInstanceStatus
    /// The step to run next, or the one paused on.
    public var stepIndex: Int
    /// When a `wait` ends or a deferred send is due.
    public var resumeAt: Timestamp?
    /// Set while paused on a `wait_for`.
    public var waitingFor: WaitingFor?
    /// The id of a send already deferred once for quiet hours: when it comes due it is not
    /// deferred again (so a deferral can never loop).
    public var deferredStepID: String?
    /// When the instance ended.
    public var endedAt: Timestamp?

    public init(
        journeyID: String, customerKey: String, subject: String, startedAt: Timestamp, heldOut: Bool,
        status: JourneyInstanceStatus = .active, stepIndex: Int = 0, resumeAt: Timestamp? = nil,
        waitingFor: WaitingFor? = nil, deferredStepID: String? = nil, endedAt: Timestamp? = nil
    ) {
        self.journeyID = journeyID
        self.customerKey = customerKey
        self.subject = subject
        self.startedAt = startedAt
        self.heldOut = heldOut
        self.status = status
        self.stepIndex = stepIndex
        self.resumeAt = resumeAt
        self.waitingFor = waitingFor
        self.deferredStepID = deferredStepID
        self.endedAt = endedAt
    }
}
