import Testing

@testable import EncoreCore

@Suite("The customer journey map: stages, touchpoints, emotion, drop-off, opportunities")
struct JourneyMapTests {
    @Test("sentiment from words, negations and intensifiers; nothing read into text without opinion words")
    func sentiment() throws {
        #expect(try #require(Sentiment.score("Love it, amazing coffee")) > 0.9)
        #expect(try #require(Sentiment.score("The parcel was late and the box damaged")) < -0.5)
        #expect(try #require(Sentiment.score("not good")) < 0)
        #expect(try #require(Sentiment.score("wasn't bad at all")) > 0)
        #expect(try #require(Sentiment.score("very good")) > (try #require(Sentiment.score("good"))))
        #expect(Sentiment.score("Order 1042 arrived on Tuesday") == nil)
        #expect(Sentiment.score("") == nil)
        let s = try #require(Sentiment.score("terrible terrible terrible terrible awful worst"))
        #expect(s == -1, "clamped")
    }

    @Test("stages from event types, journey ids and triggers, and where feedback was given")
    func stages() {
        #expect(JourneyStage.of(eventType: "shipment.delivered") == .fulfilment)
        #expect(JourneyStage.of(eventType: "tier.up") == .loyalty)
        #expect(JourneyStage.of(eventType: "review.published") == .advocacy)
        #expect(JourneyStage.of(eventType: "feedback.nps") == .followUp)
        #expect(JourneyStage.of(eventType: "webhook.ping") == nil)
        #expect(JourneyStage.of(journeyID: "order-confirmation", trigger: "order.placed") == .purchase)
        #expect(JourneyStage.of(journeyID: "wow-thank-you", trigger: "order.placed") == .wow)
        #expect(JourneyStage.of(journeyID: "onboarding-tips", trigger: "order.placed") == .onboarding)
        #expect(JourneyStage.of(journeyID: "win-back", trigger: "customer.lapsing") == .repurchase)
        #expect(JourneyStage.of(journeyID: "promoter-invitation", trigger: "feedback.nps") == .advocacy)
        #expect(JourneyStage.of(journeyID: "seven-day-follow-up", trigger: "order.placed") == .followUp)
        #expect(JourneyStage.of(journeyID: "x1", trigger: "shipment.delayed") == .fulfilment)
        #expect(JourneyStage.of(journeyID: "x2", trigger: "segment.entered") == .loyalty)
        #expect(JourneyStage.of(journeyID: "x3", trigger: "order.placed") == .wow)
        #expect(JourneyStage.of(feedbackKind: "csat", touchpoint: "delivery") == .fulfilment)
        #expect(JourneyStage.of(feedbackKind: "nps", touchpoint: "order") == .followUp)
        #expect(JourneyStage.followUp < .loyalty && JourneyStage.purchase < .wow)
    }

    @Test("a hand-checked map: volume, customers, emotion with text, drop-off and the ranked opportunities")
    func map() throws {
        var visits: [TouchpointVisit] = []
        for c in ["a", "b", "c", "d"] {
            visits.append(TouchpointVisit(customerKey: c, stage: .purchase, touchpoint: "order:first", channel: "web"))
        }
        visits.append(TouchpointVisit(customerKey: "a", stage: .fulfilment, touchpoint: "event:shipment.delivered", channel: "event"))
        visits.append(TouchpointVisit(customerKey: "b", stage: .fulfilment, touchpoint: "event:shipment.delivered", channel: "event"))
        visits.append(TouchpointVisit(customerKey: "b", stage: .fulfilment, touchpoint: "event:shipment.delayed", channel: "event"))
        visits.append(TouchpointVisit(customerKey: "a", stage: .repurchase, touchpoint: "order:again", channel: "app"))
        visits.append(TouchpointVisit(customerKey: "a", stage: .repurchase, touchpoint: "order:again", channel: "app"))
        let feedback = [
            TouchpointFeedback(customerKey: "a", stage: .followUp, touchpoint: "survey:nps:order", score: TouchpointFeedback.nps(10)),
            TouchpointFeedback(
                customerKey: "b", stage: .fulfilment, touchpoint: "survey:csat:delivery", score: TouchpointFeedback.fivePoint(1),
                text: "Terrible, the box arrived late"),
        ]
        let map = JourneyMap.build(
            persona: "everyone", visits: visits, feedback: feedback,
            deliveries: [DeliveryAnswer(score: 2, late: true), DeliveryAnswer(score: 10, late: false), DeliveryAnswer(score: 9, late: false)],
            journeys: [
                JourneyVerdict(journeyID: "win-back", name: "Win-back", entered: 300, significant: false),
                JourneyVerdict(journeyID: "thanks", name: "Thanks", entered: 900, significant: true),
            ])
        #expect(map.customers == 4)
        let purchase = try #require(map.stages.first { $0.stage == .purchase })
        #expect(purchase.customers == 4)
        // a and b reach later stages; c and d do not.
        #expect(purchase.dropOff == 0.5)
        let fulfilment = try #require(map.stages.first { $0.stage == .fulfilment })
        #expect(fulfilment.touchpoints.map(\.id) == ["event:shipment.delivered", "event:shipment.delayed", "survey:csat:delivery"])
        #expect(fulfilment.touchpoints.first?.volume == 2 && fulfilment.touchpoints.first?.customers == 2)
        let csat = try #require(fulfilment.touchpoints.first { $0.id == "survey:csat:delivery" })
        #expect(csat.signals == 2, "the score and the text's sentiment")
        let sentiment = try #require(Sentiment.score("Terrible, the box arrived late"))
        #expect(csat.emotion == (-1 + sentiment) / 2)
        let again = try #require(map.stages.first { $0.stage == .repurchase }?.touchpoints.first)
        #expect(again.volume == 2 && again.customers == 1 && again.channel == "app")
        #expect(map.stages.first { $0.stage == .advocacy }?.dropOff == nil, "the last stage")
        #expect(map.stages.first { $0.stage == .loyalty }?.customers == 0)
        // Ranked: the dip (2 signals × the gap to the mean), the unproven journey (300 / 100), late deliveries (1 × 200 / 100).
        let kinds = map.opportunities.map(\.kind)
        #expect(Set(kinds) == [.dip, .unprovenJourney, .lateDelivery])
        #expect(map.opportunities.first?.kind == .unprovenJourney)
        let late = try #require(map.opportunities.first { $0.kind == .lateDelivery })
        #expect(late.weight == 2.0)
        #expect(late.description.contains("NPS -100 from 1 answers against 100 on time"))
        #expect(!map.opportunities.contains { $0.touchpoint == "journey:thanks" }, "a proven journey is no opportunity")
        #expect(zip(map.opportunities, map.opportunities.dropFirst()).allSatisfy { $0.weight >= $1.weight })
    }

    @Test("an empty period: every stage empty, no emotion, no opportunity")
    func empty() {
        let map = JourneyMap.build(persona: "everyone", visits: [], feedback: [])
        #expect(map.customers == 0 && map.emotion == nil && map.opportunities.isEmpty)
        #expect(map.stages.count == JourneyStage.allCases.count && map.stages.allSatisfy { $0.customers == 0 && $0.dropOff == nil })
    }
}
