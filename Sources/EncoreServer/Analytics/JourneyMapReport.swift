import EncoreCore
import EncoreStore

/// The store's journey maps for a period: everyone, then each persona (the RFM segment of the
/// last predictions refresh) with customers in it.
public struct JourneyMapReport: Sendable {
    public var from: Timestamp
    public var to: Timestamp
    public var maps: [JourneyMap]

    public static func read(storage: any EncoreStorage, store: Store, from: Timestamp, to: Timestamp) async throws
        -> JourneyMapReport
    {
        let inputs = try await storage.journeyMapInputs(storeID: store.id, from: from, to: to)
        let attribution = try await JourneyAttribution.read(storage: storage, store: store, steps: false)
        let verdicts = attribution.rows.filter { $0.stepID == nil && $0.holdout != nil }.map {
            JourneyVerdict(
                journeyID: $0.journeyID, name: $0.name, entered: $0.treated.entered + ($0.holdout?.entered ?? 0),
                significant: $0.uplift?.isSignificant ?? false)
        }
        var maps = [
            JourneyMap.build(
                persona: "everyone", visits: inputs.visits, feedback: inputs.feedback, deliveries: inputs.deliveries.map(\.answer),
                journeys: verdicts)
        ]
        for persona in RFM.Segment.allCases.map(\.rawValue) {
            let members = Set(inputs.personas.filter { $0.value == persona }.keys)
            guard !members.isEmpty else { continue }
            let visits = inputs.visits.filter { members.contains($0.customerKey) }
            guard !visits.isEmpty else { continue }
            maps.append(
                JourneyMap.build(
                    persona: persona, visits: visits, feedback: inputs.feedback.filter { members.contains($0.customerKey) },
                    deliveries: inputs.deliveries.filter { members.contains($0.customerKey) }.map(\.answer)))
        }
        return JourneyMapReport(from: from, to: to, maps: maps)
    }

    /// Every map as JSON: stages with customers, drop-off and emotion, their touchpoints, and the
    /// ranked opportunities.
    public func json() -> JSONText {
        func optional(_ x: Double?) -> JSONText { x.map(JSONText.number) ?? .null }
        return .object([
            ("from", .string(from.iso8601)), ("to", .string(to.iso8601)),
            (
                "maps",
                .array(
                    maps.map { map in
                        .object([
                            ("persona", .string(map.persona)), ("customers", .int(Int64(map.customers))),
                            ("emotion", optional(map.emotion)),
                            (
                                "stages",
                                .array(
                                    map.stages.map { stage in
                                        .object([
                                            ("stage", .string(stage.stage.rawValue)), ("customers", .int(Int64(stage.customers))),
                                            ("drop_off", optional(stage.dropOff)), ("emotion", optional(stage.emotion)),
                                            (
                                                "touchpoints",
                                                .array(
                                                    stage.touchpoints.map { t in
                                                        .object([
                                                            ("touchpoint", .string(t.id)), ("channel", .string(t.channel)),
                                                            ("volume", .int(Int64(t.volume))), ("customers", .int(Int64(t.customers))),
                                                            ("emotion", optional(t.emotion)), ("signals", .int(Int64(t.signals))),
                                                        ])
                                                    })
                                            ),
                                        ])
                                    })
                            ),
                            (
                                "opportunities",
                                .array(
                                    map.opportunities.enumerated().map { rank, o in
                                        .object([
                                            ("rank", .int(Int64(rank + 1))), ("kind", .string(o.kind.rawValue)),
                                            ("stage", o.stage.map { .string($0.rawValue) } ?? .null),
                                            ("touchpoint", o.touchpoint.map(JSONText.string) ?? .null),
                                            ("weight", .number(o.weight)), ("description", .string(o.description)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }
}
