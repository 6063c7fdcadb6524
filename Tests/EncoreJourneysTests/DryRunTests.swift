import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct DryRunTests {
    let threeSteps = """
          - id: thanks
            send: { channel: email, template: thanks }
          - id: delivered
            wait_for: { event: shipment.delivered, about: order, timeout: 7d, on_timeout: late }
          - id: tips
            send: { channel: email, template: tips }
          - exit
          - id: late
            send: { channel: sms, template: late, category: transactional }
        """

    // Placed Monday 2026-03-02 20:00 EST (01:00Z on 03-03), before quiet hours.
    let placed = at("2026-03-03T01:00:00Z")

    func plan(events: [KnownEvent], facts: PolicyFacts = openFacts) throws -> [PlannedStep] {
        JourneyDryRun.plan(
            definition: try definition(threeSteps, extra: "goal: none\n"), version: 3, customerKey: "c-1",
            subject: "order:1",
            context: sampleContext, start: placed, zone: newYork, facts: facts, knownEvents: events)
    }

    @Test func knownEventResumesTheWait() throws {
        // Delivered Sunday 2026-03-08 23:30 EDT (03:30Z on 03-09): quiet hours, so tips waits for 08:00 EDT.
        let steps = try plan(events: [KnownEvent(type: "shipment.delivered", at: at("2026-03-09T03:30:00Z"))])
        #expect(steps.map(\.action) == [.send, .send, .end])
        #expect(steps.map(\.step) == ["thanks", "tips", nil])
        #expect(steps[0].dueUTC == placed)
        #expect(steps[0].dueLocal == "2026-03-02T20:00:00-05:00")
        #expect(steps[1].dueUTC == at("2026-03-09T12:00:00Z"))
        #expect(steps[1].dueLocal == "2026-03-09T08:00:00-04:00")  // after the change to daylight time
        #expect(steps[2].detail == "exited")
        #expect(steps.allSatisfy { $0.journey == "test-journey" && $0.version == 3 })
    }

    @Test func noEventTakesTheTimeout() throws {
        let steps = try plan(events: [])
        #expect(steps.map(\.step) == ["thanks", "late", nil])
        #expect(steps[1].channel == .sms)
        #expect(steps[1].category == .transactional)
        #expect(steps[1].dueUTC == at("2026-03-10T00:00:00Z"))  // 7 calendar days: 20:00 EDT
        #expect(steps[1].dueLocal == "2026-03-09T20:00:00-04:00")
        #expect(steps[2].detail == "completed")
    }

    @Test func skipsCarryTheirReason() throws {
        let steps = try plan(events: [], facts: PolicyFacts(reachableChannels: [.email]))
        #expect(steps[0].action == .skip)
        #expect(steps[0].skipReason == .noConsent)
        #expect(steps[1].skipReason == .noAddress)
    }

    @Test func goalEventEndsThePlan() throws {
        let journey = try definition(threeSteps)
        let steps = JourneyDryRun.plan(
            definition: journey, version: 1, customerKey: "c-1", subject: "order:1", context: sampleContext,
            start: placed,
            zone: newYork, facts: openFacts,
            knownEvents: [KnownEvent(type: "order.placed", at: at("2026-03-05T15:00:00Z"))])
        #expect(steps.map(\.action) == [.send, .end])
        #expect(steps[1].detail == "converted")
        #expect(steps[1].dueUTC == at("2026-03-05T15:00:00Z"))
    }

    @Test func encodesSnakeCaseJSON() throws {
        let steps = try plan(events: [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(steps[0]), as: UTF8.self)
        #expect(
            json
                == #"{"action":"send","category":"marketing","channel":"email","due_local":"2026-03-02T20:00:00-05:00","due_utc":"2026-03-03T01:00:00.000Z","journey":"test-journey","step":"thanks","template":"thanks","version":3}"#
        )
    }

    @Test func localISOFormatting() {
        #expect(LocalISO8601.format(at("2026-10-25T00:30:00Z"), in: berlin) == "2026-10-25T02:30:00+02:00")
        #expect(LocalISO8601.format(at("2026-10-25T01:30:00Z"), in: berlin) == "2026-10-25T02:30:00+01:00")
        #expect(LocalISO8601.format(at("1969-12-31T23:59:59Z"), in: utc) == "1969-12-31T23:59:59+00:00")
        #expect(
            LocalISO8601.format(at("2026-01-01T00:00:00Z"), in: TimeZone(identifier: "Asia/Kolkata")!)
                == "2026-01-01T05:30:00+05:30")
    }
}
