import EncoreCore
import Foundation

/// One `JourneyEngine.advance`: the mutable walk over the steps. Internal.
struct EngineRun {
    let definition: JourneyDefinition
    var state: JourneyInstanceState
    let now: Timestamp
    let facts: PolicyFacts
    let zone: TimeZone
    var actions: [JourneyAction] = []
    var marketingSends: [Timestamp]

    init(definition: JourneyDefinition, state: JourneyInstanceState, now: Timestamp, facts: PolicyFacts, zone: TimeZone)
    {
        self.definition = definition
        self.state = state
        self.now = now
        self.facts = facts
        self.zone = zone
        self.marketingSends = facts.recentMarketingSends
    }

    mutating func advance(context: ContextValue) -> JourneyStepOutcome {
        if state.status.isFinished { return outcome(.done) }
        if let waiting = state.waitingFor {
            if now < waiting.deadline {
                return outcome(.waitingFor(event: waiting.event, about: waiting.about, deadline: waiting.deadline))
            }
            state.waitingFor = nil
            guard state.stepIndex < definition.steps.count,
                case .waitFor(let step) = definition.steps[state.stepIndex].kind
            else { return finish(.completed) }
            if let ended = jump(step.onTimeout) { return ended }
        } else if let due = state.resumeAt {
            if now < due { return outcome(.at(due)) }
            state.resumeAt = nil
            if state.stepIndex < definition.steps.count, case .wait = definition.steps[state.stepIndex].kind {
                state.stepIndex += 1
            }
        }
        state.status = .active
        var ran = 0
        while true {
            guard ran < JourneyEngine.stepLimit else { return finish(.stepLimit) }
            ran += 1
            guard state.stepIndex < definition.steps.count else { return finish(.completed) }
            let step = definition.steps[state.stepIndex]
            switch step.kind {
            case .send(let send):
                if let deferred = runSend(send, id: step.id) { return deferred }
            case .wait(.duration(let duration)):
                return pause(until: duration.end(after: now, in: zone))
            case .wait(.until(let window, let weekdays)):
                let opening = window.nextStart(atOrAfter: now, weekdays: weekdays, in: zone)
                if opening > now { return pause(until: opening) }
                state.stepIndex += 1
            case .waitFor(let waitFor):
                let deadline = waitFor.timeout.end(after: now, in: zone)
                state.waitingFor = WaitingFor(
                    event: waitFor.event, about: waitFor.about, since: now, deadline: deadline)
                state.status = .waiting
                return outcome(.waitingFor(event: waitFor.event, about: waitFor.about, deadline: deadline))
            case .branch(let branch):
                let target = branch.cases.first { $0.condition.evaluate(in: context) }?.goto ?? branch.otherwise
                if let ended = jump(target) { return ended }
            case .split(let arms):
                let arm = SplitChoice.choose(
                    arms, journeyID: definition.id, customerKey: state.customerKey, stepID: step.id)
                if let ended = jump(arm?.goto ?? .next) { return ended }
            case .update(let tag):
                actions.append(.tag(tag))
                state.stepIndex += 1
            case .webhook(let webhook):
                actions.append(.webhook(stepID: step.id, url: webhook.url, event: webhook.event))
                state.stepIndex += 1
            case .exit:
                return finish(.exited)
            }
        }
    }

    /// Applies the policy to a send; returns the outcome when it pauses (deferred).
    private mutating func runSend(_ send: SendStep, id: String) -> JourneyStepOutcome? {
        let category = definition.category(of: send)
        let message = JourneySend(
            stepID: id, channel: send.channel, template: send.template, category: category,
            survey: send.survey == true ? true : nil)
        let decision = SendPolicy.decide(
            send: send, category: category, quietHours: definition.quietHours, heldOut: state.heldOut,
            alreadyDeferred: state.deferredStepID == id, facts: facts, recentMarketingSends: marketingSends, now: now,
            zone: zone)
        switch decision {
        case .send:
            actions.append(.send(message))
            if category == .marketing { marketingSends.append(now) }
        case .skip(let reason):
            actions.append(.skip(message, reason: reason))
        case .deferUntil(let due):
            state.deferredStepID = id
            return pause(until: due)
        }
        state.deferredStepID = nil
        state.stepIndex += 1
        return nil
    }

    /// Moves to a target; returns the outcome when the target ends the instance.
    private mutating func jump(_ target: GotoTarget) -> JourneyStepOutcome? {
        switch target {
        case .next:
            state.stepIndex += 1
        case .exit:
            return finish(.exited)
        case .step(let id):
            guard let index = definition.index(ofStep: id) else { return finish(.exited) }
            state.stepIndex = index
        }
        return nil
    }

    private mutating func pause(until due: Timestamp) -> JourneyStepOutcome {
        state.resumeAt = due
        state.status = .waiting
        return outcome(.at(due))
    }

    private mutating func finish(_ reason: FinishReason) -> JourneyStepOutcome {
        switch reason {
        case .completed: state.status = .completed
        case .exited, .stepLimit: state.status = .exited
        case .converted: state.status = .converted
        }
        state.endedAt = now
        state.resumeAt = nil
        state.waitingFor = nil
        state.deferredStepID = nil
        actions.append(.finished(reason))
        return outcome(.done)
    }

    private func outcome(_ wake: JourneyWake) -> JourneyStepOutcome {
        JourneyStepOutcome(state: state, actions: actions, wake: wake)
    }
}
