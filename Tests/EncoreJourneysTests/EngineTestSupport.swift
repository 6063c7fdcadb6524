import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

/// An instant from ISO 8601 text.
func at(_ text: String) -> Timestamp {
    guard let instant = ISO8601.parse(text) else { fatalError("bad test time \(text)") }
    return instant
}

/// A journey from its steps (YAML list items indented two spaces) and optional top-level lines.
func definition(
    _ steps: String, category: JourneyCategory = .marketing, holdout: Int = 0, extra: String = ""
) throws -> JourneyDefinition {
    let text = """
        id: test-journey
        name: Test
        category: \(category.rawValue)
        holdout: \(holdout)
        trigger:
          event: order.placed
        \(extra)steps:
        \(steps)
        """
    return try JourneyLoader.load(path: "test.yaml", text: text)
}

/// Everything allowed: both addresses, marketing consent on both, no frequency cap.
let openFacts = PolicyFacts(reachableChannels: [.email, .sms], marketingConsent: [.email, .sms], frequencyCap: .none)

let utc = TimeZone(identifier: "UTC")!
let newYork = TimeZone(identifier: "America/New_York")!
let berlin = TimeZone(identifier: "Europe/Berlin")!

let sampleContext: ContextValue = .object([
    "customer": .object(["orders_count": .integer(3), "first_name": .string("Ada")]),
    "order": .object([
        "total": .money(Money(minorUnits: 7_500, currency: .usd)), "channel": .string("web"),
        "lines": .list([.object(["title": .string("Kettle")])]),
    ]),
])

/// Starts and advances once.
func begin(
    _ definition: JourneyDefinition, at now: Timestamp, customer: String = "c-1", facts: PolicyFacts = openFacts,
    zone: TimeZone = utc, context: ContextValue = sampleContext
) -> JourneyStepOutcome {
    let state = JourneyEngine.start(definition: definition, customerKey: customer, subject: "order:1", now: now)
    return JourneyEngine.advance(
        definition: definition, state: state, now: now, context: context, facts: facts, zone: zone)
}

/// Advances an existing state.
func step(
    _ definition: JourneyDefinition, _ state: JourneyInstanceState, at now: Timestamp, facts: PolicyFacts = openFacts,
    zone: TimeZone = utc, context: ContextValue = sampleContext
) -> JourneyStepOutcome {
    JourneyEngine.advance(definition: definition, state: state, now: now, context: context, facts: facts, zone: zone)
}

func sent(
    _ stepID: String, _ channel: Channel = .email, template: String? = nil, category: JourneyCategory = .marketing
) -> JourneyAction {
    .send(JourneySend(stepID: stepID, channel: channel, template: template ?? stepID, category: category))
}

func skipped(
    _ stepID: String, _ reason: SkipReason, _ channel: Channel = .email, template: String? = nil,
    category: JourneyCategory = .marketing
) -> JourneyAction {
    .skip(
        JourneySend(stepID: stepID, channel: channel, template: template ?? stepID, category: category), reason: reason)
}
