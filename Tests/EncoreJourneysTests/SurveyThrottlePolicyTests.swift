import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct SurveyThrottlePolicyTests {
    let survey = "  - id: ask\n    send: { channel: email, template: ask, survey: true }"
    let now = at("2026-06-01T15:00:00Z")

    func surveySent() -> JourneyAction {
        .send(JourneySend(stepID: "ask", channel: .email, template: "ask", category: .marketing, survey: true))
    }

    @Test func aSurveyWaitsForTheStoresInterval() throws {
        let journey = try definition(survey)
        var facts = openFacts
        facts.lastSurveyAskedAt = now.adding(seconds: -10 * 86_400)
        let throttled = begin(journey, at: now, facts: facts)
        #expect(
            throttled.actions.first
                == .skip(
                    JourneySend(stepID: "ask", channel: .email, template: "ask", category: .marketing, survey: true),
                    reason: .surveyThrottled))
        facts.lastSurveyAskedAt = now.adding(seconds: -31 * 86_400)
        #expect(begin(journey, at: now, facts: facts).actions.first == surveySent())
        facts.lastSurveyAskedAt = now.adding(seconds: -10 * 86_400)
        facts.surveyThrottle = SurveyThrottle(minimumInterval: 7 * 86_400)
        #expect(begin(journey, at: now, facts: facts).actions.first == surveySent(), "a store's shorter interval")
    }

    @Test func otherSendsAndHoldoutsAreUnaffected() throws {
        var facts = openFacts
        facts.lastSurveyAskedAt = now.adding(seconds: -60)
        let plain = try definition("  - id: hi\n    send: { channel: email, template: hi }")
        #expect(begin(plain, at: now, facts: facts).actions.first == sent("hi"))
        // Suppression comes first: a bounced address is "suppressed", not "throttled".
        var bounced = facts
        bounced.suppressedChannels = [.email]
        #expect(
            begin(try definition(survey), at: now, facts: bounced).actions.first
                == .skip(
                    JourneySend(stepID: "ask", channel: .email, template: "ask", category: .marketing, survey: true),
                    reason: .suppressed))
    }

    @Test func theLoaderReadsSurveyAndRefusesOtherValues() throws {
        let journey = try definition(survey)
        guard case .send(let send) = journey.steps[0].kind else {
            Issue.record("not a send")
            return
        }
        #expect(send.survey == true)
        #expect(throws: (any Error).self) { try definition("  - id: ask\n    send: { channel: email, template: ask, survey: maybe }") }
    }
}
