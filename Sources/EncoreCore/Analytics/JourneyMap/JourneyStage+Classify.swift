extension JourneyStage {
    /// The stage of an event type in the log; nil for types the map does not show.
    public static func of(eventType type: String) -> JourneyStage? {
        switch type {
        case "order.placed": return .purchase
        case "customer.created": return .purchase
        case "allied.reward", "points.earned", "points.expiring", "tier.up", "reward.redeemed", "customer.birthday": return .loyalty
        case "review.submitted", "review.published", "referral.credited": return .advocacy
        case "customer.lapsing", "customer.replenishment_due": return .repurchase
        case "refund.created", "order.cancelled": return .followUp
        default:
            if type.hasPrefix("shipment.") { return .fulfilment }
            if type.hasPrefix("feedback.") || type.hasPrefix("ticket.") { return .followUp }
            return nil
        }
    }

    /// The stage of a journey's messages: from words in its id first (the shipped journeys and
    /// names like `vip-winback` read naturally), then from its trigger.
    public static func of(journeyID id: String, trigger: String) -> JourneyStage {
        let words: [(JourneyStage, [String])] = [
            (.purchase, ["confirm"]),
            (.wow, ["wow", "thank"]),
            (.fulfilment, ["ship", "deliver", "track"]),
            (.onboarding, ["onboard", "tips", "welcome", "how-to"]),
            (.repurchase, ["replenish", "win-back", "winback", "reorder", "refill", "lapsing"]),
            (.advocacy, ["referral", "promoter", "advoca", "review"]),
            (.loyalty, ["loyal", "points", "tier", "reward", "birthday", "vip"]),
            (.followUp, ["follow", "nps", "survey", "apology", "detractor"]),
        ]
        let lowered = id.lowercased()
        for (stage, keys) in words where keys.contains(where: { lowered.contains($0) }) { return stage }
        if trigger == "order.placed" { return .wow }
        if trigger.hasPrefix("segment.") { return .loyalty }
        return of(eventType: trigger) ?? .followUp
    }

    /// The stage where feedback of `kind` about `touchpoint` (order, delivery, ticket) was given.
    public static func of(feedbackKind kind: String, touchpoint: String) -> JourneyStage {
        touchpoint == "delivery" ? .fulfilment : .followUp
    }
}
