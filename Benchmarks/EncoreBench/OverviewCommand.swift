import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

/// `encore-bench overview --database URL --store NAME --from DATE --to DATE [--runs N]`: how long
/// the dashboard overview's reading takes (the period, the previous period and up to 12 steps
/// folded in one pass, then each step's feedback) beside `encore metrics`' reading of the same
/// period in the same process (its peer: the one-period fold), alternating, medians of N.
struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview", abstract: "Time the dashboard overview's reading beside the metrics report's.")
    @Option(help: "The database URL.") var database: String
    @Option(help: "The store's name.") var store: String
    @Option(help: "First day, YYYY-MM-DD.") var from: String
    @Option(help: "Day after the last, YYYY-MM-DD.") var to: String
    @Option(help: "Runs of each; medians are reported.") var runs: Int = 5

    func run() async throws {
        let db = try await BenchDatabase.open(database)
        guard let target = try await db.storage.store(named: store) else { throw ValidationError("no store named '\(store)'") }
        let zone = target.zone
        let period = try ReportPeriod.parse(from: from, to: to, defaultDays: 365, today: 0, zone: zone)
        var metricsTimes: [Double] = []
        var overviewTimes: [Double] = []
        var orders = 0
        var steps = 0
        for _ in 0..<max(1, runs) {
            var start = ContinuousClock.now
            let report = try await MetricsReport.read(storage: db.storage, store: target, period: period).report
            metricsTimes.append(seconds(since: start))
            start = ContinuousClock.now
            let overview = try await StoreOverview.read(storage: db.storage, store: target, period: period)
            overviewTimes.append(seconds(since: start))
            precondition(overview.report.purchases.orders == report.purchases.orders, "the overview's period differs from the report's")
            orders = report.purchases.orders
            steps = overview.buckets.count
        }
        try await db.storage.close()
        metricsTimes.sort()
        overviewTimes.sort()
        let m = metricsTimes[metricsTimes.count / 2]
        let o = overviewTimes[overviewTimes.count / 2]
        print(String(format: "%@ %@..%@: %d orders in the period, %d steps", store, period.fromText, period.toText, orders, steps))
        print(String(format: "metrics report (peer): median %.2f s (%@)", m, metricsTimes.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        print(String(format: "overview:              median %.2f s (%@)", o, overviewTimes.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        print(String(format: "ratio overview/metrics: %.2fx; max RSS %.0f MiB", o / m, RecommendationsCommand.peakRSSMiB()))
    }
}
