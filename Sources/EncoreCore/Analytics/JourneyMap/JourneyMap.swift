/// The customer journey map of one persona (or everyone): stages × touchpoints with channel,
/// volume, emotional score and drop-off, and the opportunities ranked by what they are worth.
public struct JourneyMap: Sendable {
    public struct Touchpoint: Sendable, Hashable {
        public var stage: JourneyStage
        public var id: String
        public var channel: String
        /// Visits and distinct customers.
        public var volume: Int
        public var customers: Int
        /// Mean of the feedback scores and text sentiments given here, in [-1, 1], with how many
        /// signals it rests on; nil without feedback.
        public var emotion: Double?
        public var signals: Int
    }

    public struct Stage: Sendable, Hashable {
        public var stage: JourneyStage
        public var customers: Int
        /// Share of the stage's customers who reach no later stage; nil for the last stage or an
        /// empty one.
        public var dropOff: Double?
        public var emotion: Double?
        public var touchpoints: [Touchpoint]
    }

    public struct Opportunity: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case dip, lateDelivery = "late_delivery", unprovenJourney = "unproven_journey"
        }
        public var kind: Kind
        public var stage: JourneyStage?
        public var touchpoint: String?
        /// What it is worth: volume × how far the emotion falls below the map's mean, customers ×
        /// the NPS points lost to late deliveries / 100, or the customers a journey without proven
        /// uplift reaches.
        public var weight: Double
        public var description: String
    }

    public var persona: String
    public var customers: Int
    public var emotion: Double?
    public var stages: [Stage]
    public var opportunities: [Opportunity]

    /// The map of `visits` and `feedback` (already limited to the persona's customers);
    /// `deliveries` and `journeys` add the delivery-delay and journey opportunities.
    public static func build(
        persona: String, visits: [TouchpointVisit], feedback: [TouchpointFeedback], deliveries: [DeliveryAnswer] = [],
        journeys: [JourneyVerdict] = []
    ) -> JourneyMap {
        struct Key: Hashable {
            var stage: JourneyStage
            var id: String
        }
        var volume: [Key: Int] = [:]
        var customersAt: [Key: Set<String>] = [:]
        var channels: [Key: [String: Int]] = [:]
        var stagesOf: [String: Set<JourneyStage>] = [:]
        for v in visits {
            let k = Key(stage: v.stage, id: v.touchpoint)
            volume[k, default: 0] += 1
            customersAt[k, default: []].insert(v.customerKey)
            channels[k, default: [:]][v.channel, default: 0] += 1
            stagesOf[v.customerKey, default: []].insert(v.stage)
        }
        var signals: [Key: [Double]] = [:]
        for f in feedback {
            let k = Key(stage: f.stage, id: f.touchpoint)
            signals[k, default: []].append(max(-1, min(1, f.score)))
            if let text = f.text, let s = Sentiment.score(text) { signals[k, default: []].append(s) }
            stagesOf[f.customerKey, default: []].insert(f.stage)
            if volume[k] == nil {
                volume[k] = 0
                channels[k] = ["web": 0]
            }
            customersAt[k, default: []].insert(f.customerKey)
        }
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        let all = signals.values.flatMap { $0 }
        let overall = mean(all)
        var stages: [Stage] = []
        var opportunities: [Opportunity] = []
        for stage in JourneyStage.allCases {
            let keys = volume.keys.filter { $0.stage == stage }
            let touchpoints = keys.map { k in
                Touchpoint(
                    stage: stage, id: k.id, channel: channels[k]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "event",
                    volume: max(volume[k] ?? 0, customersAt[k]?.count ?? 0), customers: customersAt[k]?.count ?? 0,
                    emotion: mean(signals[k] ?? []), signals: signals[k]?.count ?? 0)
            }.sorted { ($0.volume, $1.id) > ($1.volume, $0.id) }
            let here = stagesOf.filter { $0.value.contains(stage) }
            let later = here.filter { $0.value.contains { $0 > stage } }
            let last = stage == JourneyStage.allCases.last
            stages.append(
                Stage(
                    stage: stage, customers: here.count,
                    dropOff: last || here.isEmpty ? nil : 1 - Double(later.count) / Double(here.count),
                    emotion: mean(keys.flatMap { signals[$0] ?? [] }), touchpoints: touchpoints))
            if let overall {
                for t in touchpoints {
                    guard let e = t.emotion, e < overall, e < 0.2 else { continue }
                    opportunities.append(
                        Opportunity(
                            kind: .dip, stage: stage, touchpoint: t.id, weight: Double(max(t.volume, t.signals)) * (overall - e),
                            description:
                                "\(t.id) in \(stage.rawValue): emotion \(Self.signed(e)) against \(Self.signed(overall)) overall, \(max(t.volume, t.signals)) visits"
                        ))
                }
            }
        }
        let late = deliveries.filter(\.late)
        let onTime = deliveries.filter { !$0.late }
        if !late.isEmpty, !onTime.isEmpty {
            let lost = Self.nps(onTime) - Self.nps(late)
            if lost > 0 {
                opportunities.append(
                    Opportunity(
                        kind: .lateDelivery, stage: .fulfilment, touchpoint: nil, weight: Double(late.count) * lost / 100,
                        description:
                            "late deliveries: NPS \(Int(Self.nps(late).rounded())) from \(late.count) answers against \(Int(Self.nps(onTime).rounded())) on time"
                    ))
            }
        }
        for j in journeys where !j.significant && j.entered > 0 {
            opportunities.append(
                Opportunity(
                    kind: .unprovenJourney, stage: nil, touchpoint: "journey:\(j.journeyID)", weight: Double(j.entered) / 100,
                    description: "\(j.name): no significant uplift over its holdout yet (\(j.entered) customers entered)"))
        }
        opportunities.sort { ($0.weight, $1.description) > ($1.weight, $0.description) }
        return JourneyMap(
            persona: persona, customers: stagesOf.count, emotion: overall, stages: stages, opportunities: opportunities)
    }

    /// Promoters minus detractors, in points.
    static func nps(_ answers: [DeliveryAnswer]) -> Double {
        guard !answers.isEmpty else { return 0 }
        let promoters = answers.filter { $0.score >= 9 }.count
        let detractors = answers.filter { $0.score <= 6 }.count
        return 100 * Double(promoters - detractors) / Double(answers.count)
    }

    static func signed(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let sign = hundredths < 0 ? "-" : "+"
        let m = abs(hundredths)
        return "\(sign)\(m / 100).\(m % 100 < 10 ? "0" : "")\(m % 100)"
    }
}
