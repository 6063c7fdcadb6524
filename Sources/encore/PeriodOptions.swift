import ArgumentParser
import EncoreCore
import EncoreServer
import Foundation

/// `--from DATE --to DATE`: a period of the store's days, `to` exclusive, as the reports read it
/// (`ReportPeriod`). The dates are checked before the database is opened; the store's today fills
/// in what is not given.
struct PeriodOptions: ParsableArguments {
    @Option(help: "First day of the period, YYYY-MM-DD.") var from: String?
    @Option(help: "Day after the period's last, YYYY-MM-DD (exclusive).") var to: String?

    func validate() throws {
        if let from, LocalDate(from) == nil { throw ValidationError("--from '\(from)' is not a YYYY-MM-DD date") }
        if let to, LocalDate(to) == nil { throw ValidationError("--to '\(to)' is not a YYYY-MM-DD date") }
        if let from, let to, let start = LocalDate(from), let end = LocalDate(to), end <= start {
            throw ValidationError("--to must be after --from")
        }
    }

    /// The period in `store`'s time zone; without dates, the `defaultDays` days up to and including today.
    func period(of store: Store, defaultDays: Int) throws -> ReportPeriod {
        try ReportPeriod.parse(
            from: from, to: to, defaultDays: defaultDays, today: LocalDay.of(SystemClock().now(), in: store.zone), zone: store.zone)
    }
}
