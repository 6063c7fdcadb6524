import Foundation

/// When a store's team works: open intervals per day of the week, in the store's time zone, and
/// holidays (local dates with no open time at all).
///
/// Always valid once built: the time zone is known, every interval lies within its day
/// (00:00...24:00, opening before closing), a day's intervals do not overlap, and at least one day
/// has open time, so every walk through business time ends. Encoded as
/// `{"time_zone": "Europe/Berlin", "hours": "mon-fri 09:00-17:00", "holidays": ["2025-12-25"]}`.
public struct BusinessHours: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A day of the week, as the compact form spells it.
    public enum Day: String, CaseIterable, Hashable, Sendable, Codable {
        case mon, tue, wed, thu, fri, sat, sun

        /// 0 for Monday ... 6 for Sunday.
        var index: Int { Day.allCases.firstIndex(of: self) ?? 0 }

        /// The day of the week of a date.
        public init(_ date: LocalDate) {
            // 1970-01-01 was a Thursday (index 3).
            let index = ((date.daysSinceEpoch + 3) % 7 + 7) % 7
            self = Day.allCases[Int(index)]
        }
    }

    /// One open interval of a day, in local minutes since midnight: `opens` ..< `closes`.
    public struct Interval: Hashable, Sendable, CustomStringConvertible {
        /// Minutes after local midnight, 0...1439.
        public let opens: Int
        /// Minutes after local midnight, 1...1440 (1440 is 24:00, the end of the day).
        public let closes: Int

        /// The interval, or an `InputError` (field "hours") when it is empty, reversed (overnight
        /// hours must be split at midnight) or outside 00:00...24:00.
        public init(opens: Int, closes: Int) throws {
            guard (0...1440).contains(opens), (0...1440).contains(closes) else {
                throw InputError(field: "hours", reason: "times must lie between 00:00 and 24:00")
            }
            guard opens < closes else {
                throw InputError(
                    field: "hours",
                    reason: "\(Interval.clock(opens))-\(Interval.clock(closes)) does not open before it closes"
                        + " (split overnight hours at midnight)")
            }
            self.opens = opens
            self.closes = closes
        }

        /// "09:00-17:00".
        public var description: String { "\(Interval.clock(opens))-\(Interval.clock(closes))" }

        /// "09:05" for 545.
        static func clock(_ minutes: Int) -> String {
            let h = minutes / 60, m = minutes % 60
            return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
        }
    }

    /// The IANA identifier of the store's time zone ("Europe/Berlin", "UTC").
    public let timeZoneIdentifier: String
    /// Local dates on which the store is closed all day.
    public let holidays: Set<LocalDate>
    /// Open intervals per day, Monday first, each day's sorted by opening time.
    let week: [[Interval]]
    let timeZone: TimeZone

    /// Business hours from intervals per day; days not given are closed.
    ///
    /// Throws an `InputError` for an unknown time zone (field "time_zone"), overlapping intervals
    /// on a day, or a week with no open time at all (field "hours").
    public init(timeZone identifier: String = "UTC", hours: [Day: [Interval]], holidays: Set<LocalDate> = []) throws {
        guard let zone = TimeZone(identifier: identifier) else {
            throw InputError(
                field: "time_zone", reason: "'\(identifier)' is not a known time zone (e.g. Europe/Berlin)")
        }
        var week: [[Interval]] = []
        for day in Day.allCases {
            let intervals = (hours[day] ?? []).sorted { ($0.opens, $0.closes) < ($1.opens, $1.closes) }
            for (a, b) in zip(intervals, intervals.dropFirst()) where b.opens < a.closes {
                throw InputError(field: "hours", reason: "\(a) and \(b) overlap on \(day.rawValue)")
            }
            week.append(intervals)
        }
        guard week.contains(where: { !$0.isEmpty }) else {
            throw InputError(field: "hours", reason: "there is no open time in the week")
        }
        self.init(checkedZone: zone, identifier: identifier, week: week, holidays: holidays)
    }

    init(checkedZone: TimeZone, identifier: String, week: [[Interval]], holidays: Set<LocalDate>) {
        self.timeZone = checkedZone
        self.timeZoneIdentifier = identifier
        self.week = week
        self.holidays = holidays
    }

    /// Monday to Friday, 09:00 to 17:00, UTC, no holidays.
    public static let `default`: BusinessHours = {
        let nineToFive = [Interval(uncheckedOpens: 540, closes: 1020)]
        return BusinessHours(
            checkedZone: TimeZone(identifier: "UTC") ?? TimeZone.gmt, identifier: "UTC",
            week: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, [], []], holidays: [])
    }()

    /// The open intervals of a day of the week, sorted (holidays aside).
    public func intervals(on day: Day) -> [Interval] { week[day.index] }

    /// The week in the compact form `parse` reads: consecutive days with the same hours are
    /// joined ("mon-fri 09:00-17:00; sat 10:00-14:00"); closed days are left out.
    public var description: String {
        var parts: [String] = []
        var start = 0
        while start < 7 {
            var end = start
            while end + 1 < 7 && week[end + 1] == week[start] { end += 1 }
            if !week[start].isEmpty {
                let days = Day.allCases[start].rawValue + (end > start ? "-" + Day.allCases[end].rawValue : "")
                parts.append(days + " " + week[start].map(\.description).joined(separator: ","))
            }
            start = end + 1
        }
        return parts.joined(separator: "; ")
    }

    /// Equal when the time zone identifier, the week and the holidays are.
    public static func == (lhs: BusinessHours, rhs: BusinessHours) -> Bool {
        lhs.timeZoneIdentifier == rhs.timeZoneIdentifier && lhs.week == rhs.week && lhs.holidays == rhs.holidays
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(timeZoneIdentifier)
        hasher.combine(week)
        hasher.combine(holidays)
    }

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone", hours, holidays
    }

    /// Decodes and validates the time zone, the compact hours and the holidays.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let zone = try container.decode(String.self, forKey: .timeZone)
        let hours = try container.decode(String.self, forKey: .hours)
        let holidays = try container.decodeIfPresent([LocalDate].self, forKey: .holidays) ?? []
        do {
            self = try BusinessHours.parse(hours, timeZone: zone, holidays: holidays.map(\.description))
        } catch let error as InputError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the time zone, the compact hours and the holidays in date order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeZoneIdentifier, forKey: .timeZone)
        try container.encode(description, forKey: .hours)
        try container.encode(holidays.sorted(), forKey: .holidays)
    }
}

extension BusinessHours.Interval {
    /// For constants known to be valid.
    init(uncheckedOpens opens: Int, closes: Int) {
        self.opens = opens
        self.closes = closes
    }
}
