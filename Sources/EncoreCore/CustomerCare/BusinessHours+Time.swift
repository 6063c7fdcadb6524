import Foundation

/// Counting business time: only open intervals count; nights, closed days and holidays do not.
///
/// Intervals are local wall-clock times, turned into instants day by day, so a day that gains or
/// loses an hour to daylight saving counts the time that really elapsed (00:00-24:00 is 23 or 25
/// hours then). A local time the clocks skip means the instant they jumped; a local time that
/// happens twice means its first occurrence.
extension BusinessHours {
    static let msPerDay: Int64 = 86_400_000
    /// 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999Z: instants outside are clamped into it.
    static let supported: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999
    /// The most days a walk looks ahead (about 400 years).
    static let horizonDays: Int64 = 146_097

    /// The instant `seconds` of open time after `start`.
    ///
    /// Starting inside an interval counts from `start`; starting outside waits for the next
    /// opening. An amount that ends exactly at a closing time answers that closing time, not the
    /// next opening. Zero or negative amounts answer `start` unchanged. An amount that needs more
    /// than about 400 years of calendar answers the end of that span.
    public func addingBusinessTime(_ seconds: Int64, to start: Timestamp) -> Timestamp {
        guard seconds > 0 else { return start }
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        var remaining = overflow ? Int64.max : product
        var cursor = Self.clamp(start.millisecondsSinceEpoch)
        let first = localDay(of: cursor) - 1
        for day in first...(first + Self.horizonDays) {
            for span in openSpans(onDay: day) where span.upperBound > cursor {
                let from = max(span.lowerBound, cursor)
                let available = span.upperBound - from
                if remaining <= available { return Timestamp(millisecondsSinceEpoch: from + remaining) }
                remaining -= available
                cursor = span.upperBound
            }
        }
        return Timestamp(millisecondsSinceEpoch: instant(day: first + Self.horizonDays + 1, minute: 0))
    }

    /// Whole seconds of open time between `from` and `to`; 0 when `to` is not after `from`.
    /// Takes time linear in the number of days between them.
    public func businessSeconds(from: Timestamp, to: Timestamp) -> Int64 {
        businessMilliseconds(from: from, to: to) / 1000
    }

    /// Milliseconds of open time in `from ..< to`; 0 when `to` is not after `from`.
    func businessMilliseconds(from: Timestamp, to: Timestamp) -> Int64 {
        let start = Self.clamp(from.millisecondsSinceEpoch), end = Self.clamp(to.millisecondsSinceEpoch)
        guard end > start else { return 0 }
        var total: Int64 = 0
        for day in (localDay(of: start) - 1)...(localDay(of: end)) {
            for span in openSpans(onDay: day) {
                let overlap = min(span.upperBound, end) - max(span.lowerBound, start)
                if overlap > 0 { total += overlap }
            }
        }
        return total
    }

    /// Whether `instant` falls inside an open interval (holidays are closed).
    public func isOpen(at instant: Timestamp) -> Bool {
        let ms = Self.clamp(instant.millisecondsSinceEpoch)
        return openSpans(onDay: localDay(of: ms)).contains { $0.contains(ms) }
            || openSpans(onDay: localDay(of: ms) - 1).contains { $0.contains(ms) }
    }

    /// The open intervals of a local day (days since 1970-01-01) as UTC milliseconds.
    func openSpans(onDay day: Int64) -> [Range<Int64>] {
        let date = LocalDate(daysSinceEpoch: day)
        let intervals = week[Day(date).index]
        guard !intervals.isEmpty, !holidays.contains(date) else { return [] }
        return intervals.compactMap { interval in
            let opens = instant(day: day, minute: interval.opens)
            let closes = instant(day: day, minute: interval.closes)
            return opens < closes ? opens..<closes : nil
        }
    }

    /// The local day (days since 1970-01-01) containing a UTC instant.
    func localDay(of ms: Int64) -> Int64 {
        let local = ms + offset(at: ms)
        return local >= 0 ? local / Self.msPerDay : -((-local - 1) / Self.msPerDay) - 1
    }

    /// The UTC instant of a local wall-clock time (see the type's notes on skipped and repeated times).
    func instant(day: Int64, minute: Int) -> Int64 {
        let local = day * Self.msPerDay + Int64(minute) * 60_000
        let before = offset(at: local - Self.msPerDay), after = offset(at: local + Self.msPerDay)
        let valid = [local - before, local - after].filter { offset(at: $0) == local - $0 }
        if let first = valid.min() { return first }
        // Skipped: the clocks jumped somewhere in (local - after, local - before]; find when.
        var low = (local - after) / 1000, high = (local - before) / 1000
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle * 1000) == before { low = middle } else { high = middle }
        }
        return high * 1000
    }

    /// The time zone's offset from UTC at a UTC instant, milliseconds.
    func offset(at ms: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
    }

    static func clamp(_ ms: Int64) -> Int64 { min(max(ms, supported.lowerBound), supported.upperBound) }
}
