import EncoreCore
import EncoreJourneys
import EncoreStore

/// What each journey, version and message step achieved against its holdout: the counts of the
/// treated group, the holdout's conversion beside them, the uplift with its 95% interval and the
/// incremental revenue in the store's currency ("not significant yet" when the interval holds 0).
public struct JourneyAttribution: Sendable {
    /// One group's counts (revenue in the store's currency, minor units, within the goal window).
    public struct Counts: Sendable, Hashable {
        public var entered = 0
        public var sent = 0
        public var delivered = 0
        public var opened = 0
        public var clicked = 0
        public var converted = 0
        public var revenue: Int64 = 0
    }

    /// A whole version (`stepID` nil) or one of its message steps (entered = reached the step).
    public struct Row: Sendable {
        public var journeyID: String
        public var name: String
        public var version: Int
        public var stepID: String?
        public var treated: Counts
        public var holdout: Counts?
        public var uplift: Uplift?
        public var incrementalRevenue: IncrementalRevenue?
    }

    public var currency: Currency
    public var rows: [Row]

    /// Reads the store's funnels and computes every row: each version, then its steps. With
    /// `steps` false only the versions' rows, without reading the steps' funnels (the overview
    /// and the journey map want the verdicts only; the steps' queries walk the whole journey log).
    public static func read(storage: any EncoreStorage, store: Store, steps includeSteps: Bool = true) async throws
        -> JourneyAttribution
    {
        let code = store.currency.code
        let journeys = try await storage.journeys(storeID: store.id)
        let names = Dictionary(journeys.map { ($0.journeyID, $0.definition.name) }) { a, _ in a }
        let funnels = try await storage.journeyFunnels(storeID: store.id)
        let steps = includeSteps ? try await storage.journeyStepFunnels(storeID: store.id) : []
        let moments = try await storage.journeyRevenueMoments(storeID: store.id).filter { $0.currency == code }
        func squares(_ journey: String, _ version: Int, _ heldOut: Bool) -> Double {
            moments.first { $0.journeyID == journey && $0.version == version && $0.heldOut == heldOut }?.sumOfSquares ?? 0
        }
        var rows: [Row] = []
        let versions = Dictionary(grouping: funnels) { VersionKey(journey: $0.journeyID, version: $0.version) }
        let stepsByVersion = Dictionary(grouping: steps) { VersionKey(journey: $0.journeyID, version: $0.version) }
        for key in versions.keys.sorted(by: { ($0.journey, -$0.version) < ($1.journey, -$1.version) }) {
            let group = versions[key] ?? []
            let treated = group.first { !$0.heldOut }
            let holdout = group.first { $0.heldOut }
            func counts(_ f: JourneyFunnel?) -> Counts {
                guard let f else { return Counts() }
                return Counts(
                    entered: f.entered, sent: f.sent, delivered: f.delivered, opened: f.opened, clicked: f.clicked,
                    converted: f.converted, revenue: f.revenue[code] ?? 0)
            }
            let t = counts(treated)
            let h = holdout.map(counts)
            rows.append(
                Self.row(
                    key, name: names[key.journey] ?? key.journey, step: nil, treated: t, holdout: h,
                    treatedSquares: squares(key.journey, key.version, false), holdoutSquares: squares(key.journey, key.version, true)))
            let byStep = Dictionary(grouping: stepsByVersion[key] ?? [], by: \.stepID)
            for step in byStep.keys.sorted() {
                let pair = byStep[step] ?? []
                func counts(_ f: JourneyStepFunnel?) -> Counts {
                    guard let f else { return Counts() }
                    return Counts(
                        entered: f.reached, sent: f.sent, delivered: f.delivered, opened: f.opened, clicked: f.clicked,
                        converted: f.converted, revenue: f.revenue[code] ?? 0)
                }
                let ts = pair.first { !$0.heldOut }
                let hs = pair.first { $0.heldOut }
                rows.append(
                    Self.row(
                        key, name: names[key.journey] ?? key.journey, step: step, treated: counts(ts), holdout: hs.map(counts),
                        treatedSquares: ts?.revenueSumOfSquares[code] ?? 0, holdoutSquares: hs?.revenueSumOfSquares[code] ?? 0))
            }
        }
        return JourneyAttribution(currency: store.currency, rows: rows)
    }

    static func row(
        _ key: VersionKey, name: String, step: String?, treated: Counts, holdout: Counts?, treatedSquares: Double,
        holdoutSquares: Double
    ) -> Row {
        let uplift = holdout.flatMap {
            Uplift.of(
                treatedConverted: treated.converted, treatedEntered: treated.entered, holdoutConverted: $0.converted,
                holdoutEntered: $0.entered)
        }
        let incremental = holdout.flatMap {
            IncrementalRevenue.of(
                treated: GroupRevenue(entered: treated.entered, sum: Double(treated.revenue), sumOfSquares: treatedSquares),
                holdout: GroupRevenue(entered: $0.entered, sum: Double($0.revenue), sumOfSquares: holdoutSquares))
        }
        return Row(
            journeyID: key.journey, name: name, version: key.version, stepID: step, treated: treated, holdout: holdout,
            uplift: uplift, incrementalRevenue: incremental)
    }

    struct VersionKey: Hashable {
        var journey: String
        var version: Int
    }
}
