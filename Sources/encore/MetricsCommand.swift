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
            falls in the period. On SQLite it first brings the store's purchase histories up to date
            (the packed per-customer orders the figures are read from).
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The store (when the database has several).") var store: String?
    @OptionGroup var dates: PeriodOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let report = try await db.withStorage { storage in
            let target = try await resolveStore(storage, store)
            // Stale histories are read from the orders either way; packing them first makes this
            // read and the next ones fast (SQLite; nothing on PostgreSQL). The figures do not
            // depend on it, so a failure (say, another process holding the writer) is a warning.
            do {
                _ = try await storage.refreshPurchaseHistories(storeID: target.id)
            } catch {
                printError("warning: purchase histories not packed (\(error)); reading the orders instead")
            }
            return try await MetricsReport.read(storage: storage, store: target, period: try dates.period(of: target, defaultDays: 365))
                .report
        }
        print(json ? report.json() : report.text())
    }
}
