import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct BusinessHoursTimeTests {
        let utcHours = BusinessHours.default
        static let hour: Int64 = 3600

        @Test func addsWithinTheSameInterval() {
            // 2024-03-04 is a Monday.
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: utc("2024-03-04T10:00:00Z")) == utc("2024-03-04T11:00:00Z"))
            #expect(
                utcHours.addingBusinessTime(1, to: utc("2024-03-04T10:00:00.250Z")) == utc("2024-03-04T10:00:01.250Z"))
        }

        @Test func waitsForTheNextOpening() {
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: utc("2024-03-04T07:00:00Z")) == utc("2024-03-04T10:00:00Z"))
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: utc("2024-03-08T16:30:00Z")) == utc("2024-03-11T09:30:00Z"))
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: utc("2024-03-09T12:00:00Z")) == utc("2024-03-11T10:00:00Z"))
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: utc("2024-03-08T17:00:00Z")) == utc("2024-03-11T10:00:00Z"))
        }

        @Test func endsAtClosingTimeRatherThanNextOpening() {
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: utc("2024-03-04T16:00:00Z")) == utc("2024-03-04T17:00:00Z"))
            #expect(
                utcHours.addingBusinessTime(8 * Self.hour, to: utc("2024-03-04T09:00:00Z"))
                    == utc("2024-03-04T17:00:00Z"))
            #expect(
                utcHours.addingBusinessTime(8 * Self.hour + 1, to: utc("2024-03-04T09:00:00Z"))
                    == utc("2024-03-05T09:00:01Z"))
            // A whole business week from Monday morning ends Friday evening.
            #expect(
                utcHours.addingBusinessTime(40 * Self.hour, to: utc("2024-03-04T09:00:00Z"))
                    == utc("2024-03-08T17:00:00Z"))
        }

        @Test func nonPositiveAmountsReturnTheStart() {
            let saturday = utc("2024-03-09T12:00:00Z")
            #expect(utcHours.addingBusinessTime(0, to: saturday) == saturday)
            #expect(utcHours.addingBusinessTime(-5000, to: saturday) == saturday)
            #expect(utcHours.addingBusinessTime(.min, to: saturday) == saturday)
        }

        @Test func skipsHolidays() throws {
            let hours = try BusinessHours.parse(
                "mon-fri 09:00-17:00", holidays: ["2024-12-25", "2024-12-26", "2024-12-28"])
            // Tuesday 24th 16:00 + 2 h: one hour on Tuesday, Wed 25th and Thu 26th closed, one hour Friday.
            #expect(
                hours.addingBusinessTime(2 * Self.hour, to: utc("2024-12-24T16:00:00Z")) == utc("2024-12-27T10:00:00Z"))
            #expect(
                hours.businessSeconds(from: utc("2024-12-23T00:00:00Z"), to: utc("2024-12-30T00:00:00Z")) == 3 * 8
                    * Self.hour)
            #expect(!hours.isOpen(at: utc("2024-12-25T12:00:00Z")))
            #expect(hours.isOpen(at: utc("2024-12-27T12:00:00Z")))
        }

        @Test func businessSecondsCountsOnlyOpenTime() {
            #expect(
                utcHours.businessSeconds(from: utc("2024-03-04T09:00:00Z"), to: utc("2024-03-04T17:00:00Z")) == 8
                    * Self.hour)
            #expect(
                utcHours.businessSeconds(from: utc("2024-03-08T16:00:00Z"), to: utc("2024-03-11T10:00:00Z")) == 2
                    * Self.hour)
            #expect(
                utcHours.businessSeconds(from: utc("2024-03-04T00:00:00Z"), to: utc("2024-03-11T00:00:00Z")) == 40
                    * Self.hour)
            #expect(utcHours.businessSeconds(from: utc("2024-03-09T00:00:00Z"), to: utc("2024-03-10T23:59:59Z")) == 0)
            #expect(
                utcHours.businessSeconds(from: utc("2024-03-04T10:00:00Z"), to: utc("2024-03-04T10:00:00.999Z")) == 0)
            #expect(utcHours.businessSeconds(from: utc("2024-03-05T10:00:00Z"), to: utc("2024-03-04T10:00:00Z")) == 0)
            #expect(utcHours.businessSeconds(from: utc("2024-03-05T10:00:00Z"), to: utc("2024-03-05T10:00:00Z")) == 0)
        }

        @Test func isOpenHonoursIntervalBounds() {
            #expect(utcHours.isOpen(at: utc("2024-03-04T09:00:00Z")))
            #expect(utcHours.isOpen(at: utc("2024-03-04T16:59:59.999Z")))
            #expect(!utcHours.isOpen(at: utc("2024-03-04T17:00:00Z")))
            #expect(!utcHours.isOpen(at: utc("2024-03-04T08:59:59.999Z")))
            #expect(!utcHours.isOpen(at: utc("2024-03-09T12:00:00Z")))
        }

        @Test func berlinWorkingHoursFollowTheOffsetChange() throws {
            let berlin = try BusinessHours.parse("mon-fri 09:00-17:00", timeZone: "Europe/Berlin")
            // Friday 16:00 CET (15:00Z) + 2 h → Monday 10:00 CEST (08:00Z); clocks went forward on Sunday 31 March.
            #expect(
                berlin.addingBusinessTime(2 * Self.hour, to: utc("2024-03-29T15:00:00Z")) == utc("2024-04-01T08:00:00Z")
            )
            // Friday 16:00 CEST (14:00Z) + 2 h → Monday 10:00 CET (09:00Z); clocks went back on Sunday 27 October.
            #expect(
                berlin.addingBusinessTime(2 * Self.hour, to: utc("2024-10-25T14:00:00Z")) == utc("2024-10-28T09:00:00Z")
            )
            #expect(
                berlin.businessSeconds(from: utc("2024-03-29T15:00:00Z"), to: utc("2024-04-01T08:00:00Z")) == 2
                    * Self.hour)
        }

        @Test func newYorkWorkingHoursFollowTheOffsetChange() throws {
            let newYork = try BusinessHours.parse("mon-fri 09:00-17:00", timeZone: "America/New_York")
            // Friday 16:00 EST (21:00Z) + 2 h → Monday 10:00 EDT (14:00Z); DST began Sunday 10 March.
            #expect(
                newYork.addingBusinessTime(2 * Self.hour, to: utc("2024-03-08T21:00:00Z"))
                    == utc("2024-03-11T14:00:00Z"))
            // Friday 16:00 EDT (20:00Z) + 2 h → Monday 10:00 EST (15:00Z); DST ended Sunday 3 November.
            #expect(
                newYork.addingBusinessTime(2 * Self.hour, to: utc("2024-11-01T20:00:00Z"))
                    == utc("2024-11-04T15:00:00Z"))
            // A local day in New York starts at 05:00Z in winter: Monday 00:30Z is still Sunday evening there.
            #expect(
                newYork.addingBusinessTime(Self.hour, to: utc("2024-03-11T00:30:00Z")) == utc("2024-03-11T14:00:00Z"))
        }

        @Test func roundTheClockDaysAreTwentyThreeOrTwentyFiveHoursOnChangeDays() throws {
            let always = try BusinessHours.parse("mon-sun 00:00-24:00", timeZone: "Europe/Berlin")
            #expect(
                always.businessSeconds(from: utc("2024-03-30T23:00:00Z"), to: utc("2024-03-31T22:00:00Z")) == 23
                    * Self.hour)
            #expect(
                always.businessSeconds(from: utc("2024-10-26T22:00:00Z"), to: utc("2024-10-27T23:00:00Z")) == 25
                    * Self.hour)
            // Always open: business time is elapsed time, across the change.
            #expect(
                always.addingBusinessTime(24 * Self.hour, to: utc("2024-03-30T11:00:00Z"))
                    == utc("2024-03-31T11:00:00Z"))
            #expect(
                always.addingBusinessTime(24 * Self.hour, to: utc("2024-10-26T11:00:00Z"))
                    == utc("2024-10-27T11:00:00Z"))
            let sundays = try BusinessHours.parse("sun 00:00-24:00", timeZone: "America/New_York")
            #expect(
                sundays.businessSeconds(from: utc("2024-03-09T00:00:00Z"), to: utc("2024-03-12T00:00:00Z")) == 23
                    * Self.hour)
            #expect(
                sundays.businessSeconds(from: utc("2024-11-02T00:00:00Z"), to: utc("2024-11-05T00:00:00Z")) == 25
                    * Self.hour)
        }

        @Test func skippedAndRepeatedLocalTimes() throws {
            func sundayHours(_ spec: String, from: String, to: String) throws -> Int64 {
                try BusinessHours.parse(spec, timeZone: "Europe/Berlin").businessSeconds(from: utc(from), to: utc(to))
            }
            let spring = ("2024-03-30T12:00:00Z", "2024-03-31T12:00:00Z")
            let autumn = ("2024-10-26T12:00:00Z", "2024-10-27T12:00:00Z")
            // 01:00-04:00 spans the change: 2 h of real time in spring, 4 h in autumn.
            #expect(try sundayHours("sun 01:00-04:00", from: spring.0, to: spring.1) == 2 * Self.hour)
            #expect(try sundayHours("sun 01:00-04:00", from: autumn.0, to: autumn.1) == 4 * Self.hour)
            // 02:00-02:30 does not exist on the spring day; 02:30 starts when the clocks jump.
            #expect(try sundayHours("sun 02:00-02:30", from: spring.0, to: spring.1) == 0)
            #expect(try sundayHours("sun 02:30-04:00", from: spring.0, to: spring.1) == Self.hour)
            // 02:30 happens twice on the autumn day: the first one counts.
            #expect(try sundayHours("sun 02:30-03:30", from: autumn.0, to: autumn.1) == 2 * Self.hour)
            // On an ordinary Sunday the same intervals are their nominal length.
            #expect(
                try sundayHours("sun 02:00-02:30", from: "2024-04-06T12:00:00Z", to: "2024-04-07T12:00:00Z") == 1800)
            let gap = try BusinessHours.parse("sun 02:30-04:00", timeZone: "Europe/Berlin")
            #expect(gap.addingBusinessTime(60, to: utc("2024-03-30T12:00:00Z")) == utc("2024-03-31T01:01:00Z"))
        }

        @Test func addingThenCountingRoundTrips() throws {
            let hours = try BusinessHours.parse(
                "mon-thu 08:30-12:00,13:00-17:45; fri 08:00-14:00; sat 10:00-13:00", timeZone: "Europe/Berlin",
                holidays: ["2024-03-29", "2024-04-01", "2024-05-01", "2024-12-25", "2024-12-26"])
            var random = SeededGenerator(seed: 42)
            let yearStart = utc("2024-01-01T00:00:00Z").millisecondsSinceEpoch
            for _ in 0..<300 {
                let start = Timestamp(
                    millisecondsSinceEpoch: yearStart + Int64.random(in: 0..<(366 * 86_400_000), using: &random))
                let amount = Int64.random(in: 1...(200 * Self.hour), using: &random)
                let end = hours.addingBusinessTime(amount, to: start)
                #expect(end > start)
                #expect(hours.businessSeconds(from: start, to: end) == amount, "\(start) + \(amount)")
                #expect(hours.isOpen(at: Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch - 1)))
            }
        }

        @Test func extremeInputsStayBounded() {
            let start = utc("2024-03-04T10:00:00Z")
            let far = utcHours.addingBusinessTime(.max, to: start)
            #expect(far > utc("2400-01-01T00:00:00Z"))
            #expect(
                utcHours.addingBusinessTime(Self.hour, to: Timestamp(millisecondsSinceEpoch: .min))
                    == utc("0001-01-01T10:00:00Z"))
            #expect(
                utcHours.businessSeconds(from: utc("9999-12-31T00:00:00Z"), to: Timestamp(millisecondsSinceEpoch: .max))
                    == 8 * Self.hour)
            #expect(
                utcHours.businessSeconds(
                    from: Timestamp(millisecondsSinceEpoch: .max), to: Timestamp(millisecondsSinceEpoch: .max)) == 0)
        }
    }
}
