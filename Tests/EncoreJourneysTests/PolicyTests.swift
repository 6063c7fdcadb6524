import EncoreCore
import Foundation
import Testing

@testable import EncoreJourneys

@Suite struct PolicyTests {
    let oneSend = "  - id: hi\n    send: { channel: email, template: hi }"

    // 22:00 in New York on 2026-06-01 (EDT, UTC-4) is 02:00Z on 2026-06-02.
    let lateEvening = at("2026-06-02T02:00:00Z")

    @Test func quietHoursDeferToTheEndInTheCustomersZone() throws {
        let journey = try definition(oneSend)
        let deferred = begin(journey, at: lateEvening, zone: newYork)
        #expect(deferred.actions.isEmpty)
        #expect(deferred.wake == .at(at("2026-06-02T12:00:00Z")))  // 08:00 EDT
        #expect(deferred.state.deferredStepID == "hi")
        let due = step(journey, deferred.state, at: at("2026-06-02T12:00:00Z"), zone: newYork)
        #expect(due.actions == [sent("hi"), .finished(.completed)])
        #expect(due.state.deferredStepID == nil)
        // In Tokyo it is 11:00: not quiet.
        let tokyo = begin(journey, at: lateEvening, zone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(tokyo.actions == [sent("hi"), .finished(.completed)])
    }

    @Test func aDeferredSendIsNotDeferredAgain() throws {
        let journey = try definition(oneSend)
        let deferred = begin(journey, at: lateEvening, zone: newYork)
        // Woken early by a sloppy scheduler at 23:00: still not due.
        #expect(step(journey, deferred.state, at: at("2026-06-02T03:00:00Z"), zone: newYork).actions.isEmpty)
        // Due, even though a (pathological) zone change puts it in quiet hours again: it sends.
        let due = step(
            journey, deferred.state, at: at("2026-06-02T12:00:00Z"), zone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(due.actions == [sent("hi"), .finished(.completed)])
    }

    @Test func quietHoursSkip() throws {
        let journey = try definition("  - id: hi\n    send: { channel: email, template: hi, quiet_hours: skip }")
        let outcome = begin(journey, at: lateEvening, zone: newYork)
        #expect(outcome.actions == [skipped("hi", .quietHours), .finished(.completed)])
    }

    @Test func quietHoursIgnoreAndTransactionalDefault() throws {
        let ignoring = try definition(oneSend, extra: "quiet_hours: { action: ignore }\n")
        #expect(begin(ignoring, at: lateEvening, zone: newYork).actions.first == sent("hi"))
        let transactional = try definition(oneSend, category: .transactional)
        #expect(
            begin(transactional, at: lateEvening, zone: newYork).actions.first == sent("hi", category: .transactional))
    }

    @Test func customQuietWindow() throws {
        let journey = try definition(oneSend, extra: "quiet_hours: { from: \"12:00\", to: \"13:30\", action: defer }\n")
        let outcome = begin(journey, at: at("2026-06-01T12:15:00Z"), zone: utc)
        #expect(outcome.wake == .at(at("2026-06-01T13:30:00Z")))
    }

    @Test func suppressionConsentAndAddressInOrder() throws {
        let journey = try definition(oneSend)
        let now = at("2026-06-01T15:00:00Z")
        let suppressed = PolicyFacts(reachableChannels: [.email], suppressedChannels: [.email], marketingConsent: [])
        #expect(begin(journey, at: now, facts: suppressed).actions.first == skipped("hi", .suppressed))
        let noAddress = PolicyFacts(reachableChannels: [.sms], marketingConsent: [.email])
        #expect(begin(journey, at: now, facts: noAddress).actions.first == skipped("hi", .noAddress))
        let noConsent = PolicyFacts(reachableChannels: [.email], marketingConsent: [.sms])
        #expect(begin(journey, at: now, facts: noConsent).actions.first == skipped("hi", .noConsent))
        // Transactional needs an address only.
        let receipt = try definition(oneSend, category: .transactional)
        #expect(begin(receipt, at: now, facts: noConsent).actions.first == sent("hi", category: .transactional))
    }

    @Test func anUnsubscribeStopsMarketingOnly() throws {
        let now = at("2026-06-01T15:00:00Z")
        let customer = Customer(
            storeID: StoreID(1), key: "c-1", email: "Ada@Example.com",
            consents: [Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: now)],
            createdAt: at("2025-01-01T00:00:00Z"))
        let unsubscribed = PolicyFacts(customer: customer, unsubscribedAddresses: ["ada@example.com"])
        #expect(unsubscribed.unsubscribedChannels == [.email] && unsubscribed.suppressedChannels.isEmpty)
        #expect(begin(try definition(oneSend), at: now, facts: unsubscribed).actions.first == skipped("hi", .suppressed))
        let receipt = try definition(oneSend, category: .transactional)
        #expect(begin(receipt, at: now, facts: unsubscribed).actions.first == sent("hi", category: .transactional))
        let bounced = PolicyFacts(customer: customer, suppressedAddresses: ["ada@example.com"])
        #expect(begin(receipt, at: now, facts: bounced).actions.first == skipped("hi", .suppressed, category: .transactional))
    }

    @Test func factsFromACustomer() {
        let customer = Customer(
            storeID: StoreID(1), key: "c-1", email: "Ada@Example.com", phone: "+15550100",
            consents: [
                Consent(channel: .email, purpose: .marketing, granted: true, updatedAt: at("2026-01-01T00:00:00Z")),
                Consent(channel: .email, purpose: .marketing, granted: false, updatedAt: at("2026-02-01T00:00:00Z")),
                Consent(channel: .sms, purpose: .marketing, granted: true, updatedAt: at("2026-01-01T00:00:00Z")),
            ], createdAt: at("2025-01-01T00:00:00Z"))
        let facts = PolicyFacts(customer: customer, suppressedAddresses: ["ada@example.com"])
        #expect(facts.reachableChannels == [.email, .sms])
        #expect(facts.suppressedChannels == [.email])
        #expect(facts.marketingConsent == [.sms])
    }

    @Test func frequencyCapAcrossJourneys() throws {
        let journey = try definition(oneSend)
        let now = at("2026-06-10T15:00:00Z")
        var facts = PolicyFacts(
            reachableChannels: [.email], marketingConsent: [.email], recentMarketingSends: [at("2026-06-10T03:00:00Z")])
        #expect(begin(journey, at: now, facts: facts).actions.first == skipped("hi", .frequencyCap))
        facts.recentMarketingSends = [at("2026-06-09T14:59:59Z")]  // just over 24 h ago
        #expect(begin(journey, at: now, facts: facts).actions.first == sent("hi"))
        facts.recentMarketingSends = [
            at("2026-06-04T16:00:00Z"), at("2026-06-06T12:00:00Z"), at("2026-06-08T12:00:00Z"),
        ]
        #expect(begin(journey, at: now, facts: facts).actions.first == skipped("hi", .frequencyCap))  // 3 in 7 days
        let transactional = try definition(oneSend, category: .transactional)
        #expect(begin(transactional, at: now, facts: facts).actions.first == sent("hi", category: .transactional))
    }

    @Test func frequencyCapCountsSendsOfTheSameAdvance() throws {
        let journey = try definition(
            "  - id: one\n    send: { channel: email, template: one }\n  - id: two\n    send: { channel: email, template: two }"
        )
        let facts = PolicyFacts(reachableChannels: [.email], marketingConsent: [.email])
        let outcome = begin(journey, at: at("2026-06-10T15:00:00Z"), facts: facts)
        #expect(outcome.actions == [sent("one"), skipped("two", .frequencyCap), .finished(.completed)])
    }

    @Test func holdoutSkipsAfterConsentButWalksTheJourney() throws {
        let journey = try definition(oneSend + "\n  - update: { tag: walked }", holdout: 50)
        let now = at("2026-06-01T15:00:00Z")
        let heldOutCustomer = try #require(
            (0..<100).map { "c-\($0)" }.first { Holdout.isHeldOut(journeyID: journey.id, customerKey: $0, percent: 50) }
        )
        let outcome = begin(journey, at: now, customer: heldOutCustomer)
        #expect(outcome.state.heldOut)
        #expect(outcome.actions == [skipped("hi", .holdout), .tag("walked"), .finished(.completed)])
        let noConsent = PolicyFacts(reachableChannels: [.email])
        #expect(
            begin(journey, at: now, customer: heldOutCustomer, facts: noConsent).actions.first
                == skipped("hi", .noConsent))
    }

    @Test func holdoutIsStableAndRoughlyTheRightShare() {
        var held = 0
        for n in 0..<10_000 {
            let key = "customer-\(n)"
            let first = Holdout.isHeldOut(journeyID: "wow-thank-you", customerKey: key, percent: 10)
            #expect(first == Holdout.isHeldOut(journeyID: "wow-thank-you", customerKey: key, percent: 10))
            if first { held += 1 }
        }
        #expect((900...1_100).contains(held))
        #expect(!Holdout.isHeldOut(journeyID: "x", customerKey: "y", percent: 0))
        // A known value pins the hash: changing it would reshuffle every store's holdouts.
        let pinned = (0..<20).filter {
            Holdout.isHeldOut(journeyID: "wow-thank-you", customerKey: "customer-\($0)", percent: 10)
        }
        #expect(pinned == Self.pinnedHeldOut)
    }

    static let pinnedHeldOut = [4, 11, 18]
}
