import EncoreCore
import Foundation

/// A period of a store's calendar days, `[fromDay, toDay)` in its time zone, as every report
/// and dashboard page reads it: the instants `[start, end)`, the period of the same length just
/// before it, and its division into buckets for sparklines and trends.
public struct ReportPeriod: Sendable, Hashable {
    /// The first day (days since 1970-01-01 of the local calendar).
    public let fromDay: Int
    /// The day after the last (exclusive); always after `fromDay`.
    public let toDay: Int
    public let zone: TimeZone

    /// A period of at least one day (`toDay > fromDay`).
    public init(fromDay: Int, toDay: Int, zone: TimeZone) {
        precondition(toDay > fromDay, "a period has at least one day")
        self.fromDay = fromDay
        self.toDay = toDay
        self.zone = zone
    }

    /// Reads `from` and `to` (YYYY-MM-DD, `to` exclusive) as a user gives them: either may be
    /// missing (`to` then means tomorrow, `from` `defaultDays` before `to`). Throws an
    /// `InputError` naming `from` or `to` for a date that is not one or a period without days.
    public static func parse(
        from: String?, to: String?, defaultDays: Int, today: Int, zone: TimeZone
    ) throws(InputError) -> ReportPeriod {
        func day(_ text: String?, _ field: String) throws(InputError) -> Int? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = LocalDate(text) else { throw InputError(field: field, reason: "'\(text)' is not a YYYY-MM-DD date") }
            return Int(date.daysSinceEpoch)
        }
        let toDay = try day(to, "to") ?? today + 1
        let fromDay = try day(from, "from") ?? toDay - defaultDays
        guard toDay > fromDay else { throw InputError(field: "to", reason: "must be after from") }
        return ReportPeriod(fromDay: fromDay, toDay: toDay, zone: zone)
    }

    /// The number of days.
    public var days: Int { toDay - fromDay }
    /// The first instant of the period.
    public var start: Timestamp { LocalDay.start(of: fromDay, in: zone) }
    /// The first instant after the period.
    public var end: Timestamp { LocalDay.start(of: toDay, in: zone) }
    /// The first day as YYYY-MM-DD.
    public var fromText: String { LocalDate(daysSinceEpoch: Int64(fromDay)).description }
    /// The day after the last as YYYY-MM-DD.
    public var toText: String { LocalDate(daysSinceEpoch: Int64(toDay)).description }
    /// The last day as YYYY-MM-DD.
    public var lastDayText: String { LocalDate(daysSinceEpoch: Int64(toDay - 1)).description }
    /// The period of the same number of days that ends where this one starts.
    public var previous: ReportPeriod { ReportPeriod(fromDay: fromDay - days, toDay: fromDay, zone: zone) }
    /// The period as local day numbers for a purchase fold.
    public var dayRange: Range<Int32> { Int32(fromDay)..<Int32(toDay) }

    /// The period cut into at most `most` consecutive buckets of whole days, all of the same
    /// length except the last, which may be shorter; together exactly the period.
    public func buckets(most: Int) -> [ReportPeriod] {
        let length = max(1, (days + most - 1) / max(1, most))
        return stride(from: fromDay, to: toDay, by: length).map {
            ReportPeriod(fromDay: $0, toDay: min($0 + length, toDay), zone: zone)
        }
    }
}
