import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

extension JourneysCommand {
    /// `encore journeys attribution [--store S] [--journey J] [--json]`: each journey version and
    /// message step against its holdout.
    struct Attribution: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What each journey, version and step achieved against its holdout: uplift with a 95% interval, incremental revenue.",
            discussion: """
                Entered, sent, delivered, opened, clicked, converted and revenue within the goal window for the
                treated group, the holdout's conversion beside it, the uplift (Newcombe's interval for a difference
                of proportions) and the incremental revenue (per-entrant difference × treated entrants, 95%
                interval). A step's row counts the instances that reached it. "not significant yet" when the
                interval holds zero.
                """)
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The store (default: the only one).") var store: String?
        @Option(help: "Only this journey.") var journey: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var attribution = try await db.withStorage { storage in
                try await JourneyAttribution.read(storage: storage, store: try await resolveStore(storage, store))
            }
            if let journey {
                attribution.rows = attribution.rows.filter { $0.journeyID == journey }
                guard !attribution.rows.isEmpty else { throw ValidationError("no journey '\(journey)' has entered anyone yet") }
            }
            if json {
                print(attribution.json().rendered)
                return
            }
            if attribution.rows.isEmpty { print("No customer has entered a journey yet.") }
            for row in attribution.rows {
                let t = row.treated
                let rate = t.entered > 0 ? String(format: "%.1f%%", 100 * Double(t.converted) / Double(t.entered)) : "-"
                let holdout = row.holdout.map { h in
                    h.entered > 0 ? String(format: "holdout %d/%d (%.1f%%)", h.converted, h.entered, 100 * Double(h.converted) / Double(h.entered)) : "holdout empty"
                } ?? "no holdout"
                let money = Money(minorUnits: t.revenue, currency: attribution.currency)
                var line = "\(row.journeyID) v\(row.version)\(row.stepID.map { " step \($0)" } ?? ""): "
                line += "entered \(t.entered), sent \(t.sent), delivered \(t.delivered), opened \(t.opened), clicked \(t.clicked), "
                line += "converted \(t.converted) (\(rate)), revenue \(money); \(holdout)"
                if let uplift = row.uplift { line += "; uplift \(uplift.summary)" }
                if let r = row.incrementalRevenue {
                    func amount(_ minor: Double) -> Money { Money(minorUnits: Int64(minor.rounded()), currency: attribution.currency) }
                    line += "; incremental revenue \(amount(r.value)) (95% CI \(amount(r.lower)) to \(amount(r.upper)))"
                }
                print(line)
            }
        }
    }
}
