import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct SurveyThrottleTests {
        let throttle = SurveyThrottle()
        let asked = utc("2024-03-01T12:00:00Z")

        @Test func neverAskedMayBeAsked() {
            #expect(throttle.minimumInterval == 30 * 86_400)
            #expect(throttle.mayAsk(lastAskedAt: nil, now: asked))
            #expect(throttle.decide(lastAskedAt: nil, now: asked) == .ask)
            #expect(throttle.decide(lastAskedAt: nil, now: asked).reason == nil)
            #expect(throttle.decide(askedAt: [], now: asked) == .ask)
        }

        @Test func waitsThirtyDaysAfterTheLastAsk() {
            let until = utc("2024-03-31T12:00:00Z")
            #expect(!throttle.mayAsk(lastAskedAt: asked, now: asked))
            #expect(!throttle.mayAsk(lastAskedAt: asked, now: utc("2024-03-31T11:59:59.999Z")))
            #expect(throttle.decide(lastAskedAt: asked, now: utc("2024-03-15T00:00:00Z")) == .wait(until: until))
            #expect(throttle.mayAsk(lastAskedAt: asked, now: until))
            #expect(throttle.mayAsk(lastAskedAt: asked, now: utc("2025-01-01T00:00:00Z")))
            #expect(
                throttle.decide(lastAskedAt: asked, now: asked).reason
                    == "the customer was asked for feedback recently; next ask allowed from 2024-03-31T12:00:00.000Z")
        }

        @Test func theLatestAskOfAnySurveyCounts() {
            let asks = [utc("2024-01-01T00:00:00Z"), asked, utc("2024-02-01T00:00:00Z")]
            #expect(
                throttle.decide(askedAt: asks, now: utc("2024-03-20T00:00:00Z"))
                    == .wait(until: utc("2024-03-31T12:00:00Z")))
            #expect(throttle.decide(askedAt: asks, now: utc("2024-04-01T00:00:00Z")) == .ask)
        }

        @Test func aLastAskInTheFutureHoldsBack() {
            #expect(
                throttle.decide(lastAskedAt: asked, now: utc("2024-02-01T00:00:00Z"))
                    == .wait(until: utc("2024-03-31T12:00:00Z")))
        }

        @Test func zeroNegativeAndHugeIntervals() {
            #expect(SurveyThrottle(minimumInterval: 0).mayAsk(lastAskedAt: asked, now: asked))
            #expect(SurveyThrottle(minimumInterval: -10).mayAsk(lastAskedAt: asked, now: asked.adding(seconds: -100)))
            let forever = SurveyThrottle(minimumInterval: .max)
            #expect(
                forever.decide(lastAskedAt: asked, now: utc("9999-01-01T00:00:00Z"))
                    == .wait(until: Timestamp(millisecondsSinceEpoch: .max)))
            let custom = SurveyThrottle(minimumInterval: 7 * 86_400)
            #expect(custom.mayAsk(lastAskedAt: asked, now: utc("2024-03-08T12:00:00Z")))
        }

        @Test func codable() throws {
            let data = try JSONEncoder().encode(SurveyThrottle(minimumInterval: 600))
            #expect(try JSONDecoder().decode(SurveyThrottle.self, from: data) == SurveyThrottle(minimumInterval: 600))
            let decision = SurveyThrottle.Decision.wait(until: asked)
            #expect(
                try JSONDecoder().decode(SurveyThrottle.Decision.self, from: JSONEncoder().encode(decision)) == decision
            )
        }
    }
}
