import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

/// `encore metrics [--store S] [--from DATE] [--to DATE] [--json]`: the store's figures of a
/// period, each with its sample size and 95% interval, and the monthly cohort matrix.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Retention, repeat rate, frequency, AOV, CLTV, returns, referrals, NPS, CSAT, reviews, support and cohorts.",
        discussion: """
            The period is [--from, --to) in the store's time zone (default: the 365 days up to and including
            today). Every figure has its sample size, and a 95% interval when it is a proportion or a mean;
            the formulas are in docs/METRICS.md. The cohort matrix covers the customers whose first order
            falls in the period.
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The store (when the database has several).") var store: String?
    @OptionGroup var dates: PeriodOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let report = try await db.withStorage { storage in
            let target = try await resolveStore(storage, store)
            return try await MetricsReport.read(storage: storage, store: target, period: try dates.period(of: target, defaultDays: 365))
                .report
        }
        print(json ? report.json() : report.text())
    }
}
