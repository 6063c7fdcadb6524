extension BusinessHours {
    /// Reads the compact form: entries separated by ";", each a set of days and the intervals of
    /// each of those days, e.g. "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00; sun closed".
    ///
    /// Days are "mon"..."sun" or full names, case-insensitive, as a list ("mon,wed"), a range
    /// ("mon-fri", which may wrap: "fri-mon") or both; times are "H:MM" or "HH:MM", with "24:00" as
    /// the end of the day; "closed" gives a day no hours. Days not named are closed. Holidays are
    /// "yyyy-MM-dd" local dates. Every problem throws an `InputError` (field "hours", "time_zone"
    /// or "holidays") that quotes the offending part: an unknown day or malformed time, a day given
    /// twice, overlapping or reversed intervals, no open time at all, an unknown time zone, an
    /// impossible date.
    public static func parse(_ text: String, timeZone: String = "UTC", holidays: [String] = []) throws
        -> BusinessHours
    {
        var hours: [Day: [Interval]] = [:]
        var seen: Set<Day> = []
        for entry in text.split(separator: ";").map(trim) where !entry.isEmpty {
            let (daysText, intervalsText) = splitAtFirstSpace(entry)
            guard !intervalsText.isEmpty else {
                throw InputError(field: "hours", reason: "'\(entry)' gives no hours (e.g. 'mon-fri 09:00-17:00')")
            }
            let days = try parseDays(daysText)
            let intervals = try parseIntervals(intervalsText)
            for day in days {
                guard seen.insert(day).inserted else {
                    throw InputError(field: "hours", reason: "\(day.rawValue) is given more than once")
                }
                hours[day] = intervals
            }
        }
        guard !seen.isEmpty else {
            throw InputError(field: "hours", reason: "no opening hours given (e.g. 'mon-fri 09:00-17:00')")
        }
        var dates: Set<LocalDate> = []
        for holiday in holidays {
            guard let date = LocalDate(trim(holiday)) else {
                throw InputError(field: "holidays", reason: "'\(holiday)' is not a date (yyyy-MM-dd)")
            }
            dates.insert(date)
        }
        return try BusinessHours(timeZone: timeZone, hours: hours, holidays: dates)
    }

    static func trim(_ s: Substring) -> String { FreeText.trimmed(String(s)) }
    static func trim(_ s: String) -> String { FreeText.trimmed(s) }

    static func splitAtFirstSpace(_ entry: String) -> (String, String) {
        guard let space = entry.firstIndex(where: \.isWhitespace) else { return (entry, "") }
        return (String(entry[..<space]), trim(entry[space...]))
    }

    static func parseDays(_ text: String) throws -> [Day] {
        var days: [Day] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(trim) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map(trim)
            guard ends.count <= 2, let first = day(ends[0]), let last = day(ends[ends.count - 1]) else {
                throw InputError(
                    field: "hours",
                    reason: "'\(part)' is not a day or range of days (use mon, tue, wed, thu, fri, sat, sun)")
            }
            var index = first.index
            while true {
                days.append(Day.allCases[index])
                if index == last.index { break }
                index = (index + 1) % 7
            }
        }
        return days
    }

    static func day(_ text: String) -> Day? {
        let lower = text.lowercased()
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if let index = full.firstIndex(of: lower) { return Day.allCases[index] }
        return Day(rawValue: lower)
    }

    static func parseIntervals(_ text: String) throws -> [Interval] {
        if text.lowercased() == "closed" { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map(trim).map { part in
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map(trim)
            guard ends.count == 2, let opens = minutes(ends[0]), let closes = minutes(ends[1]) else {
                throw InputError(field: "hours", reason: "'\(part)' is not a time range like 09:00-17:00")
            }
            return try Interval(opens: opens, closes: closes)
        }
    }

    /// "9:30" or "09:30" as minutes after midnight; 24:00 allowed, nothing later.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let h = Int(parts[0]), let m = Int(parts[1]), m < 60, h < 24 || (h == 24 && m == 0)
        else { return nil }
        return h * 60 + m
    }
}

extension BusinessHours {
    /// The store's support hours: its `business_hours` setting in its time zone, Monday to
    /// Friday 09:00-17:00 when it has none, `default` when the setting does not parse.
    public static func of(_ store: Store) -> BusinessHours {
        (try? parse(store.settings.businessHours ?? "mon-fri 09:00-17:00", timeZone: store.timeZone)) ?? .default
    }
}
