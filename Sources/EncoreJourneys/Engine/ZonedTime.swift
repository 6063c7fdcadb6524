import EncoreCore
import Foundation

/// Wall-clock arithmetic in a customer's time zone, through Foundation's Gregorian calendar, so
/// waits and quiet hours stay right across daylight-saving changes.
enum ZonedTime {
    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Local minutes since midnight and Foundation weekday (1 = Sunday) of an instant.
    static func local(_ instant: Timestamp, in zone: TimeZone) -> (minutes: Int, weekday: Int) {
        let parts = calendar(zone).dateComponents([.hour, .minute, .weekday], from: instant.date)
        return ((parts.hour ?? 0) * 60 + (parts.minute ?? 0), parts.weekday ?? 1)
    }

    /// The instant of a local time on the day `offset` days after the local day of `instant`.
    /// A local time skipped by a daylight-saving jump moves forward by the jump (02:30 → 03:30).
    static func instant(of time: LocalTime, dayOffset offset: Int, from instant: Timestamp, in zone: TimeZone)
        -> Timestamp?
    {
        let calendar = calendar(zone)
        let start = calendar.startOfDay(for: instant.date)
        guard let day = calendar.date(byAdding: .day, value: offset, to: start) else { return nil }
        var parts = calendar.dateComponents([.year, .month, .day], from: day)
        parts.hour = time.hour
        parts.minute = time.minute
        parts.second = 0
        guard let date = calendar.date(from: parts) else { return nil }
        return Timestamp(date)
    }
}

extension JourneyDuration {
    /// When a wait of this duration that starts at `start` ends. Seconds, minutes and hours are
    /// elapsed time; days and weeks are calendar days in `zone`, keeping the wall-clock time (a
    /// 1d wait from 10:00 the day before a daylight-saving change ends at 10:00, 23 or 25 hours
    /// later).
    public func end(after start: Timestamp, in zone: TimeZone) -> Timestamp {
        switch unit {
        case .seconds, .minutes, .hours:
            return Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + elapsedMilliseconds)
        case .days, .weeks:
            let days = unit == .weeks ? value * 7 : value
            guard let date = ZonedTime.calendar(zone).date(byAdding: .day, value: days, to: start.date) else {
                return Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + elapsedMilliseconds)
            }
            return Timestamp(date)
        }
    }
}

extension LocalWindow {
    /// Whether `instant` falls inside the window in `zone` on an allowed weekday (every day when
    /// `weekdays` is empty). For a window past midnight, the weekday is the one it opened on.
    public func contains(_ instant: Timestamp, weekdays: [Weekday] = [], in zone: TimeZone) -> Bool {
        let (minutes, weekday) = ZonedTime.local(instant, in: zone)
        guard contains(minutesOfDay: minutes) else { return false }
        guard !weekdays.isEmpty else { return true }
        let openedOn = wrapsMidnight && minutes < to.minutesOfDay ? (weekday + 5) % 7 + 1 : weekday
        return weekdays.contains { $0.calendarWeekday == openedOn }
    }

    /// The first instant at or after `instant` inside the window on an allowed weekday: `instant`
    /// itself when already inside, else the next opening.
    public func nextStart(atOrAfter instant: Timestamp, weekdays: [Weekday] = [], in zone: TimeZone) -> Timestamp {
        if contains(instant, weekdays: weekdays, in: zone) { return instant }
        let allowed = Set((weekdays.isEmpty ? Weekday.allCases : weekdays).map(\.calendarWeekday))
        for offset in 0...8 {
            guard let opening = ZonedTime.instant(of: from, dayOffset: offset, from: instant, in: zone),
                opening >= instant
            else { continue }
            if allowed.contains(ZonedTime.local(opening, in: zone).weekday) { return opening }
        }
        return instant  // unreachable: some allowed weekday opens within 8 days
    }

    /// The first instant after `instant` at which the window closes (its `to` time) in `zone`.
    public func nextEnd(after instant: Timestamp, in zone: TimeZone) -> Timestamp {
        for offset in 0...2 {
            if let closing = ZonedTime.instant(of: to, dayOffset: offset, from: instant, in: zone), closing > instant {
                return closing
            }
        }
        return instant.adding(seconds: 86_400)
    }
}
