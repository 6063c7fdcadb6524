import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

extension JourneysCommand {
    /// `encore journeys map [--store S] [--from DATE] [--to DATE] [--persona P] [--json]`.
    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The customer journey map: stages × touchpoints, volume, emotion, drop-off and ranked opportunities.",
            discussion: """
                One map for everyone and one per persona (the RFM segment of the last `encore predictions refresh`).
                The emotional score of a touchpoint is the mean of the feedback given there (NPS, CSAT, review
                stars, scaled to -1..1) and the sentiment of its text. The period is [--from, --to) in the store's
                time zone (default: the 90 days up to and including today). Formulas: docs/JOURNEY-MAP.md.
                """)
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?
        @OptionGroup var dates: PeriodOptions
        @Option(help: "Only this persona (everyone, champions, loyal, new, promising, at_risk, lost, hibernating).")
        var persona: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let persona, persona != "everyone", RFM.Segment(rawValue: persona) == nil {
                throw ValidationError("--persona '\(persona)' is not everyone or an RFM segment")
            }
        }

        func run() async throws {
            var report = try await db.withStorage { storage in
                let target = try await resolveStore(storage, store)
                let period = try dates.period(of: target, defaultDays: 90)
                return try await JourneyMapReport.read(storage: storage, store: target, from: period.start, to: period.end)
            }
            if let persona { report.maps = report.maps.filter { $0.persona == persona } }
            if json {
                print(report.json().rendered)
                return
            }
            for map in report.maps {
                print("\(map.persona): \(map.customers) customers")
                for stage in map.stages where stage.customers > 0 {
                    let drop = stage.dropOff.map { String(format: ", drop-off %.0f%%", $0 * 100) } ?? ""
                    let emotion = stage.emotion.map { String(format: ", emotion %+.2f", $0) } ?? ""
                    print("  \(stage.stage.rawValue): \(stage.customers) customers\(drop)\(emotion)")
                    for t in stage.touchpoints.prefix(5) {
                        print("    \(t.id) (\(t.channel)): \(t.volume)" + (t.emotion.map { String(format: ", emotion %+.2f", $0) } ?? ""))
                    }
                }
                for (rank, o) in map.opportunities.prefix(5).enumerated() { print("  \(rank + 1). \(o.description)") }
            }
        }
    }
}
