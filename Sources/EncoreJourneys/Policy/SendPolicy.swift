import EncoreCore
import Foundation

/// What the policy decided for one send.
public enum SendDecision: Hashable, Sendable {
    case send
    case skip(SkipReason)
    /// Quiet hours with action `defer`: send at this instant (the end of the quiet period).
    case deferUntil(Timestamp)
}

/// The rules every send passes, in the order docs/JOURNEYS.md gives: suppression, address and
/// consent, holdout, quiet hours (in the customer's zone), the marketing frequency cap.
public enum SendPolicy {
    /// Decides one send at `now`.
    ///
    /// - Parameters:
    ///   - category: the send's category (its own, else the journey's).
    ///   - quietHours: the journey's quiet hours; `send.quietHours` overrides its action.
    ///   - alreadyDeferred: the send was deferred once already; quiet hours no longer apply to it.
    ///   - recentMarketingSends: the facts' sends plus any made earlier in the same advance.
    public static func decide(
        send: SendStep, category: JourneyCategory, quietHours: QuietHours, heldOut: Bool, alreadyDeferred: Bool,
        facts: PolicyFacts, recentMarketingSends: [Timestamp], now: Timestamp, zone: TimeZone
    ) -> SendDecision {
        if facts.suppressedChannels.contains(send.channel)
            || (category == .marketing && facts.unsubscribedChannels.contains(send.channel))
        {
            return .skip(.suppressed)
        }
        if !facts.reachableChannels.contains(send.channel) { return .skip(.noAddress) }
        if category == .marketing && !facts.marketingConsent.contains(send.channel) { return .skip(.noConsent) }
        if heldOut { return .skip(.holdout) }
        if send.survey == true, !facts.surveyThrottle.mayAsk(lastAskedAt: facts.lastSurveyAskedAt, now: now) {
            return .skip(.surveyThrottled)
        }
        if !alreadyDeferred && quietHours.window.contains(now, in: zone) {
            switch quietHours.action(for: category, override: send.quietHours) {
            case .defer: return .deferUntil(quietHours.window.nextEnd(after: now, in: zone))
            case .skip: return .skip(.quietHours)
            case .ignore: break
            }
        }
        if category == .marketing && facts.frequencyCap.isReached(now: now, recentSends: recentMarketingSends) {
            return .skip(.frequencyCap)
        }
        return .send
    }
}
