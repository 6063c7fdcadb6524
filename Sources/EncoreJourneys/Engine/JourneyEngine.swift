import EncoreCore
import Foundation

/// The journey interpreter: pure functions from (definition, state, instant, facts) to the next
/// state, the actions to take and when to wake. No clock, no I/O: storage loads the state,
/// calls these, performs the actions and saves the state in one transaction, so replaying a
/// crashed advance with the same inputs gives the same result.
///
/// Life of an instance: `start` when a trigger matches (and `Reentry.allowsStart` agrees), then
/// `advance` whenever its wake comes due; when an event arrives, `convert` (goal) first, else
/// `resume` (a `wait_for` it is waiting on) followed by `advance`.
public enum JourneyEngine {
    /// The most steps one `advance` runs before ending the instance (`FinishReason.stepLimit`).
    public static let stepLimit = 1_000

    /// A new instance at step 0, held out or not by `Holdout.isHeldOut`. Call `advance` next.
    public static func start(
        definition: JourneyDefinition, customerKey: String, subject: String, now: Timestamp
    ) -> JourneyInstanceState {
        JourneyInstanceState(
            journeyID: definition.id, customerKey: customerKey, subject: subject, startedAt: now,
            heldOut: Holdout.isHeldOut(
                journeyID: definition.id, customerKey: customerKey, percent: definition.holdoutPercent))
    }

    /// Runs steps from the current one until the instance must pause or ends.
    ///
    /// Called before the instance's wake it changes nothing and repeats the wake. When a
    /// `wait_for`'s deadline has passed it takes the timeout path. Sends go through
    /// `SendPolicy` in `zone` (the customer's, else the store's); a quiet-hours deferral pauses
    /// on the send and sends it when due without deferring again. Marketing sends made in this
    /// advance count toward the frequency cap of later sends in it.
    ///
    /// - Parameters:
    ///   - context: the instance's context now (conditions of branches read it).
    ///   - facts: the customer's policy facts now.
    public static func advance(
        definition: JourneyDefinition, state: JourneyInstanceState, now: Timestamp, context: ContextValue,
        facts: PolicyFacts, zone: TimeZone
    ) -> JourneyStepOutcome {
        var run = EngineRun(definition: definition, state: state, now: now, facts: facts, zone: zone)
        return run.advance(context: context)
    }

    /// The instance after the event it waits for arrived at `at`, continuing at the step after the
    /// `wait_for` (call `advance` next); nil when it is not waiting for `eventType`, or `at` is
    /// outside the wait. Storage checks that the event is about the right order or customer.
    public static func resume(
        definition: JourneyDefinition, state: JourneyInstanceState, eventType: String, at: Timestamp
    ) -> JourneyInstanceState? {
        guard !state.status.isFinished, let waiting = state.waitingFor, waiting.event == eventType,
            at >= waiting.since, at <= waiting.deadline
        else { return nil }
        var next = state
        next.waitingFor = nil
        next.status = .active
        next.stepIndex += 1
        return next
    }

    /// The instance ended as converted when `eventType` at `at` reaches the journey's goal (held-out
    /// instances convert too: they are the control group); nil otherwise. Ends it at once, even
    /// in the middle of a wait. A finished instance (completed or exited) still converts within
    /// its goal window, which counts from its start: a journey whose last message went out before
    /// the customer came back is credited like its holdout, whose steps all end at once.
    public static func convert(
        definition: JourneyDefinition, state: JourneyInstanceState, eventType: String, at: Timestamp
    ) -> JourneyStepOutcome? {
        guard state.status != .converted, let goal = definition.goal,
            goal.isReached(eventType: eventType, at: at, startedAt: state.startedAt)
        else { return nil }
        var next = state
        next.status = .converted
        next.endedAt = at
        next.resumeAt = nil
        next.waitingFor = nil
        next.deferredStepID = nil
        return JourneyStepOutcome(state: next, actions: [.finished(.converted)], wake: .done)
    }
}
