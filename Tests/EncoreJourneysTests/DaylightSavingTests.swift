import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

/// Waits and quiet hours across daylight-saving changes: days keep the wall-clock time, hours are
/// elapsed time.
@Suite struct DaylightSavingTests {
    @Test func dayWaitOverSpringForwardInNewYork() throws {
        // 2026-03-08 02:00 EST → 03:00 EDT. Start 2026-03-07 10:00 EST (15:00Z).
        let journey = try definition("  - wait: 1d\n  - id: hi\n    send: { channel: email, template: hi }")
        let start = begin(journey, at: at("2026-03-07T15:00:00Z"), zone: newYork)
        #expect(start.wake == .at(at("2026-03-08T14:00:00Z")))  // 10:00 EDT, 23 h later
        let due = step(journey, start.state, at: at("2026-03-08T14:00:00Z"), zone: newYork)
        #expect(due.actions.first == sent("hi"))
    }

    @Test func dayWaitOverFallBackInBerlin() throws {
        // 2026-10-25 03:00 CEST → 02:00 CET. Start 2026-10-24 10:00 CEST (08:00Z).
        let journey = try definition("  - wait: 1d")
        let start = begin(journey, at: at("2026-10-24T08:00:00Z"), zone: berlin)
        #expect(start.wake == .at(at("2026-10-25T09:00:00Z")))  // 10:00 CET, 25 h later
    }

    @Test func hourWaitIsElapsedTime() throws {
        let journey = try definition("  - wait: 36h")
        let start = begin(journey, at: at("2026-10-24T08:00:00Z"), zone: berlin)
        #expect(start.wake == .at(at("2026-10-25T20:00:00Z")))
    }

    @Test func weekWaitKeepsWallClock() throws {
        let journey = try definition("  - wait: 1w")
        let start = begin(journey, at: at("2026-03-05T15:00:00Z"), zone: newYork)  // Thu 10:00 EST
        #expect(start.wake == .at(at("2026-03-12T14:00:00Z")))  // Thu 10:00 EDT
    }

    @Test func quietHoursEndOnTheNightOfSpringForward() throws {
        // 22:00 EST on 2026-03-07 is 03:00Z on 03-08; quiet hours end 08:00 EDT = 12:00Z (9 h later).
        let journey = try definition("  - id: hi\n    send: { channel: email, template: hi }")
        let outcome = begin(journey, at: at("2026-03-08T03:00:00Z"), zone: newYork)
        #expect(outcome.wake == .at(at("2026-03-08T12:00:00Z")))
    }

    @Test func quietHoursEndOnTheNightOfFallBack() throws {
        // 23:00 CEST on 2026-10-24 is 21:00Z; quiet hours end 08:00 CET on 10-25 = 07:00Z (10 h later).
        let journey = try definition("  - id: hi\n    send: { channel: email, template: hi }")
        let outcome = begin(journey, at: at("2026-10-24T21:00:00Z"), zone: berlin)
        #expect(outcome.wake == .at(at("2026-10-25T07:00:00Z")))
    }

    @Test func windowOpeningInsideTheSkippedHour() {
        // 02:30 does not exist in New York on 2026-03-08: the window opens at the first instant after the gap.
        let window = LocalWindow(parsing: "02:30-04:00")!
        let opening = window.nextStart(atOrAfter: at("2026-03-08T05:00:00Z"), in: newYork)  // 00:00 EST
        #expect(opening == at("2026-03-08T07:30:00Z"))  // 03:30 EDT
        #expect(window.contains(opening, in: newYork))
    }
}
