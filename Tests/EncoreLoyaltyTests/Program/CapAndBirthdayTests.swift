import EncoreCore
import Testing

@testable import EncoreLoyalty

extension LoyaltyProgramTests {
    @Suite struct CapAndBirthdayTests {
        typealias F = ProgramFixtures

        @Test func countCaps() {
            let cap = Cap(period: .day, maxCount: 3)
            #expect(cap.allowance(requested: 25, used: .none) == 25)
            #expect(cap.allowance(requested: 25, used: CapUsage(count: 2, points: 50)) == 25)
            #expect(cap.allowance(requested: 25, used: CapUsage(count: 3, points: 75)) == 0)
            #expect(cap.allowance(requested: -4, used: .none) == 0)
        }

        @Test func pointCapsGivePartialAwards() {
            let cap = Cap(period: .month, maxPoints: 100)
            #expect(cap.allowance(requested: 25, used: CapUsage(count: 3, points: 90)) == 10)
            #expect(cap.allowance(requested: 25, used: CapUsage(count: 4, points: 100)) == 0)
            #expect(cap.allowance(requested: 25, used: CapUsage(count: 4, points: 140)) == 0)
            let both = Cap(period: .week, maxCount: 5, maxPoints: 100)
            #expect(both.allowance(requested: 30, used: CapUsage(count: 4, points: 80)) == 20)
            #expect(both.allowance(requested: 30, used: CapUsage(count: 5, points: 80)) == 0)
        }

        @Test func severalCapsTakeTheSmallestAllowance() {
            let rule = ActionRule(
                action: .review, points: 25,
                caps: [Cap(period: .day, maxCount: 3), Cap(period: .month, maxPoints: 200)])
            #expect(rule.allowance(usage: [:]) == 25)
            #expect(rule.allowance(usage: [.month: CapUsage(count: 7, points: 190)]) == 10)
            #expect(
                rule.allowance(usage: [.day: CapUsage(count: 3, points: 75), .month: CapUsage(count: 3, points: 75)])
                    == 0)
            // A period the rule does not cap does not matter.
            #expect(rule.allowance(usage: [.year: CapUsage(count: 1000, points: 99_999)]) == 25)
            #expect(Cap.allowance([], requested: 40, usage: [:]) == 40)
        }

        @Test func periodStartsInUTC() {
            let instant = F.utc("2025-03-05T13:45:10.123Z")  // a Wednesday
            #expect(CapPeriod.day.start(containing: instant) == F.utc("2025-03-05T00:00:00Z"))
            #expect(CapPeriod.week.start(containing: instant) == F.utc("2025-03-03T00:00:00Z"))
            #expect(CapPeriod.month.start(containing: instant) == F.utc("2025-03-01T00:00:00Z"))
            #expect(CapPeriod.year.start(containing: instant) == F.utc("2025-01-01T00:00:00Z"))
            #expect(CapPeriod.day.end(containing: instant) == F.utc("2025-03-06T00:00:00Z"))
            #expect(CapPeriod.week.end(containing: instant) == F.utc("2025-03-10T00:00:00Z"))
            #expect(CapPeriod.month.end(containing: instant) == F.utc("2025-04-01T00:00:00Z"))
            #expect(CapPeriod.year.end(containing: instant) == F.utc("2026-01-01T00:00:00Z"))
        }

        @Test func periodBoundaries() {
            // The last millisecond of a Sunday is in the week that began on Monday; midnight starts the next.
            #expect(
                CapPeriod.week.start(containing: F.utc("2025-03-09T23:59:59.999Z")) == F.utc("2025-03-03T00:00:00Z"))
            #expect(CapPeriod.week.start(containing: F.utc("2025-03-10T00:00:00Z")) == F.utc("2025-03-10T00:00:00Z"))
            // ISO weeks straddle the new year.
            #expect(CapPeriod.week.start(containing: F.utc("2025-01-01T08:00:00Z")) == F.utc("2024-12-30T00:00:00Z"))
            #expect(CapPeriod.day.start(containing: F.utc("2025-03-05T00:00:00Z")) == F.utc("2025-03-05T00:00:00Z"))
            #expect(CapPeriod.month.start(containing: F.utc("2024-02-29T23:59:59Z")) == F.utc("2024-02-01T00:00:00Z"))
            #expect(CapPeriod.month.end(containing: F.utc("2024-02-10T00:00:00Z")) == F.utc("2024-03-01T00:00:00Z"))
            #expect(CapPeriod.month.end(containing: F.utc("2024-12-31T23:00:00Z")) == F.utc("2025-01-01T00:00:00Z"))
            #expect(
                CapPeriod.year.start(containing: F.utc("2024-12-31T23:59:59.999Z")) == F.utc("2024-01-01T00:00:00Z"))
            // Before 1970 the floor still goes down: 1970-01-01 was a Thursday.
            #expect(CapPeriod.day.start(containing: F.utc("1969-12-31T12:00:00Z")) == F.utc("1969-12-31T00:00:00Z"))
            #expect(CapPeriod.week.start(containing: F.utc("1970-01-01T05:00:00Z")) == F.utc("1969-12-29T00:00:00Z"))
        }

        @Test func birthdayNeedsThirtyDaysOnFile() {
            let set = F.utc("2025-01-01T09:00:00Z")
            #expect(BirthdayRule.minimumDaysSinceSet == 30)
            #expect(
                !BirthdayRule.isEligible(birthdaySetAt: set, lastAwardedAt: nil, now: F.utc("2025-01-31T08:59:59Z")))
            #expect(BirthdayRule.isEligible(birthdaySetAt: set, lastAwardedAt: nil, now: F.utc("2025-01-31T09:00:00Z")))
            #expect(
                !BirthdayRule.isEligible(birthdaySetAt: nil, lastAwardedAt: nil, now: F.utc("2025-06-01T00:00:00Z")))
        }

        @Test func birthdayEarnsOncePerCalendarYear() {
            let set = F.utc("2020-05-01T00:00:00Z")
            let awarded = F.utc("2025-01-31T10:00:00Z")
            #expect(
                !BirthdayRule.isEligible(birthdaySetAt: set, lastAwardedAt: awarded, now: F.utc("2025-12-31T23:59:59Z"))
            )
            #expect(
                BirthdayRule.isEligible(birthdaySetAt: set, lastAwardedAt: awarded, now: F.utc("2026-01-01T00:00:00Z")))
            #expect(
                BirthdayRule.isEligible(
                    birthdaySetAt: set, lastAwardedAt: F.utc("2024-12-31T23:59:59Z"), now: F.utc("2025-01-01T00:00:01Z")
                ))
        }
    }
}
