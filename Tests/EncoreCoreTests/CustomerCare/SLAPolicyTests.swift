import Foundation
import Testing

@testable import EncoreCore

extension CustomerCare {
    @Suite struct SLAPolicyTests {
        let policy = SLAPolicy.default
        // 2024-03-04 is a Monday.
        let monday10 = utc("2024-03-04T10:00:00Z")

        @Test func defaultTargetsAreBusinessHours() {
            #expect(policy.businessHours == .default)
            #expect(TicketPriority.allCases.map { policy.target(for: $0) } == [86_400, 28_800, 14_400, 3_600])
        }

        @Test func dueTimesSkipNightsAndWeekends() {
            #expect(policy.firstResponseDue(createdAt: monday10, priority: .urgent) == utc("2024-03-04T11:00:00Z"))
            #expect(
                policy.firstResponseDue(createdAt: utc("2024-03-04T16:30:00Z"), priority: .urgent)
                    == utc("2024-03-05T09:30:00Z"))
            #expect(policy.firstResponseDue(createdAt: monday10, priority: .high) == utc("2024-03-04T14:00:00Z"))
            #expect(policy.firstResponseDue(createdAt: monday10, priority: .normal) == utc("2024-03-05T10:00:00Z"))
            // 24 business hours = three working days.
            #expect(
                policy.firstResponseDue(createdAt: utc("2024-03-04T09:00:00Z"), priority: .low)
                    == utc("2024-03-06T17:00:00Z"))
            #expect(
                policy.firstResponseDue(createdAt: utc("2024-03-08T16:30:00Z"), priority: .urgent)
                    == utc("2024-03-11T09:30:00Z"))
            #expect(
                policy.firstResponseDue(createdAt: utc("2024-03-09T03:00:00Z"), priority: .high)
                    == utc("2024-03-11T13:00:00Z"))
        }

        @Test func answeredTicketsAreMetOrBreached() {
            let due = utc("2024-03-04T11:00:00Z")
            func status(_ response: Timestamp) -> SLAStatus {
                policy.status(
                    createdAt: monday10, priority: .urgent, firstResponseAt: response, now: utc("2030-01-01T00:00:00Z"))
            }
            #expect(status(utc("2024-03-04T10:05:00Z")) == .met)
            #expect(status(due) == .met)
            #expect(status(due.adding(seconds: 1)) == .breached)
            #expect(status(utc("2024-03-04T09:00:00Z")) == .met)  // before creation (bad clock): not late
        }

        @Test func unansweredTicketsCountDownInBusinessTime() {
            func status(_ now: String, created: Timestamp? = nil) -> SLAStatus {
                policy.status(createdAt: created ?? monday10, priority: .urgent, firstResponseAt: nil, now: utc(now))
            }
            #expect(status("2024-03-04T10:00:00Z") == .onTrack)
            #expect(status("2024-03-04T10:45:00Z") == .onTrack)  // exactly 25% left
            #expect(status("2024-03-04T10:45:00.001Z") == .dueSoon)
            #expect(status("2024-03-04T10:59:59Z") == .dueSoon)
            #expect(status("2024-03-04T11:00:00Z") == .dueSoon)  // due now, nothing left
            #expect(status("2024-03-04T11:00:00.001Z") == .breached)
            #expect(status("2024-03-04T08:00:00Z") == .onTrack)  // before creation
            // Created Friday 16:30: half an hour on Friday, due Monday 09:30; the weekend does not count down.
            let friday = utc("2024-03-08T16:30:00Z")
            #expect(status("2024-03-09T12:00:00Z", created: friday) == .onTrack)
            #expect(status("2024-03-11T09:00:00Z", created: friday) == .onTrack)
            #expect(status("2024-03-11T09:16:00Z", created: friday) == .dueSoon)
            #expect(status("2024-03-11T09:31:00Z", created: friday) == .breached)
        }

        @Test func zeroAndNegativeTargetsAreDueAtOnce() {
            let strict = SLAPolicy(firstResponse: .init(urgent: 0, high: -60))
            #expect(strict.target(for: .high) == 0)
            #expect(strict.firstResponseDue(createdAt: monday10, priority: .urgent) == monday10)
            #expect(
                strict.firstResponseDue(createdAt: utc("2024-03-09T12:00:00Z"), priority: .high)
                    == utc("2024-03-09T12:00:00Z"))
            #expect(
                strict.status(createdAt: monday10, priority: .urgent, firstResponseAt: nil, now: monday10) == .dueSoon)
            #expect(
                strict.status(createdAt: monday10, priority: .urgent, firstResponseAt: monday10, now: monday10) == .met)
            #expect(
                strict.status(
                    createdAt: monday10, priority: .urgent, firstResponseAt: nil, now: monday10.adding(seconds: 1))
                    == .breached)
            #expect(strict.target(for: .normal) == 28_800)
        }

        @Test func customHoursAndTargets() throws {
            let hours = try BusinessHours.parse(
                "mon-sat 08:00-20:00", timeZone: "America/New_York", holidays: ["2024-07-04"])
            let custom = SLAPolicy(
                businessHours: hours, firstResponse: .init(urgent: 1800, high: 7200, normal: 43_200, low: 172_800))
            // Wednesday 3 July 19:00 EDT (23:00Z) + 2 h: 1 h that evening, the 4th is a holiday, 1 h on Friday 5th.
            #expect(
                custom.firstResponseDue(createdAt: utc("2024-07-03T23:00:00Z"), priority: .high)
                    == utc("2024-07-05T13:00:00Z"))
            #expect(custom.target(for: .low) == 172_800)
        }

        @Test func codableRoundTrip() throws {
            let custom = SLAPolicy(
                businessHours: try BusinessHours.parse("mon-fri 09:00-17:00", timeZone: "Europe/Berlin"),
                firstResponse: .init(urgent: 900))
            let data = try JSONEncoder().encode(custom)
            #expect(try JSONDecoder().decode(SLAPolicy.self, from: data) == custom)
            #expect(SLAStatus.allCases.map(\.rawValue) == ["met", "breached", "due_soon", "on_track"])
        }

        @Test func attainmentJudgesAnsweredTicketsAndCountsOverdueBacklog() throws {
            let now = utc("2024-03-06T12:00:00Z")
            let tickets: [SLAAttainment.Ticket] = [
                .init(createdAt: monday10, priority: .urgent, firstResponseAt: utc("2024-03-04T10:30:00Z")),  // met
                .init(createdAt: monday10, priority: .urgent, firstResponseAt: utc("2024-03-04T12:00:00Z")),  // late
                .init(createdAt: monday10, priority: .low, firstResponseAt: utc("2024-03-05T12:00:00Z")),  // met
                .init(createdAt: monday10, priority: .high, firstResponseAt: nil),  // unanswered, past due
                .init(createdAt: utc("2024-03-06T11:00:00Z"), priority: .normal, firstResponseAt: nil),  // on track
            ]
            let summary = SLAAttainment(tickets: tickets, policy: policy, now: now)
            #expect(summary.responded == 3)
            #expect(summary.met == 2)
            #expect(summary.unansweredPastDue == 1)
            #expect(summary.share == 2.0 / 3.0)
            let empty = SLAAttainment(tickets: [], policy: policy, now: now)
            #expect(empty.responded == 0 && empty.met == 0 && empty.unansweredPastDue == 0)
            #expect(empty.share == nil)
            let data = try JSONEncoder().encode(summary)
            #expect(try JSONDecoder().decode(SLAAttainment.self, from: data) == summary)
        }
    }
}
