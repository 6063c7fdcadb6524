import EncoreCore
import Foundation

/// Formats a moment in a customer's time zone, in English, without locale data: the zone's
/// offset comes from `TimeZone`, the calendar arithmetic is done here, so the output is the
/// same on every machine.
///
/// Two styles: month first with a 12-hour clock ("March 3, 2026 at 2:05 PM") for US English
/// and when no locale is known, day first with a 24-hour clock ("3 March 2026 at 14:05")
/// for every other locale.
public struct LocalTimeFormatter: Sendable {
    /// Whether dates read month first with a 12-hour clock.
    public var monthFirst: Bool
    public var zone: TimeZone

    /// A formatter for `zone`; `locale` (a BCP 47 tag such as "en-GB" or "fr_FR") picks the style.
    public init(zone: TimeZone, locale: String? = nil) {
        self.zone = zone
        self.monthFirst = Self.isMonthFirst(locale)
    }

    static func isMonthFirst(_ locale: String?) -> Bool {
        guard let locale, !locale.isEmpty else { return true }
        let parts = locale.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.lowercased() }
        guard parts.first == "en" else { return false }
        let region = parts.dropFirst().first { $0.count == 2 }
        return region == nil || region == "us"
    }

    /// The local calendar fields of `time`.
    public func fields(_ time: Timestamp) -> LocalDateFields {
        let ms = time.millisecondsSinceEpoch
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let offset = Int64(zone.secondsFromGMT(for: time.date))
        let local = seconds + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4); 0 is Sunday.
        return LocalDateFields(
            year: year, month: month, day: day, weekday: weekday, hour: Int(secondOfDay / 3600),
            minute: Int(secondOfDay % 3600 / 60), second: Int(secondOfDay % 60), offsetSeconds: Int(offset))
    }

    /// "March 3, 2026 at 2:05 PM" or "3 March 2026 at 14:05".
    public func dateTime(_ time: Timestamp) -> String { "\(date(time)) at \(clock(time))" }

    /// "March 3, 2026" or "3 March 2026".
    public func date(_ time: Timestamp) -> String {
        let f = fields(time)
        let month = Self.months[f.month - 1]
        return monthFirst ? "\(month) \(f.day), \(f.year)" : "\(f.day) \(month) \(f.year)"
    }

    /// "Tuesday, March 3" or "Tuesday 3 March": for delivery estimates a few days away.
    public func day(_ time: Timestamp) -> String {
        let f = fields(time)
        let month = Self.months[f.month - 1]
        let weekday = Self.weekdays[f.weekday]
        return monthFirst ? "\(weekday), \(month) \(f.day)" : "\(weekday) \(f.day) \(month)"
    }

    /// "2:05 PM" or "14:05".
    public func clock(_ time: Timestamp) -> String {
        let f = fields(time)
        let minute = f.minute < 10 ? "0\(f.minute)" : "\(f.minute)"
        if !monthFirst { return "\(f.hour < 10 ? "0" : "")\(f.hour):\(minute)" }
        let hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12
        return "\(hour12):\(minute) \(f.hour < 12 ? "AM" : "PM")"
    }

    /// "Tuesday".
    public func weekday(_ time: Timestamp) -> String { Self.weekdays[fields(time).weekday] }

    /// ISO 8601 in local time with its offset: "2026-03-03T14:05:00-05:00".
    public func iso8601(_ time: Timestamp) -> String {
        let f = fields(time)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(f.year)
        while year.count < 4 { year = "0" + year }
        let sign = f.offsetSeconds < 0 ? "-" : "+"
        let offset = abs(f.offsetSeconds)
        let zoneText = f.offsetSeconds == 0 ? "Z" : "\(sign)\(two(offset / 3600)):\(two(offset % 3600 / 60))"
        return "\(year)-\(two(f.month))-\(two(f.day))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))\(zoneText)"
    }

    /// Year, month (1-12) and day of the proleptic Gregorian calendar for days since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
}

/// The calendar fields of a moment in one time zone.
public struct LocalDateFields: Hashable, Sendable {
    public var year: Int
    /// 1 (January) to 12.
    public var month: Int
    public var day: Int
    /// 0 (Sunday) to 6 (Saturday).
    public var weekday: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The zone's offset from UTC at that moment.
    public var offsetSeconds: Int
}
