import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct EngineTests {
    let walk = """
          - id: hello
            send: { channel: email, template: hello }
          - id: pause
            wait: 2h
          - id: check
            branch:
              - if: customer.orders_count >= 5
                goto: vip
              - if: order.total >= 50 USD
                goto: good
              - else: exit
          - id: vip
            update: { tag: vip }
          - id: good
            update: { tag: good-customer }
          - id: tell-shop
            webhook: { url: "https://shop.example/hook", event: journey.good }
          - exit
        """

    @Test func walksSendWaitBranchUpdateWebhookExit() throws {
        let journey = try definition(walk)
        let first = begin(journey, at: at("2026-06-01T12:00:00Z"))
        #expect(first.actions == [sent("hello")])
        #expect(first.wake == .at(at("2026-06-01T14:00:00Z")))
        #expect(first.state.status == .waiting)
        #expect(first.state.stepIndex == 1)

        let early = step(journey, first.state, at: at("2026-06-01T13:00:00Z"))
        #expect(early.actions.isEmpty)
        #expect(early.state == first.state)
        #expect(early.wake == first.wake)

        let second = step(journey, first.state, at: at("2026-06-01T14:00:00Z"))
        #expect(
            second.actions == [
                .tag("good-customer"),
                .webhook(stepID: "tell-shop", url: "https://shop.example/hook", event: "journey.good"),
                .finished(.exited),
            ])
        #expect(second.wake == .done)
        #expect(second.state.status == .exited)
        #expect(second.state.endedAt == at("2026-06-01T14:00:00Z"))

        let after = step(journey, second.state, at: at("2026-06-02T00:00:00Z"))
        #expect(after.actions.isEmpty)
        #expect(after.wake == .done)
    }

    @Test func branchElseExitsAndFirstMatchingArmWins() throws {
        let journey = try definition(walk)
        let small: ContextValue = .object([
            "customer": .object(["orders_count": .integer(1)]),
            "order": .object(["total": .money(Money(minorUnits: 100, currency: .usd))]),
        ])
        let vip: ContextValue = .object(["customer": .object(["orders_count": .integer(9)])])
        let start = begin(journey, at: at("2026-06-01T12:00:00Z"))
        let exited = step(journey, start.state, at: at("2026-06-01T14:00:00Z"), context: small)
        #expect(exited.actions == [.finished(.exited)])
        let loyal = step(journey, start.state, at: at("2026-06-01T14:00:00Z"), context: vip)
        #expect(loyal.actions.first == .tag("vip"))
        #expect(loyal.actions.contains(.tag("good-customer")))  // vip runs on into the next step
    }

    @Test func runningPastTheLastStepCompletes() throws {
        let journey = try definition("  - update: { tag: seen }")
        let outcome = begin(journey, at: at("2026-06-01T12:00:00Z"))
        #expect(outcome.actions == [.tag("seen"), .finished(.completed)])
        #expect(outcome.state.status == .completed)
    }

    @Test func waitForArrivalContinuesWithTheNextStep() throws {
        let journey = try definition(
            """
              - id: delivered
                wait_for: { event: shipment.delivered, about: order, timeout: 14d, on_timeout: sorry }
              - id: enjoy
                send: { channel: email, template: enjoy }
              - exit
              - id: sorry
                send: { channel: sms, template: sorry, category: transactional }
            """)
        let start = begin(journey, at: at("2026-06-01T12:00:00Z"))
        #expect(
            start.wake == .waitingFor(event: "shipment.delivered", about: .order, deadline: at("2026-06-15T12:00:00Z")))
        #expect(start.state.waitingFor?.since == at("2026-06-01T12:00:00Z"))

        #expect(
            JourneyEngine.resume(
                definition: journey, state: start.state, eventType: "shipment.shipped", at: at("2026-06-03T12:00:00Z"))
                == nil)
        let resumed = try #require(
            JourneyEngine.resume(
                definition: journey, state: start.state, eventType: "shipment.delivered", at: at("2026-06-03T12:00:00Z")
            ))
        let arrived = step(journey, resumed, at: at("2026-06-03T12:00:00Z"))
        #expect(arrived.actions == [sent("enjoy"), .finished(.exited)])
    }

    @Test func waitForTimeoutTakesOnTimeout() throws {
        let journey = try definition(
            """
              - id: delivered
                wait_for: { event: shipment.delivered, about: order, timeout: 14d, on_timeout: sorry }
              - id: enjoy
                send: { channel: email, template: enjoy }
              - exit
              - id: sorry
                send: { channel: sms, template: sorry, category: transactional }
            """)
        let start = begin(journey, at: at("2026-06-01T12:00:00Z"))
        let before = step(journey, start.state, at: at("2026-06-15T11:59:59Z"))
        #expect(before.actions.isEmpty)
        let late = step(journey, start.state, at: at("2026-06-15T12:00:00Z"))
        #expect(late.actions == [sent("sorry", .sms, category: .transactional), .finished(.completed)])
        #expect(
            JourneyEngine.resume(
                definition: journey, state: start.state, eventType: "shipment.delivered", at: at("2026-06-15T12:00:01Z")
            )
                == nil)
    }

    @Test func goalConvertsInTheMiddleOfAWait() throws {
        let journey = try definition("  - wait: 3d\n  - id: nudge\n    send: { channel: email, template: nudge }")
        #expect(journey.goal == .nextOrder)
        let start = begin(journey, at: at("2026-06-01T12:00:00Z"))
        #expect(
            JourneyEngine.convert(
                definition: journey, state: start.state, eventType: "order.refunded", at: at("2026-06-02T12:00:00Z"))
                == nil)
        let converted = try #require(
            JourneyEngine.convert(
                definition: journey, state: start.state, eventType: "order.placed", at: at("2026-06-02T12:00:00Z")))
        #expect(converted.actions == [.finished(.converted)])
        #expect(converted.state.status == .converted)
        #expect(converted.wake == .done)
        #expect(step(journey, converted.state, at: at("2026-06-04T12:00:00Z")).actions.isEmpty)
        // Outside the 30-day window: no conversion.
        #expect(
            JourneyEngine.convert(
                definition: journey, state: start.state, eventType: "order.placed", at: at("2026-07-02T12:00:00Z"))
                == nil)
    }

    @Test func aCompletedInstanceStillConvertsWithinItsGoalWindowOnce() throws {
        let journey = try definition("  - id: nudge\n    send: { channel: email, template: nudge }")
        let start = begin(journey, at: at("2026-06-01T12:00:00Z"))
        let done = step(journey, start.state, at: at("2026-06-01T12:00:00Z"))
        #expect(done.state.status == .completed)
        let converted = try #require(
            JourneyEngine.convert(definition: journey, state: done.state, eventType: "order.placed", at: at("2026-06-20T12:00:00Z")))
        #expect(converted.state.status == .converted)
        #expect(
            JourneyEngine.convert(definition: journey, state: converted.state, eventType: "order.placed", at: at("2026-06-21T12:00:00Z"))
                == nil, "converted once")
        #expect(
            JourneyEngine.convert(definition: journey, state: done.state, eventType: "order.placed", at: at("2026-07-02T12:00:00Z"))
                == nil, "the window counts from the start")
    }

    @Test func splitIsDeterministicAndFollowsWeights() throws {
        let journey = try definition(
            """
              - id: ab
                split:
                  - { weight: 75, goto: a }
                  - { weight: 25, goto: b }
              - id: a
                update: { tag: a }
              - exit
              - id: b
                update: { tag: b }
            """)
        var aCount = 0
        for n in 0..<4_000 {
            let first = begin(journey, at: at("2026-06-01T12:00:00Z"), customer: "c-\(n)")
            let again = begin(journey, at: at("2026-07-01T12:00:00Z"), customer: "c-\(n)")
            #expect(first.actions.first == again.actions.first)
            if first.actions.first == .tag("a") { aCount += 1 }
        }
        #expect((2_800...3_200).contains(aCount))
    }

    @Test func stateRoundTripsThroughJSON() throws {
        let journey = try definition("  - wait_for: { event: shipment.delivered, timeout: 2d }")
        let state = begin(journey, at: at("2026-06-01T12:00:00Z")).state
        let decoded = try JSONDecoder().decode(JourneyInstanceState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
        #expect(decoded.waitingFor?.about == .customer)
    }

    @Test func waitUntilAWeekdayWindowInTheCustomersZone() throws {
        let journey = try definition(
            """
              - wait: { until: "09:00-11:00", weekdays: [mon, tue, wed, thu, fri] }
              - id: hi
                send: { channel: email, template: hi }
            """)
        // Saturday 2026-06-06 15:00 New York → Monday 2026-06-08 09:00 EDT (13:00Z).
        let saturday = begin(journey, at: at("2026-06-06T19:00:00Z"), zone: newYork)
        #expect(saturday.wake == .at(at("2026-06-08T13:00:00Z")))
        // Already inside the window on a Tuesday: sends at once.
        let inside = begin(journey, at: at("2026-06-09T14:00:00Z"), zone: newYork)
        #expect(inside.actions == [sent("hi"), .finished(.completed)])
    }

    @Test func stepLimitGuardsARunawayDefinition() throws {
        // Built directly: the loader refuses loops with no wait.
        let looping = JourneyDefinition(
            id: "spin", name: "Spin", category: .transactional, trigger: JourneyTrigger(event: "order.placed"),
            steps: [
                JourneyStep(id: "a", kind: .update(tag: "x")),
                JourneyStep(id: "b", kind: .branch(BranchStep(cases: [], otherwise: .step("a")))),
            ])
        let outcome = begin(looping, at: at("2026-06-01T12:00:00Z"))
        #expect(outcome.actions.last == .finished(.stepLimit))
        #expect(outcome.state.status == .exited)
    }
}
