import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct ConditionTests {
    func holds(_ text: String, _ context: ContextValue = sampleContext) throws -> Bool {
        try Condition(parsing: text).evaluate(in: context)
    }

    @Test func moneyComparesOnlyWithTheSameCurrency() throws {
        #expect(try holds("order.total >= 50 USD"))
        #expect(try holds("order.total == 75.00 USD"))
        #expect(try !holds("order.total > 75 USD"))
        #expect(try holds("order.total < 75.01 USD"))
        #expect(try !holds("order.total >= 50 EUR"))
        #expect(try !holds("order.total != 50 EUR"))  // a different currency is false, never converted
        #expect(try !holds("order.total >= 50"))  // money against a plain number is false
    }

    @Test func moneyLiteralsAreExact() throws {
        let condition = try Condition(parsing: "order.total >= 1000 JPY")
        #expect(condition.value == .money(Money(minorUnits: 1_000, currency: .jpy)))
        #expect(throws: ConditionError.self) { try Condition(parsing: "order.total >= 10.5 JPY") }
        #expect(throws: ConditionError.self) { try Condition(parsing: "order.total >= 10.001 USD") }
    }

    @Test func inAndContains() throws {
        #expect(try holds("order.channel in [web, app]"))
        #expect(try holds("order.channel in [pos, 'web']"))
        #expect(try !holds("order.channel in [pos, phone]"))
        let tagged: ContextValue = .object([
            "customer": .object([
                "tags": .list([.string("vip"), .string("wholesale")]), "name": .string("Ada Lovelace"),
            ])
        ])
        #expect(try holds("customer.tags contains vip", tagged))
        #expect(try !holds("customer.tags contains gold", tagged))
        #expect(try holds("customer.name contains \"Love\"", tagged))
    }

    @Test func existsIsFalseForMissingAndNull() throws {
        let context: ContextValue = .object(["customer": .object(["phone": .null, "email": .string("a@b.c")])])
        #expect(try holds("customer.email exists", context))
        #expect(try !holds("customer.phone exists", context))
        #expect(try !holds("shipment.carrier exists", context))
    }

    @Test func numbersCompareExactly() throws {
        #expect(try holds("customer.orders_count >= 2"))
        #expect(try holds("customer.orders_count == 3.0"))
        let score: ContextValue = .object(["event": .object(["payload": .object(["score": .decimal("8.5")])])])
        #expect(try holds("event.payload.score > 8.49", score))
        #expect(try !holds("event.payload.score >= 9", score))
        #expect(try !holds("event.payload.score == nine", score))
    }

    @Test func missingPathIsFalseEvenForNotEqual() throws {
        #expect(try !holds("shipment.status != delivered"))
        #expect(try !holds("shipment.status == delivered"))
    }

    @Test func quotedStringsAndBooleans() throws {
        let context: ContextValue = .object([
            "store": .object(["name": .string("Tea & Co")]),
            "event": .object(["payload": .object(["gift": .bool(true)])]),
        ])
        #expect(try holds("store.name == \"Tea & Co\"", context))
        #expect(try holds("event.payload.gift == true", context))
    }

    @Test func malformedConditions() {
        for text in [
            "", "order.total", "order.total >=", "order.total ~ 5", "order.channel in web", "order.channel == [a]",
            "customer.name == Ada Lovelace", "order.total >= 5 usd", "customer.phone exists yes",
            "order.channel in [a, ]",
            "customer.name == \"Ada", "order..total == 1",
        ] {
            #expect(throws: ConditionError.self, "\(text)") { try Condition(parsing: text) }
        }
    }

    @Test func schemaChecksPathsAndKinds() throws {
        let schema = ContextSchema.standard
        #expect(schema.check(try Condition(parsing: "event.payload.anything.deep == 1")) == nil)
        #expect(schema.check(try Condition(parsing: "order.lines exists")) == nil)
        #expect(schema.check(try Condition(parsing: "order == 1")) != nil)
        #expect(schema.check(try Condition(parsing: "order.categories == shoes")) != nil)
        #expect(schema.check(try Condition(parsing: "order.categories contains shoes")) == nil)
        #expect(schema.check(try Condition(parsing: "customer.orders_count == many")) != nil)
    }

    @Test func triggerMatchesTypeAndConditions() throws {
        let trigger = JourneyTrigger(
            event: "order.placed", conditions: [try Condition(parsing: "order.total >= 50 USD")])
        #expect(trigger.matches(eventType: "order.placed", context: sampleContext))
        #expect(!trigger.matches(eventType: "order.paid", context: sampleContext))
        #expect(!trigger.matches(eventType: "order.placed", context: .object([:])))
    }

    @Test func reentryDecisions() {
        let now = at("2026-06-30T00:00:00Z")
        let earlier = [PreviousInstance(subject: "order:1", startedAt: at("2026-06-10T00:00:00Z"))]
        #expect(!Reentry.oncePerSubject.allowsStart(subject: "order:1", previous: earlier, now: now))
        #expect(Reentry.oncePerSubject.allowsStart(subject: "order:2", previous: earlier, now: now))
        #expect(Reentry.always.allowsStart(subject: "order:1", previous: earlier, now: now))
        #expect(
            !Reentry.oncePerCustomer(JourneyDuration(30, .days)).allowsStart(
                subject: "order:2", previous: earlier, now: now))
        #expect(
            Reentry.oncePerCustomer(JourneyDuration(14, .days)).allowsStart(
                subject: "order:2", previous: earlier, now: now))
    }

    @Test func durationsParse() {
        #expect(JourneyDuration(parsing: "90s") == JourneyDuration(90, .seconds))
        #expect(JourneyDuration(parsing: "1w")?.elapsedMilliseconds == 604_800_000)
        for bad in ["", "d", "0d", "-1d", "1.5h", "1 d", "1y", "99999999999d"] {
            #expect(JourneyDuration(parsing: bad) == nil, "\(bad)")
        }
    }
}
