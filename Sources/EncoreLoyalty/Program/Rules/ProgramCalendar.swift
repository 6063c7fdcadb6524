import EncoreCore

/// UTC calendar arithmetic on `Timestamp`s for caps, tier windows and expiry. Internal.
enum ProgramCalendar {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// Floor division remainder: always in 0..<divisor.
    static func floorMod(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    /// Days since 1970-01-01 of the UTC date containing `instant` (floor, also before 1970).
    static func day(of instant: Timestamp) -> Int64 {
        let ms = instant.millisecondsSinceEpoch
        return (ms - floorMod(ms, millisecondsPerDay)) / millisecondsPerDay
    }

    static func midnight(ofDay day: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: day * millisecondsPerDay)
    }

    static func midnight(year: Int, month: Int, day: Int) -> Timestamp {
        midnight(ofDay: Int64(ISO8601.daysFromCivil(year: year, month: month, day: day)))
    }

    /// `instant` plus whole days of 24 hours (UTC has no daylight saving).
    static func adding(days: Int64, to instant: Timestamp) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: instant.millisecondsSinceEpoch + days * millisecondsPerDay)
    }

    /// The same time of day `months` calendar months later (earlier when negative); a day that the
    /// target month lacks becomes its last day (31 March + 1 month is 30 April).
    static func adding(months: Int, to instant: Timestamp) -> Timestamp {
        let day = day(of: instant)
        let timeOfDay = instant.millisecondsSinceEpoch - day * millisecondsPerDay
        let date = ISO8601.civilFromDays(Int(day))
        let monthIndex = date.year * 12 + (date.month - 1) + months
        let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let month = monthIndex - year * 12 + 1
        let clamped = min(date.day, daysInMonth(year: year, month: month))
        let target = midnight(year: year, month: month, day: clamped)
        return Timestamp(millisecondsSinceEpoch: target.millisecondsSinceEpoch + timeOfDay)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
