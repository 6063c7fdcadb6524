import EncoreCore
import Foundation

/// An event a dry run may assume happens: its type and when.
public struct KnownEvent: Hashable, Sendable {
    public var type: String
    public var at: Timestamp

    public init(type: String, at: Timestamp) {
        self.type = type
        self.at = at
    }
}

/// `encore journeys dry-run`: what one instance would do, simulated in time with the real
/// engine. Waits elapse; a `wait_for` resumes at the first known event of its type inside the
/// wait, else takes its timeout path; a known goal event inside the window ends the plan as
/// converted. Marketing sends in the plan count toward the frequency cap of later ones.
public enum JourneyDryRun {
    /// The most engine advances one plan simulates.
    public static let advanceLimit = 500

    /// The plan of one instance started at `start`.
    ///
    /// - Parameters:
    ///   - customerKey: picks the holdout and split arms exactly as the live engine would.
    ///   - subject: the instance's subject ("order:1001").
    ///   - knownEvents: events to assume, any order.
    public static func plan(
        definition: JourneyDefinition, version: Int, customerKey: String, subject: String, context: ContextValue,
        start: Timestamp, zone: TimeZone, facts: PolicyFacts, knownEvents: [KnownEvent] = []
    ) -> [PlannedStep] {
        let events = knownEvents.sorted { $0.at < $1.at }
        var facts = facts
        var plan: [PlannedStep] = []
        var state = JourneyEngine.start(definition: definition, customerKey: customerKey, subject: subject, now: start)
        var now = start

        func record(_ actions: [JourneyAction], at instant: Timestamp) {
            let local = LocalISO8601.format(instant, in: zone)
            func planned(_ step: String?, _ action: PlannedStep.Action) -> PlannedStep {
                PlannedStep(
                    journey: definition.id, version: version, step: step, action: action, dueUTC: instant,
                    dueLocal: local)
            }
            for action in actions {
                var entry: PlannedStep
                switch action {
                case .send(let send), .skip(let send, _):
                    entry = planned(send.stepID, .send)
                    entry.channel = send.channel
                    entry.template = send.template
                    entry.category = send.category
                    if case .skip(_, let reason) = action {
                        entry.action = .skip
                        entry.skipReason = reason
                    } else if send.category == .marketing {
                        facts.recentMarketingSends.append(instant)
                    }
                case .tag(let tag):
                    entry = planned(nil, .tag)
                    entry.detail = tag
                case .webhook(let stepID, let url, _):
                    entry = planned(stepID, .webhook)
                    entry.detail = url
                case .finished(let reason):
                    entry = planned(nil, .end)
                    entry.detail = reason.rawValue
                }
                plan.append(entry)
            }
        }

        for _ in 0..<advanceLimit {
            let outcome = JourneyEngine.advance(
                definition: definition, state: state, now: now, context: context, facts: facts, zone: zone)
            state = outcome.state
            record(outcome.actions, at: now)
            var next: Timestamp
            var resumeWith: KnownEvent?
            switch outcome.wake {
            case .done:
                return plan
            case .at(let due):
                next = due
            case .waitingFor(let event, _, let deadline):
                let since = state.waitingFor?.since ?? now
                resumeWith = events.first { $0.type == event && $0.at >= since && $0.at <= deadline }
                next = resumeWith?.at ?? deadline
            }
            if let goal = definition.goal,
                let reached = events.first(where: {
                    $0.at <= next && goal.isReached(eventType: $0.type, at: $0.at, startedAt: state.startedAt)
                }),
                let converted = JourneyEngine.convert(
                    definition: definition, state: state, eventType: reached.type, at: reached.at)
            {
                record(converted.actions, at: reached.at)
                return plan
            }
            if let event = resumeWith,
                let resumed = JourneyEngine.resume(
                    definition: definition, state: state, eventType: event.type, at: event.at)
            {
                state = resumed
            }
            now = max(now, next)
        }
        return plan
    }
}
