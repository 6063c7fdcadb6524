/// A time zone as the demo needs it: a standard offset and a daylight-saving rule.
///
/// Not a full tz database: the rules are the current ones (US since 2007, EU since 1996,
/// New South Wales since 2008), applied to every year. Good enough to place an order at
/// 8 pm local time, which is all the demo asks.
struct DemoTimeZone: Sendable {
    enum Rule: Sendable {
        case none
        /// Second Sunday of March to first Sunday of November, at 02:00 local time.
        case unitedStates
        /// Last Sunday of March to last Sunday of October, at 01:00 UTC.
        case europe
        /// First Sunday of October to first Sunday of April (southern hemisphere), at 02:00 standard time.
        case southEastAustralia
    }

    /// The IANA identifier, e.g. "Europe/Paris".
    let identifier: String
    /// Standard (winter) offset from UTC, seconds.
    let standardOffset: Int64
    let rule: Rule

    static let msPerDay: Int64 = 86_400_000
    static let msPerHour: Int64 = 3_600_000

    /// Offset from UTC in milliseconds at a UTC instant.
    func offset(atUTC utc: Int64) -> Int64 {
        let standard = standardOffset * 1000
        return isDaylightSaving(atUTC: utc) ? standard + DemoTimeZone.msPerHour : standard
    }

    /// The UTC instant of a local wall-clock time (in the gap or overlap of a transition the
    /// answer may be an hour off, which the demo tolerates).
    func utc(fromLocal local: Int64) -> Int64 {
        let guess = local - standardOffset * 1000
        return local - offset(atUTC: guess)
    }

    /// Milliseconds since the epoch of local midnight of the local day containing `utc`.
    func localMidnight(containing utc: Int64) -> Int64 {
        DemoTimeZone.floorDay(utc + offset(atUTC: utc)) * DemoTimeZone.msPerDay
    }

    func isDaylightSaving(atUTC utc: Int64) -> Bool {
        let hour = DemoTimeZone.msPerHour
        let standard = standardOffset * 1000
        switch rule {
        case .none:
            return false
        case .unitedStates:
            let year = DemoTimeZone.year(ofDay: DemoTimeZone.floorDay(utc + standard))
            let start = Int64(DemoTimeZone.nthSunday(year: year, month: 3, n: 2)) * DemoTimeZone.msPerDay
                + 2 * hour - standard
            let end = Int64(DemoTimeZone.nthSunday(year: year, month: 11, n: 1)) * DemoTimeZone.msPerDay
                + 1 * hour - standard
            return utc >= start && utc < end
        case .europe:
            let year = DemoTimeZone.year(ofDay: DemoTimeZone.floorDay(utc))
            let start = Int64(DemoTimeZone.lastSunday(year: year, month: 3)) * DemoTimeZone.msPerDay + hour
            let end = Int64(DemoTimeZone.lastSunday(year: year, month: 10)) * DemoTimeZone.msPerDay + hour
            return utc >= start && utc < end
        case .southEastAustralia:
            let year = DemoTimeZone.year(ofDay: DemoTimeZone.floorDay(utc + standard))
            let end = Int64(DemoTimeZone.nthSunday(year: year, month: 4, n: 1)) * DemoTimeZone.msPerDay
                + 2 * hour - standard
            let start = Int64(DemoTimeZone.nthSunday(year: year, month: 10, n: 1)) * DemoTimeZone.msPerDay
                + 2 * hour - standard
            return utc < end || utc >= start
        }
    }

    /// Days since the epoch of the day containing `ms` (floor division).
    static func floorDay(_ ms: Int64) -> Int64 {
        ms >= 0 ? ms / msPerDay : (ms - msPerDay + 1) / msPerDay
    }

    /// Day of the week of a day count, 0 = Sunday (1970-01-01 was a Thursday).
    static func weekday(ofDay day: Int64) -> Int {
        Int(((day % 7) + 11) % 7)
    }

    static func year(ofDay day: Int64) -> Int {
        ISO8601.civilFromDays(Int(day)).year
    }

    static func nthSunday(year: Int, month: Int, n: Int) -> Int {
        let first = ISO8601.daysFromCivil(year: year, month: month, day: 1)
        let weekday = weekday(ofDay: Int64(first))
        return first + (7 - weekday) % 7 + 7 * (n - 1)
    }

    static func lastSunday(year: Int, month: Int) -> Int {
        let next = month == 12
            ? ISO8601.daysFromCivil(year: year + 1, month: 1, day: 1)
            : ISO8601.daysFromCivil(year: year, month: month + 1, day: 1)
        let last = next - 1
        return last - weekday(ofDay: Int64(last))
    }
}
