import EncoreCore

/// The calendar period a cap counts over, in UTC: a day, an ISO week (Monday to Sunday), a month
/// or a year.
public enum CapPeriod: String, CaseIterable, Hashable, Sendable, Codable {
    /// A UTC day; an ISO week from Monday; a calendar month; a calendar year.
    case day, week, month, year

    /// Midnight UTC at the start of the period that contains `instant` (a Monday for weeks, the
    /// 1st for months, 1 January for years).
    public func start(containing instant: Timestamp) -> Timestamp {
        let days = ProgramCalendar.day(of: instant)
        switch self {
        case .day:
            return ProgramCalendar.midnight(ofDay: days)
        case .week:
            // 1970-01-01 was a Thursday: Monday is 3 days before it.
            let sinceMonday = ProgramCalendar.floorMod(days + 3, 7)
            return ProgramCalendar.midnight(ofDay: days - sinceMonday)
        case .month:
            let date = ISO8601.civilFromDays(Int(days))
            return ProgramCalendar.midnight(year: date.year, month: date.month, day: 1)
        case .year:
            let date = ISO8601.civilFromDays(Int(days))
            return ProgramCalendar.midnight(year: date.year, month: 1, day: 1)
        }
    }

    /// The start of the next period: the end (exclusive) of the one containing `instant`.
    public func end(containing instant: Timestamp) -> Timestamp {
        let start = start(containing: instant)
        switch self {
        case .day: return ProgramCalendar.adding(days: 1, to: start)
        case .week: return ProgramCalendar.adding(days: 7, to: start)
        case .month: return ProgramCalendar.adding(months: 1, to: start)
        case .year: return ProgramCalendar.adding(months: 12, to: start)
        }
    }
}
